"""The demo internal processes of Cao Bằng: the real processes of the demo catalogue file.

Each process of motcua/catalog/demo/catalog.json lists the receiving units it applies to; a
step's unit is an identifier or a placeholder: "@receiving_unit" (the centre that receives the
dossier) or "@commune" (the commune committee that centre belongs to). Loading goes through the
workflow services like any other write.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction

from motcua.accounts.models import OrgUnit
from motcua.catalog.demo import demo_catalog
from motcua.catalog.models import Procedure, VersionStatus
from motcua.catalog.selectors import procedure_version_in_force
from motcua.workflow.models import ProcessDefinition
from motcua.workflow.services import StepContent, process_draft_save, process_publish

RECEIVING_UNIT = "@receiving_unit"
COMMUNE = "@commune"


@dataclass(frozen=True)
class DemoProcess:
    procedure: str  # national code
    receiving_unit: str  # identifier
    decision: str
    note: str
    effective_from: date
    steps: tuple[StepContent, ...]


def demo_processes() -> list[DemoProcess]:
    """Return every demo process at every receiving unit, with the placeholders resolved."""
    entries = demo_catalog()["processes"]
    identifiers = {unit for entry in entries for unit in entry["receiving_units"]}
    parents = dict(
        OrgUnit.objects.filter(identifier__in=identifiers).values_list(
            "identifier", "parent__identifier"
        )
    )
    processes = []
    for entry in entries:
        template = [
            StepContent(**{**step, "allotted_value": Decimal(step["allotted_value"])})
            for step in entry["steps"]
        ]
        for unit in entry["receiving_units"]:
            resolved = {RECEIVING_UNIT: unit, COMMUNE: parents.get(unit) or ""}
            processes.append(
                DemoProcess(
                    procedure=entry["procedure"],
                    receiving_unit=unit,
                    decision=entry["decision"],
                    note=entry["note"],
                    effective_from=date.fromisoformat(entry["effective_from"]),
                    steps=tuple(
                        replace(step, actor_unit=resolved.get(step.actor_unit, step.actor_unit))
                        for step in template
                    ),
                )
            )
    return processes


def _steps_of(process: ProcessDefinition) -> tuple[StepContent, ...]:
    return tuple(
        StepContent(
            position=step.position,
            actor_unit=step.actor_unit.identifier,
            actor_role=step.actor_role,
            task=step.task,
            allotted_value=step.allotted_value,
            allotted_unit=step.allotted_unit,
            kind=step.kind,
            joint_mode=step.joint_mode,
            is_lead=step.is_lead,
        )
        for step in process.steps.all()
    )


def _procedures(items: list[DemoProcess]) -> dict[str, Procedure]:
    codes = {item.procedure for item in items}
    return {procedure.code: procedure for procedure in Procedure.objects.filter(code__in=codes)}


def demo_processes_kept_as_drafts() -> dict[str, str]:
    """Return the demo processes `load_demo_processes` keeps as drafts: procedure code -> reason.

    A process can only be in force with its procedure (domain.md §4: the steps are checked
    against the procedure's legal limit), so the process of a procedure that stays a draft is
    loaded as a draft process, ready to publish once the procedure is complete; a process whose
    procedure is not in the catalogue at all is not loaded.
    """
    items = demo_processes()
    procedures = _procedures(items)
    reasons: dict[str, str] = {}
    for item in items:
        procedure = procedures.get(item.procedure)
        if procedure is None:
            reasons[item.procedure] = "the procedure is not in the catalogue: not loaded"
        elif procedure_version_in_force(procedure=procedure, on=item.effective_from) is None:
            reasons[item.procedure] = (
                f"the procedure has no published version on {item.effective_from.isoformat()}"
            )
    return reasons


class DemoLoad(NamedTuple):
    published: int
    drafted: int
    unchanged: int


@transaction.atomic
def load_demo_processes() -> DemoLoad:
    """Load the demo processes (after the demo catalogue): how many published, drafted, unchanged.

    Each process is published from its effective date when its procedure has a version in force
    then, and saved as a draft otherwise (`demo_processes_kept_as_drafts` says which). A process
    that cannot be published for another reason (e.g. its steps exceed the legal limit) raises:
    the data must be fixed, not the check. Running it again changes nothing.
    """
    items = demo_processes()
    procedures = _procedures(items)
    units = {
        unit.identifier: unit
        for unit in OrgUnit.objects.filter(identifier__in={item.receiving_unit for item in items})
    }
    latest: dict[tuple[int, int], ProcessDefinition] = {}
    for process in (
        ProcessDefinition.objects.filter(procedure__in=procedures.values())
        .prefetch_related("steps__actor_unit")
        .order_by("number")
    ):
        latest[(process.procedure_id, process.receiving_unit_id)] = process  # highest wins
    in_force: dict[tuple[str, date], bool] = {}
    published = drafted = unchanged = 0
    for item in items:
        procedure = procedures.get(item.procedure)
        if procedure is None:
            continue
        key = (item.procedure, item.effective_from)
        if key not in in_force:
            version = procedure_version_in_force(procedure=procedure, on=item.effective_from)
            in_force[key] = version is not None
        wanted = VersionStatus.PUBLISHED if in_force[key] else VersionStatus.DRAFT
        unit = units[item.receiving_unit]
        current = latest.get((procedure.pk, unit.pk))
        if (
            current is not None
            and current.status == wanted
            and (current.decision, current.note) == (item.decision, item.note)
            and _steps_of(current) == item.steps
        ):
            unchanged += 1
            continue
        draft = process_draft_save(
            actor=None,
            procedure=procedure,
            receiving_unit=unit,
            steps=list(item.steps),
            decision=item.decision,
            note=item.note,
        )
        if wanted == VersionStatus.PUBLISHED:
            process_publish(actor=None, process=draft, effective_from=item.effective_from)
            published += 1
        else:
            drafted += 1
    return DemoLoad(published, drafted, unchanged)
