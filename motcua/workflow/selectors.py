"""Reads of internal processes: the version in force at a receiving unit on a day."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from motcua.accounts.models import OrgUnit
from motcua.catalog.models import Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.selectors import procedure_list_in_force
from motcua.core.time import today
from motcua.workflow.models import ProcessDefinition


def process_in_force(
    *, procedure: Procedure, receiving_unit: OrgUnit, on: date | None = None
) -> ProcessDefinition | None:
    """Return the published process of `procedure` at `receiving_unit` in force on `on`."""
    return (
        ProcessDefinition.objects.filter(
            procedure=procedure,
            receiving_unit=receiving_unit,
            status=VersionStatus.PUBLISHED,
            effective_from__lte=on or today(),
        )
        .order_by("-effective_from", "-number")
        .first()
    )


def process_list_in_force(
    *, procedure: Procedure, on: date | None = None
) -> list[ProcessDefinition]:
    """Return the process of `procedure` in force on `on` at each receiving unit, with steps."""
    day = on or today()
    processes: QuerySet[ProcessDefinition] = (
        ProcessDefinition.objects.filter(
            procedure=procedure, status=VersionStatus.PUBLISHED, effective_from__lte=day
        )
        .select_related("receiving_unit")
        .prefetch_related("steps__actor_unit")
        .order_by("receiving_unit__path", "-effective_from", "-number")
    )
    latest: dict[int, ProcessDefinition] = {}
    for process in processes:
        latest.setdefault(process.receiving_unit_id, process)
    return list(latest.values())


def procedure_list_with_process(
    *, receiving_unit: OrgUnit, on: date | None = None
) -> QuerySet[ProcedureVersion]:
    """Return the versions in force on `on` of the procedures that have a published process in
    force at `receiving_unit`: what its counter can receive (a dossier pins that process)."""
    day = on or today()
    with_process = ProcessDefinition.objects.filter(
        procedure=OuterRef("procedure"),
        receiving_unit=receiving_unit,
        status=VersionStatus.PUBLISHED,
        effective_from__lte=day,
    )
    return (
        procedure_list_in_force(on=day)
        .filter(Exists(with_process))
        .select_related("procedure")
        .order_by("name", "procedure__code")
    )
