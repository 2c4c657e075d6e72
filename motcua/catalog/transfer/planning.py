"""The checks of an import against the database, made before anything is written.

`plan` reads what the parsed file touches (procedures, published versions and processes, fields,
units) in chunks of codes and returns a `ProcedurePlan` per procedure and a `ProcessPlan` per
internal process, each with its action (created, updated or unchanged) and the day it takes
effect, adding an Issue for every abolished procedure, out-of-order effective date, unknown or
vanished unit and process over the legal limit. Also the helpers the export shares: `current`
(the version in force and the latest) and `process_content_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from motcua.accounts.models import OrgUnit
from motcua.catalog.content import TermContent, VersionContent, content_of
from motcua.catalog.models import (
    Field,
    LimitUnit,
    Procedure,
    ProcedureVersion,
    VersionStatus,
)
from motcua.catalog.transfer.items import (
    Issue,
    ParsedCatalog,
    ParsedProcedure,
    ParsedProcess,
    ProcessContent,
)
from motcua.catalog.transfer.processes import ProcessDefinition, Step, StepContent, engine
from motcua.core.time import today
from motcua.deadlines.calendar import OfficeHours

# Bulk reads go by chunks of codes: SQLite builds may cap the parameters of one query at 999.
CHUNK = 500


CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class ProcedurePlan:
    parsed: ParsedProcedure
    content: VersionContent  # with the field code and kept templates filled in
    action: str
    start: date | None  # the day this content is (or will be) in force from


@dataclass
class ProcessPlan:
    code: str
    parsed: ParsedProcess
    receiving_unit: OrgUnit
    action: str
    effective_from: date


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


_Published = TypeVar("_Published", ProcedureVersion, ProcessDefinition)


def _since(item: ProcedureVersion | ProcessDefinition) -> date:
    """Return the effective date of a published version or process (never empty once published)."""
    return item.effective_from or date.min


def current(items: Sequence[_Published], day: date) -> tuple[_Published | None, _Published | None]:
    """Return (in force on `day`, latest) among published versions or processes."""
    ordered = sorted(items, key=lambda item: (_since(item), item.number))
    in_force = [item for item in ordered if _since(item) <= day]
    return (in_force[-1] if in_force else None), (ordered[-1] if ordered else None)


def plan(
    parsed: ParsedCatalog, issues: list[Issue]
) -> tuple[list[ProcedurePlan], list[ProcessPlan]]:
    day = today()
    codes = sorted({procedure.code for procedure in parsed.procedures})
    existing: dict[str, Procedure] = {}
    versions: dict[str, list[ProcedureVersion]] = {}
    processes: dict[tuple[str, str], list[ProcessDefinition]] = {}
    for chunk in _chunks(codes):
        existing.update(
            (procedure.code, procedure) for procedure in Procedure.objects.filter(code__in=chunk)
        )
        for version in (
            ProcedureVersion.objects.filter(
                procedure__code__in=chunk, status=VersionStatus.PUBLISHED
            )
            .select_related("procedure", "field")
            .prefetch_related("documents", "terms")
        ):
            versions.setdefault(version.procedure.code, []).append(version)
        for process in (
            ProcessDefinition.objects.filter(
                procedure__code__in=chunk, status=VersionStatus.PUBLISHED
            )
            .select_related("procedure", "receiving_unit")
            .prefetch_related(Prefetch("steps", queryset=Step.objects.select_related("actor_unit")))
        ):
            key = (process.procedure.code, process.receiving_unit.identifier)
            processes.setdefault(key, []).append(process)
    field_codes = dict(Field.objects.values_list("name", "code"))
    identifiers = {
        identifier
        for procedure in parsed.procedures
        for process in procedure.processes
        for identifier in [process.content.receiving_unit]
        + [step.actor_unit for step in process.content.steps]
    }
    units = {unit.identifier: unit for unit in OrgUnit.objects.filter(identifier__in=identifiers)}

    procedure_plans: list[ProcedurePlan] = []
    process_plans: list[ProcessPlan] = []
    for parsed_procedure in parsed.procedures:
        plan = _plan_procedure(
            parsed_procedure,
            existing.get(parsed_procedure.code),
            versions.get(parsed_procedure.code, []),
            field_codes,
            day,
            issues,
        )
        if plan is None:
            continue
        procedure_plans.append(plan)
        for parsed_process in parsed_procedure.processes:
            process_plan = _plan_process(
                plan,
                parsed_process,
                processes.get((plan.parsed.code, parsed_process.content.receiving_unit), []),
                units,
                day,
                issues,
            )
            if process_plan is not None:
                process_plans.append(process_plan)
    return procedure_plans, process_plans


def _plan_procedure(
    parsed: ParsedProcedure,
    procedure: Procedure | None,
    versions: list[ProcedureVersion],
    field_codes: dict[str, str],
    day: date,
    issues: list[Issue],
) -> ProcedurePlan | None:
    content = parsed.content
    known_code = field_codes.get(content.field_name.strip())
    if known_code and content.field_code and content.field_code != known_code:
        issues.append(
            Issue(
                parsed.at.at("field_code"),
                _("Field %(field)s already has code %(code)s in the catalogue.")
                % {"field": content.field_name, "code": known_code},
            )
        )
        return None
    if known_code and not content.field_code:
        content = replace(content, field_code=known_code)
    in_force, latest = current(versions, day)
    baseline = in_force or latest
    if parsed.keep_templates and baseline is not None:
        kept = {document.name: document.template for document in content_of(baseline).documents}
        content = replace(
            content,
            documents=tuple(
                replace(document, template=kept.get(document.name, ""))
                for document in content.documents
            ),
        )
    for candidate in (in_force, latest):
        if candidate is not None and _tidy(content_of(candidate)) == _tidy(content):
            return ProcedurePlan(parsed, content, UNCHANGED, _since(candidate))
    start = content.decision_effective_date
    if procedure is not None and procedure.abolished_from is not None:
        issues.append(
            Issue(
                parsed.at.at("code"),
                _("Procedure %(code)s was abolished from %(day)s; it cannot get a new version.")
                % {"code": parsed.code, "day": procedure.abolished_from.strftime("%d/%m/%Y")},
            )
        )
        return None
    if start is None:
        return None  # reported by check_parsed as a missing mandatory field
    if latest is not None and start < _since(latest):
        issues.append(
            Issue(
                parsed.at.at("effective_date"),
                _("The effective date %(day)s is before that of version %(number)s (%(previous)s).")
                % {
                    "day": start.strftime("%d/%m/%Y"),
                    "number": latest.number,
                    "previous": _since(latest).strftime("%d/%m/%Y"),
                },
            )
        )
        return None
    return ProcedurePlan(parsed, content, CREATED if not versions else UPDATED, start)


def _tidy(value: Any) -> Any:
    """Return content with surrounding white space and Windows line ends gone from every text.

    A workbook's cells are read stripped; text saved by other paths may keep a trailing space
    or newline, which must not count as a change (or every first import would make versions).
    """
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, tuple):
        return tuple(_tidy(item) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(
            value, **{item.name: _tidy(getattr(value, item.name)) for item in fields(value)}
        )
    return value


def process_content_of(process: ProcessDefinition) -> ProcessContent:
    """Return a saved process as plain data (steps in their stored order)."""
    return ProcessContent(
        receiving_unit=process.receiving_unit.identifier,
        decision=process.decision,
        note=process.note,
        steps=tuple(
            StepContent(
                position=step.position,
                actor_unit=step.actor_unit.identifier,
                actor_role=step.actor_role,
                task=step.task,
                allotted_value=step.allotted_value.normalize(),
                allotted_unit=step.allotted_unit,
                kind=step.kind,
                joint_mode=step.joint_mode,
                is_lead=step.is_lead,
            )
            for step in process.steps.all()
        ),
    )


def _plan_process(
    procedure: ProcedurePlan,
    parsed: ParsedProcess,
    existing: list[ProcessDefinition],
    units: dict[str, OrgUnit],
    day: date,
    issues: list[Issue],
) -> ProcessPlan | None:
    content = parsed.content
    before = len(issues)
    receiving_unit = units.get(content.receiving_unit)
    if receiving_unit is None and content.receiving_unit:
        issues.append(Issue(parsed.at.at("receiving_unit"), _unit_message(content.receiving_unit)))
    for step, step_at in zip(content.steps, parsed.step_at, strict=True):
        if step.actor_unit and step.actor_unit not in units:
            issues.append(Issue(step_at.at("actor_unit"), _unit_message(step.actor_unit)))
    unknown = any(step.actor_unit not in units for step in content.steps)
    if receiving_unit is None or unknown or len(issues) > before or procedure.start is None:
        return None
    in_force, latest = current(existing, day)
    for candidate in (in_force, latest):
        if candidate is not None and _tidy(process_content_of(candidate)) == _tidy(content):
            if procedure.action != UNCHANGED:
                # The procedure's new limits must still hold the unchanged process.
                terms = procedure.content.terms
                issues.extend(
                    _process_issues(parsed, receiving_unit, units, terms, procedure.start)
                )
            return ProcessPlan(
                procedure.parsed.code, parsed, receiving_unit, UNCHANGED, _since(candidate)
            )
    effective_from = max(procedure.start, _since(latest) if latest else procedure.start)
    issues.extend(
        _process_issues(parsed, receiving_unit, units, procedure.content.terms, effective_from)
    )
    if len(issues) > before:
        return None
    return ProcessPlan(
        procedure.parsed.code,
        parsed,
        receiving_unit,
        UPDATED if existing else CREATED,
        effective_from,
    )


def _unit_message(identifier: str) -> str:
    return _("No unit has the identifier %(unit)s.") % {"unit": identifier}


def _process_issues(
    parsed: ParsedProcess,
    receiving_unit: OrgUnit,
    units: dict[str, OrgUnit],
    terms: Sequence[TermContent],
    on: date,
) -> list[Issue]:
    """Check a process as process_problems does, before anything is written (domain.md §4)."""
    issues: list[Issue] = []
    steps = parsed.content.steps
    hours_per_day = Decimal(
        OfficeHours.parse(receiving_unit.office_hours).hours_per_day.total_seconds()
    ) / Decimal(3600)
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
    if terms:
        legal = min(
            engine.to_hours(
                value=term.limit_value, unit=term.limit_unit, hours_per_day=hours_per_day
            )
            for term in terms
        )
        total = engine.total_hours(allotments)
        if total > legal and not any(term.limit_unit == LimitUnit.CALENDAR_DAYS for term in terms):
            issues.append(
                Issue(
                    parsed.step_at[0].at("allotted_value"),
                    _(
                        "The steps of this process take %(total)s working hours, more than the "
                        "legal limit of %(legal)s working hours."
                    )
                    % {"total": number_text(total), "legal": number_text(legal)},
                )
            )
    for position in engine.group_problems(allotments):
        index = next(i for i, step in enumerate(steps) if step.position == position)
        issues.append(
            Issue(
                parsed.step_at[index].at("lead"),
                _("The parallel steps at position %(position)s need exactly one lead.")
                % {"position": position},
            )
        )
    if not receiving_unit.is_valid_on(on):
        issues.append(Issue(parsed.at.at("receiving_unit"), _gone(receiving_unit, on)))
    for step, step_at in zip(steps, parsed.step_at, strict=True):
        unit = units[step.actor_unit]
        if not unit.is_valid_on(on):
            issues.append(Issue(step_at.at("actor_unit"), _gone(unit, on)))
    return issues


def _gone(unit: OrgUnit, on: date) -> str:
    return _("%(unit)s does not exist on %(day)s, when this process would take effect.") % {
        "unit": unit.name,
        "day": on.strftime("%d/%m/%Y"),
    }


def number_text(value: Decimal) -> str:
    """Return a decimal without trailing zeros or exponent (\"24\", \"0.25\")."""
    return format(value.normalize(), "f")
