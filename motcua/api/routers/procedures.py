"""GET /api/v1/procedures: the public catalogue (search, detail by code, versions).

Public like the pages (NĐ 63/2010: procedures are published), so `auth=None`. The same
selectors as the pages: the search folds case and diacritics, the detail is the version in
force, and a code may be national (1.001193) or localised (1.001193.000.00.00.H13).
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router

from motcua.api.schemas import ErrorOut
from motcua.api.schemas_catalog import (
    DocumentOut,
    FieldOut,
    ProcedureOut,
    ProcedurePageOut,
    ProcedureQuery,
    ProcedureSummaryOut,
    ProcessOut,
    StepOut,
    TermOut,
    TermSummaryOut,
    UnitRefOut,
    VersionOut,
)
from motcua.catalog import selectors
from motcua.catalog.models import ProcedureVersion
from motcua.deadlines.calendar import OfficeHours
from motcua.workflow import engine
from motcua.workflow.models import ProcessDefinition
from motcua.workflow.selectors import process_list_in_force

router = Router(tags=["catalogue"])
ERRORS = {404: ErrorOut, 422: ErrorOut}  # unknown code (or draft version); malformed input


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def _url(code: str, number: int | None = None) -> str:
    if number is None:
        return reverse("web:catalog_detail", kwargs={"code": code})
    return reverse("web:catalog_version", kwargs={"code": code, "number": number})


@router.get("", response={200: ProcedurePageOut, 422: ErrorOut}, auth=None)
def procedure_list(request: HttpRequest, query: Query[ProcedureQuery]) -> ProcedurePageOut:
    """Search the procedures in force, best matches first, 20 per page.

    `q` matches word starts in the name, codes and field, ignoring case and accents ("dang ky
    ket hon" finds "Đăng ký kết hôn"); every word must match.
    """
    results = selectors.procedure_search(
        filters=selectors.CatalogFilters(
            query=query.q,
            field_id=query.field,
            level=query.level,
            agency=query.agency,
            online_level=query.online_level,
        )
    )
    count = len(results)
    start = (query.page - 1) * selectors.PAGE_SIZE
    items = results[start : start + selectors.PAGE_SIZE]
    return ProcedurePageOut(
        count=count,
        page=query.page,
        pages=-(-count // selectors.PAGE_SIZE),
        page_size=selectors.PAGE_SIZE,
        items=[
            ProcedureSummaryOut(
                code=item.code,
                local_code=item.local_code,
                name=item.name,
                field=item.field_name,
                levels=item.levels,
                online_level=item.online_level,
                terms=[
                    TermSummaryOut(
                        channel=term.channel,
                        limit_text=term.limit_text,
                        fee_vnd=term.fee_vnd,
                        fee_text=term.fee_text,
                    )
                    for term in item.terms
                ],
                url=_url(item.code),
            )
            for item in items
        ],
    )


@router.get("/fields", response={200: list[FieldOut]}, auth=None)
def field_list(request: HttpRequest) -> list[FieldOut]:
    """Return the fields that have published procedures (ids for the `field` filter)."""
    return [
        FieldOut(id=field.pk, name=field.name, code=field.code)
        for field in selectors.field_list_in_use()
    ]


def _process_out(process: ProcessDefinition) -> ProcessOut:
    hours_per_day = Decimal(
        OfficeHours.parse(process.receiving_unit.office_hours).hours_per_day.total_seconds()
    ) / Decimal(3600)
    steps = list(process.steps.all())
    total = engine.total_hours(
        [
            engine.StepAllotment(
                position=step.position,
                hours=engine.to_hours(
                    value=step.allotted_value, unit=step.allotted_unit, hours_per_day=hours_per_day
                ),
                is_lead=step.is_lead,
            )
            for step in steps
        ]
    )
    return ProcessOut(
        receiving_unit=UnitRefOut(
            identifier=process.receiving_unit.identifier, name=process.receiving_unit.name
        ),
        number=process.number,
        decision=process.decision,
        effective_from=process.effective_from,
        total_working_hours=_decimal(total),
        steps=[
            StepOut(
                position=step.position,
                unit=UnitRefOut(identifier=step.actor_unit.identifier, name=step.actor_unit.name),
                role=step.actor_role,
                task=step.task,
                allotted_value=_decimal(step.allotted_value),
                allotted_unit=step.allotted_unit,
                kind=step.kind,
                joint_mode=step.joint_mode,
                is_lead=step.is_lead,
            )
            for step in steps
        ],
    )


def _procedure_out(
    version: ProcedureVersion, *, state: str, processes: list[ProcessDefinition]
) -> ProcedureOut:
    code = version.procedure.code
    return ProcedureOut(
        code=code,
        local_code=version.local_code,
        name=version.name,
        version=version.number,
        effective_from=version.effective_from,
        state=state,
        field=FieldOut(id=version.field.pk, name=version.field.name, code=version.field.code),
        levels=[
            level
            for level, applies in (
                ("province", version.for_province),
                ("commune", version.for_commune),
            )
            if applies
        ],
        online_level=version.online_level,
        implementing_agency=version.implementing_agency,
        authorised_agency=version.authorised_agency,
        cooperating_agencies=version.cooperating_agencies,
        receiving_address=version.receiving_address,
        sequence=version.sequence,
        methods=version.methods,
        subjects=version.subjects,
        result=[line.strip() for line in version.result.splitlines() if line.strip()],
        requirements=version.requirements,
        legal_basis=[line.strip() for line in version.legal_basis.splitlines() if line.strip()],
        decision_number=version.decision_number,
        decision_date=version.decision_date,
        decision_effective_date=version.decision_effective_date,
        documents=[
            DocumentOut(
                position=document.position,
                name=document.name,
                originals=document.originals,
                certified_copies=document.certified_copies,
                photocopies=document.photocopies,
                reusable=document.reusable,
                note=document.note,
                template_url=reverse(
                    "web:catalog_template", kwargs={"code": code, "pk": document.pk}
                )
                if document.template
                else None,
            )
            for document in version.documents.all()
        ],
        terms=[
            TermOut(
                channel=term.channel,
                limit_value=_decimal(term.limit_value),
                limit_unit=term.limit_unit,
                limit_text=selectors.term_limit_display(term),
                cutoff=term.cutoff.strftime("%H:%M"),
                fee_vnd=term.fee_vnd,
                fee_text=selectors.fee_display(term.fee_vnd),
                fee_note=term.fee_note,
            )
            for term in version.terms.all()
        ],
        processes=[_process_out(process) for process in processes],
        url=_url(code) if state == "in_force" else _url(code, version.number),
    )


@router.get("/{code}", response={200: ProcedureOut, **ERRORS}, auth=None)
def procedure_detail(request: HttpRequest, code: str) -> ProcedureOut:
    """Return the version in force of a procedure, with documents, time limits and fees, and
    the internal processes in force at each receiving unit; 404 when none is in force."""
    version = selectors.procedure_get_by_code(code=code)
    processes = process_list_in_force(procedure=version.procedure)
    return _procedure_out(version, state="in_force", processes=processes)


@router.get("/{code}/versions", response={200: list[VersionOut], **ERRORS}, auth=None)
def procedure_versions(request: HttpRequest, code: str) -> list[VersionOut]:
    """Return the published versions of a procedure, newest first, with when each applies."""
    procedure = selectors.procedure_get_for_code(code=code)
    return [
        VersionOut(
            number=entry.version.number,
            name=entry.version.name,
            effective_from=entry.version.effective_from,
            until=entry.until,
            state=entry.state,
            decision_number=entry.version.decision_number,
            published_at=entry.version.published_at,
            url=_url(procedure.code, entry.version.number),
        )
        for entry in selectors.procedure_history(procedure=procedure)
    ]


@router.get("/{code}/versions/{number}", response={200: ProcedureOut, **ERRORS}, auth=None)
def procedure_version_detail(request: HttpRequest, code: str, number: int) -> ProcedureOut:
    """Return one published version (past, in force or upcoming); processes are not included
    (they are versioned on their own: see the version in force)."""
    procedure = selectors.procedure_get_for_code(code=code)
    version = selectors.procedure_version_get_published(procedure=procedure, number=number)
    state = next(
        entry.state
        for entry in selectors.procedure_history(procedure=procedure)
        if entry.version.pk == version.pk
    )
    return _procedure_out(version, state=state, processes=[])
