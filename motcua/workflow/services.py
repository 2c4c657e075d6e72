"""Every write to internal processes: drafts and publication (style.md: services for writes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import OrgUnit, Role, User
from motcua.catalog import policies
from motcua.catalog.models import LimitUnit, Procedure, VersionStatus, next_version_number
from motcua.catalog.selectors import procedure_version_in_force
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.core.text import sentence
from motcua.deadlines.calendar import OfficeHours
from motcua.workflow import engine
from motcua.workflow.models import AllotmentUnit, JointMode, ProcessDefinition, Step, StepKind


class ProcessError(DomainError):
    """A process cannot be saved or published as asked."""


@dataclass(frozen=True)
class StepContent:
    position: int
    actor_unit: str  # the unit's identifier
    actor_role: str
    task: str
    allotted_value: Decimal
    allotted_unit: str = AllotmentUnit.WORKING_HOURS
    kind: str = StepKind.STANDARD
    joint_mode: str = ""
    is_lead: bool = False


def _check(actor: User | None) -> None:
    if actor is not None and not policies.can_maintain_catalog(actor):
        raise PermissionDeniedError(_("You are not allowed to change internal processes."))


def _step_problems(position: int, step: StepContent, units: dict[str, OrgUnit]) -> list[str]:
    problems = []
    if step.actor_unit not in units:
        problems.append(
            _("step %(position)s: no unit has the identifier %(unit)s")
            % {"position": position, "unit": step.actor_unit}
        )
    if step.actor_role not in Role.values:
        problems.append(
            _("step %(position)s: %(role)s is not a role")
            % {"position": position, "role": step.actor_role}
        )
    if step.allotted_value < 0:
        problems.append(
            _("step %(position)s: the allotted time cannot be negative") % {"position": position}
        )
    if step.allotted_unit not in AllotmentUnit.values:
        problems.append(
            _("step %(position)s: the allotted time must be in working hours or working days")
            % {"position": position}
        )
    if step.kind not in StepKind.values:
        problems.append(
            _("step %(position)s: unknown kind %(kind)s")
            % {"position": position, "kind": step.kind}
        )
    if step.kind == StepKind.JOINT and step.joint_mode not in JointMode.values:
        problems.append(
            _("step %(position)s: joint processing must be sequential or parallel")
            % {"position": position}
        )
    if not step.task.strip():
        problems.append(_("step %(position)s: the task is missing") % {"position": position})
    return problems


@transaction.atomic
def process_draft_save(
    *,
    actor: User | None,
    procedure: Procedure,
    receiving_unit: OrgUnit,
    steps: list[StepContent],
    decision: str = "",
    note: str = "",
) -> ProcessDefinition:
    """Save the draft process of `procedure` at `receiving_unit`, replacing an existing draft.

    Every actor unit must exist (by identifier) and every step be well formed; the allotments
    are checked against the legal limit when the draft is published.
    """
    _check(actor)
    if not steps:
        raise ProcessError(_("A process needs at least one step."), field="steps")
    identifiers = {step.actor_unit for step in steps}
    units = {unit.identifier: unit for unit in OrgUnit.objects.filter(identifier__in=identifiers)}
    problems = [
        problem
        for index, step in enumerate(steps, start=1)
        for problem in _step_problems(step.position or index, step, units)
    ]
    if problems:
        raise ProcessError(sentence(problems), field="steps")
    draft = ProcessDefinition.objects.filter(
        procedure=procedure, receiving_unit=receiving_unit, status=VersionStatus.DRAFT
    ).first()
    if draft is None:
        number = next_version_number(
            ProcessDefinition.objects.filter(procedure=procedure, receiving_unit=receiving_unit)
        )
        draft = ProcessDefinition(procedure=procedure, receiving_unit=receiving_unit, number=number)
    draft.decision = decision
    draft.note = note
    draft.save()
    draft.steps.all().delete()
    Step.objects.bulk_create(
        Step(
            process=draft,
            position=step.position,
            actor_unit=units[step.actor_unit],
            actor_role=step.actor_role,
            task=step.task.strip(),
            allotted_value=step.allotted_value,
            allotted_unit=step.allotted_unit,
            kind=step.kind,
            joint_mode=step.joint_mode,
            is_lead=step.is_lead,
        )
        for step in steps
    )
    return draft


def process_problems(*, process: ProcessDefinition, on: date) -> list[str]:
    """Return why `process` cannot be in force on `on` (empty when it can).

    domain.md §4: the allotted times must sum to no more than the legal limit (the shortest
    limit over the procedure's channels, in working hours of the receiving unit); every actor
    unit must exist on that day; a parallel group has exactly one lead.
    """
    problems: list[str] = []
    version = procedure_version_in_force(procedure=process.procedure, on=on)
    if version is None:
        return [
            _("procedure %(code)s has no published version in force on %(day)s")
            % {"code": process.procedure.code, "day": on.strftime("%d/%m/%Y")}
        ]
    hours_per_day = Decimal(
        OfficeHours.parse(process.receiving_unit.office_hours).hours_per_day.total_seconds()
    ) / Decimal(3600)
    steps = list(process.steps.select_related("actor_unit"))
    if not steps:
        problems.append(_("the process has no steps"))
    allotments = [
        engine.StepAllotment(
            position=step.position,
            hours=engine.to_hours(
                value=step.allotted_value, unit=step.allotted_unit, hours_per_day=hours_per_day
            ),
            is_lead=step.is_lead,
        )
        for step in steps
    ]
    terms = list(version.terms.all())
    if terms:
        limits = [
            engine.to_hours(
                value=term.limit_value, unit=term.limit_unit, hours_per_day=hours_per_day
            )
            for term in terms
        ]
        legal = min(limits)
        total = engine.total_hours(allotments)
        if total > legal and not any(term.limit_unit == LimitUnit.CALENDAR_DAYS for term in terms):
            problems.append(
                _(
                    "the steps take %(total)s working hours, more than the legal limit of "
                    "%(legal)s working hours"
                )
                % {"total": _number(total), "legal": _number(legal)}
            )
    for position in engine.group_problems(allotments):
        problems.append(
            _("the parallel steps at position %(position)s need exactly one lead")
            % {"position": position}
        )
    for step in steps:
        if not step.actor_unit.is_valid_on(on):
            problems.append(
                _("step %(position)s: %(unit)s does not exist on %(day)s")
                % {
                    "position": step.position,
                    "unit": step.actor_unit.name,
                    "day": on.strftime("%d/%m/%Y"),
                }
            )
    return problems


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


@transaction.atomic
def process_publish(
    *, actor: User | None, process: ProcessDefinition, effective_from: date
) -> ProcessDefinition:
    """Publish a draft process from `effective_from`, or refuse naming every problem."""
    _check(actor)
    process = ProcessDefinition.objects.select_for_update().get(pk=process.pk)
    if process.status != VersionStatus.DRAFT:
        raise ProcessError(_("Only a draft can be published; this process is already published."))
    problems = process_problems(process=process, on=effective_from)
    if problems:
        raise ProcessError(
            _("This process cannot be published: %(problems)s.")
            % {"problems": "; ".join(problems)},
            code="invalid_process",
        )
    process.status = VersionStatus.PUBLISHED
    process.effective_from = effective_from
    process.published_at = timezone.now()
    process.published_by = actor
    process.save(update_fields=["status", "effective_from", "published_at", "published_by"])
    return process
