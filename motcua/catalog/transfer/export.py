"""The export of the catalogue: what a workbook or JSON file written today holds.

`catalog_export_items` picks, for every procedure not abolished, the version in force (or the
next one) and the processes in force at each receiving unit, as plain CatalogItems that the
workbook and JSON writers turn into files the import reads back unchanged.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch

from motcua.catalog.content import content_of
from motcua.catalog.models import ProcedureVersion, VersionStatus
from motcua.catalog.transfer import planning
from motcua.catalog.transfer.items import CatalogItem
from motcua.catalog.transfer.processes import ProcessDefinition, Step
from motcua.core.time import today


def catalog_export_items(*, on: date | None = None) -> list[CatalogItem]:
    """Return every procedure not abolished on `on` (default today) with its processes.

    The content is the version in force on the day, or the next one when none is in force yet;
    the processes are those in force at each receiving unit (likewise). By code.
    """
    day = on or today()
    versions: dict[int, list[ProcedureVersion]] = {}
    for version in (
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("procedure", "field")
        .prefetch_related("documents", "terms")
    ):
        abolished = version.procedure.abolished_from
        if abolished is None or abolished > day:
            versions.setdefault(version.procedure_id, []).append(version)
    processes: dict[int, dict[str, list[ProcessDefinition]]] = {}
    for process in (
        ProcessDefinition.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("receiving_unit")
        .prefetch_related(Prefetch("steps", queryset=Step.objects.select_related("actor_unit")))
    ):
        by_unit = processes.setdefault(process.procedure_id, {})
        by_unit.setdefault(process.receiving_unit.identifier, []).append(process)
    items = []
    for procedure_id, published in versions.items():
        in_force, latest = planning.current(published, day)
        shown = in_force or latest
        assert shown is not None  # noqa: S101 -- `published` is never empty
        chosen = []
        for identifier in sorted(processes.get(procedure_id, {})):
            current, next_one = planning.current(processes[procedure_id][identifier], day)
            shown_process = current or next_one
            assert shown_process is not None  # noqa: S101 -- every list here has a process
            chosen.append(planning.process_content_of(shown_process))
        items.append(CatalogItem(shown.procedure.code, content_of(shown), tuple(chosen)))
    return sorted(items, key=lambda item: item.code)
