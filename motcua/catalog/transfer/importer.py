"""The import and the export of the catalogue and its internal processes.

`catalog_import` checks a `ParsedCatalog` against the database (units, abolished procedures,
effective dates, legal limits) and, unless it is a dry run or anything is wrong, applies it in
one transaction through the catalogue and workflow services. Idempotent by code: content equal
to a published version is left alone, so export followed by import changes nothing.

This module holds `catalog_import`, its report and the writes; the checks are planning's and
the export is export's, their public names re-exported here where callers import them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog import policies
from motcua.catalog import services as catalog_services
from motcua.catalog.models import Procedure
from motcua.catalog.transfer import planning
from motcua.catalog.transfer import processes as workflow
from motcua.catalog.transfer.export import catalog_export_items
from motcua.catalog.transfer.items import Issue, ParsedCatalog
from motcua.catalog.transfer.planning import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ProcedurePlan,
    ProcessPlan,
    number_text,
    process_content_of,
)
from motcua.core.errors import DomainError, PermissionDeniedError

# The admin, the commands, jsonfile and bench/ import these from here (planning and export
# were split off this module).
__all__ = [
    "CREATED",
    "UNCHANGED",
    "UPDATED",
    "Counts",
    "ImportReport",
    "catalog_export_items",
    "catalog_import",
    "number_text",
    "process_content_of",
    "report_summary",
]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, action: str) -> None:
        setattr(self, action, getattr(self, action) + 1)


@dataclass
class ImportReport:
    """What an import did, or in a dry run would do; nothing is written when `issues` is set."""

    dry_run: bool
    issues: list[Issue] = field(default_factory=list)
    procedures: Counts = field(default_factory=Counts)
    processes: Counts = field(default_factory=Counts)

    @property
    def ok(self) -> bool:
        return not self.issues


def report_summary(report: ImportReport) -> str:
    """Return the counts of an import (or of a dry run: what it would do) in two sentences."""

    def counts(counted: Counts) -> dict[str, int]:
        return {
            "created": counted.created,
            "updated": counted.updated,
            "unchanged": counted.unchanged,
        }

    procedures = _(
        "Procedures: %(created)s new, %(updated)s with a new version, %(unchanged)s unchanged."
    ) % counts(report.procedures)
    processes = _(
        "Processes: %(created)s new, %(updated)s with a new version, %(unchanged)s unchanged."
    ) % counts(report.processes)
    return f"{procedures} {processes}"


class _RefusedError(Exception):
    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def catalog_import(
    *,
    parsed: ParsedCatalog,
    actor: User | None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check a parsed file against the catalogue and, unless `dry_run`, import it.

    Every problem is reported with its location and nothing is written when there is any.
    A procedure whose content equals a published version (the one in force, or the latest) is
    unchanged; otherwise a draft is saved (replacing any draft) and published from the
    decision's effective date. Processes likewise, from the later of the procedure's start and
    the current process's. One transaction: a refusal by a service rolls back everything.
    `progress` is called with 1 per procedure and per process applied.
    """
    if actor is not None and not policies.can_maintain_catalog(actor):
        raise PermissionDeniedError(_("You are not allowed to change the catalogue."))
    report = ImportReport(dry_run=dry_run, issues=list(parsed.issues))
    procedures, processes = planning.plan(parsed, report.issues)
    for plan in procedures:
        report.procedures.add(plan.action)
    for process in processes:
        report.processes.add(process.action)
    if report.issues or dry_run:
        return report
    try:
        with transaction.atomic():
            _apply(procedures, processes, actor, progress or (lambda _n: None))
    except _RefusedError as refusal:
        report.issues.append(refusal.issue)
    return report


def _apply(
    procedures: list[ProcedurePlan],
    processes: list[ProcessPlan],
    actor: User | None,
    progress: Callable[[int], None],
) -> None:
    saved: dict[str, Procedure] = {}
    for plan in procedures:
        if plan.action != UNCHANGED:
            try:
                draft = catalog_services.procedure_draft_save(
                    actor=actor, code=plan.parsed.code, content=plan.content
                )
                catalog_services.procedure_version_publish(
                    actor=actor, version=draft, effective_from=plan.start, content=plan.content
                )
            except DomainError as exc:
                raise _RefusedError(Issue(plan.parsed.at.at("code"), str(exc))) from exc
            saved[plan.parsed.code] = draft.procedure
        progress(1)
    for process in processes:
        if process.action != UNCHANGED:
            procedure = saved.get(process.code) or Procedure.objects.get(code=process.code)
            content = process.parsed.content
            try:
                draft_process = workflow.process_draft_save(
                    actor=actor,
                    procedure=procedure,
                    receiving_unit=process.receiving_unit,
                    steps=list(content.steps),
                    decision=content.decision,
                    note=content.note,
                )
                workflow.process_publish(
                    actor=actor, process=draft_process, effective_from=process.effective_from
                )
            except DomainError as exc:
                raise _RefusedError(
                    Issue(process.parsed.at.at("receiving_unit"), str(exc))
                ) from exc
        progress(1)
