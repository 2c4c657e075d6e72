"""/api/v1/dossiers: worklists, intake at the counter, the dossier with its history, actions;
/api/v1/lookup/{code}: the public view by code (no login).

Staff only (session and second factor, like the pages); every dossier is loaded through
`dossier_get_for_user` ("not found" for missing and not-yours) and every change goes through
`services.dossier_act` or `dossier_receive_at_counter`, the same calls the pages make.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Status
from ninja.security import django_auth

from motcua.accounts.models import User
from motcua.accounts.selectors import org_unit_get_by_identifier
from motcua.api.routers import results
from motcua.api.schemas import ErrorOut
from motcua.api.schemas_dossiers import (
    ActionIn,
    DossierOut,
    DossierPageOut,
    DossierSummaryOut,
    EventOut,
    IntakeIn,
    ListQuery,
    LookupOut,
    LookupStepOut,
    StepStateOut,
)
from motcua.catalog.selectors import procedure_get_by_code
from motcua.core.errors import NotFoundError
from motcua.documents import printing
from motcua.documents.services import result_issue
from motcua.dossiers import selectors, services
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierState

router = Router(auth=django_auth, tags=["dossiers"])
public = Router(tags=["dossiers"])
PAGE_SIZE = 20
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 -- django_auth guarantees a logged-in user
    return user


def _name(user: User | None) -> str:
    return str(user) if user is not None else ""


def _summary(dossier: Dossier) -> DossierSummaryOut:
    return DossierSummaryOut(
        id=dossier.pk,
        code=dossier.code,
        state=dossier.state,
        state_label=str(DossierState(dossier.state).label),
        procedure=dossier.procedure_version.name,
        applicant=selectors.mask_name(dossier.applicant_name),
        receiving_unit=dossier.receiving_unit.name,
        current_unit=dossier.holder_unit.name if dossier.holder_unit else "",
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        at_risk=dossier.at_risk,
        overdue=dossier.overdue,
    )


def _detail(user: User, dossier: Dossier) -> DossierOut:
    dossier = Dossier.objects.select_related(
        "receiving_unit", "procedure_version__procedure", "holder_unit", "holder"
    ).get(pk=dossier.pk)
    steps = dossier.steps.select_related("actor_unit", "holder").order_by("position", "-is_lead")
    events = dossier.events.select_related("actor", "to_unit").order_by("sequence")
    return DossierOut(
        id=dossier.pk,
        code=dossier.code,
        revision=dossier.revision,
        state=dossier.state,
        state_label=str(DossierState(dossier.state).label),
        procedure_code=dossier.procedure_version.procedure.code,
        procedure=dossier.procedure_version.name,
        receiving_unit=dossier.receiving_unit.name,
        channel=dossier.channel,
        return_method=dossier.return_method,
        applicant_kind=dossier.applicant_kind,
        applicant_name=dossier.applicant_name,
        applicant_id_number=dossier.applicant_id_number,
        applicant_enterprise_code=dossier.applicant_enterprise_code,
        applicant_address=dossier.applicant_address,
        applicant_phone=dossier.applicant_phone,
        applicant_email=dossier.applicant_email,
        fee_vnd=dossier.fee_vnd,
        limit=f"{dossier.limit_value} {dossier.limit_unit}",
        received_at=dossier.received_at,
        intake_due_at=dossier.intake_due_at,
        transfer_due_at=dossier.transfer_due_at,
        original_due_at=dossier.original_due_at,
        due_at=dossier.due_at,
        extended=dossier.extended_at is not None,
        late=dossier.is_late,
        deadline_explanation=selectors.dossier_deadline_explanation(dossier=dossier),
        current_unit=dossier.holder_unit.name if dossier.holder_unit else "",
        holder=_name(dossier.holder),
        steps=[
            StepStateOut(
                position=step.position,
                unit=step.actor_unit.name,
                role=step.actor_role,
                task=step.task,
                started_at=step.started_at,
                due_at=step.due_at,
                finished_at=step.finished_at,
                holder=_name(step.holder),
            )
            for step in steps
        ],
        events=[
            EventOut(
                sequence=event.sequence,
                action=event.action,
                at=event.at,
                actor=_name(event.actor),
                from_state=event.from_state,
                to_state=event.to_state,
                to_unit=event.to_unit.name if event.to_unit else "",
                note=event.note,
                data=event.data,
            )
            for event in events
        ],
        actions=selectors.dossier_actions_for_user(user=user, dossier=dossier),
    )


def _worklist(user: User, name: str) -> QuerySet[Dossier]:
    lists = {
        "intake": selectors.dossier_list_intake_queue,
        "forward": selectors.dossier_list_to_forward,
        "mine": selectors.dossier_list_my_steps,
        "return": selectors.dossier_list_awaiting_return,
        "unit": selectors.dossier_list_for_unit_leader,
    }
    chosen = lists.get(name)
    if chosen is None:
        return selectors.dossier_list_for_user(user=user).order_by("-received_at", "-pk")
    return chosen(user=user)


@router.get("", response={200: DossierPageOut, 422: ErrorOut})
def dossier_list(request: HttpRequest, query: Query[ListQuery]) -> DossierPageOut:
    """A worklist (intake queue, to forward, my steps, awaiting return, my unit) or every
    dossier you may see, searched by code, applicant name without accents, ID or phone."""
    user = _user(request)
    found = selectors.dossier_search(queryset=_worklist(user, query.list), query=query.q)
    paginator = Paginator(found, PAGE_SIZE)
    page = paginator.get_page(query.page)
    return DossierPageOut(
        count=paginator.count,
        page=page.number,
        pages=paginator.num_pages,
        page_size=PAGE_SIZE,
        items=[_summary(dossier) for dossier in page.object_list],
    )


@router.post("", response={201: DossierOut, **ERRORS})
def dossier_intake(request: HttpRequest, body: IntakeIn) -> Status[DossierOut]:
    """Receive a complete dossier at the counter (form 01), or register an online or postal
    one awaiting the one-stop check. `client_token` makes a retried request create nothing."""
    user = _user(request)
    unit = org_unit_get_by_identifier(identifier=body.unit)  # the service checks the role
    version = procedure_get_by_code(code=body.procedure)
    intake = services.Intake(
        unit=unit,
        version=version,
        applicant=services.Applicant(**body.applicant.dict()),
        channel=body.channel,
        return_method=body.return_method,
        return_address=body.return_address,
        components=tuple(services.Component(**item.dict()) for item in body.components),
        client_token=body.client_token or None,
    )
    if body.channel == "counter":
        dossier = services.dossier_receive_at_counter(actor=user, intake=intake)
    else:
        dossier = services.dossier_submit(actor=user, intake=intake)
    return Status(201, _detail(user, dossier))


@router.get("/{int:dossier_id}", response={200: DossierOut, 404: ErrorOut})
def dossier_detail(request: HttpRequest, dossier_id: int) -> DossierOut:
    """The dossier with its steps, history, deadline explanation and your possible actions."""
    user = _user(request)
    dossier = selectors.dossier_get_for_user(user=user, pk=dossier_id)
    services.dossier_log_personal_data_access(user=user, dossier=dossier, via="api")
    return _detail(user, dossier)


@router.post("/{int:dossier_id}/actions/{action}", response={200: DossierOut, **ERRORS})
def dossier_action(
    request: HttpRequest, dossier_id: int, action: str, body: ActionIn
) -> DossierOut:
    """Take an action (receive, forward, take, complete_step, approve, sign, issue_result,
    request_supplement, ...). 409 when the dossier changed since `revision`."""
    user = _user(request)
    dossier = selectors.dossier_get_for_user(user=user, pk=dossier_id)
    assignee = None
    if body.assignee:
        assignee = User.objects.filter(username=body.assignee, is_active=True).first()
        if assignee is None:
            raise NotFoundError("No such officer.")
    given = services.ActionInput(
        revision=body.revision,
        note=body.note,
        reason=body.reason,
        items=body.items,
        assignee=assignee,
        new_due_at=body.new_due_at,
        unit_id=body.unit_id,
        consultation=body.consultation,
        via=body.via,
        tracking_number=body.tracking_number,
        amount_vnd=body.amount_vnd,
        method=body.method,
        receipt_number=body.receipt_number,
    )
    if action == Action.ISSUE_RESULT:
        # The result is issued as a signed PDF (docs/signatures.md), same checks and event.
        dossier = result_issue(
            actor=user,
            dossier=dossier,
            revision=body.revision,
            note=body.note,
            verify_url=lambda code: results.verify_url(request, code),
        ).dossier
    else:
        dossier = services.dossier_act(actor=user, dossier=dossier, action=action, given=given)
    return _detail(user, dossier)


def lookup_url(request: HttpRequest, code: str) -> str:
    """The public lookup address of a dossier (the QR of form 01)."""
    return request.build_absolute_uri(f"{reverse('web:lookup')}?{urlencode({'ma': code})}")


@router.get("/{int:dossier_id}/forms/{int:number}", response={200: None, 404: ErrorOut})
def dossier_form(request: HttpRequest, dossier_id: int, number: int) -> HttpResponse:
    """Form 01-06 of the dossier as PDF (the ones its history has: receipt, supplement request,
    refusal, apology, stop notice, control slip)."""
    user = _user(request)
    dossier = selectors.dossier_get_for_user(user=user, pk=dossier_id)
    pdf = printing.dossier_form_pdf(
        dossier=dossier, number=number, lookup_url=lookup_url(request, dossier.code)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{dossier.code or dossier.pk}-{printing.NAMES.get(number, number)}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@public.get("/{code}", response={200: LookupOut, 404: ErrorOut}, auth=None)
def lookup(request: HttpRequest, code: str) -> LookupOut:
    """Public lookup by code (the QR of form 01): state, steps with their units, expected date;
    the applicant's name masked, no officer names."""
    found = selectors.dossier_public_lookup(code=code)
    return LookupOut(
        **{
            **found.__dict__,
            "steps": [LookupStepOut(**step.__dict__) for step in found.steps],
        }
    )
