"""Intake at the one-stop unit: arrival, receipt (form 01), return for completion (form 02),
refusal (form 03), transfer to the handling agency, payments (domain.md §5, NĐ 61/2018 Art. 17-18).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import Channel
from motcua.core.time import local
from motcua.deadlines.calendar import WorkingCalendar
from motcua.deadlines.engine import TimeLimit, due_time
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import (
    Dossier,
    DossierState,
    Payment,
    PaymentMethod,
    PersonalDataAccess,
)
from motcua.dossiers.services.applications import (
    ONLINE_ANSWER,
    TRANSFER_CUTOFF,
    Applicant,
    Component,
    Intake,
    add_components,
    copy_steps,
    existing_dossier,
    index_dossier,
    new_dossier,
    next_code,
    validate_intake,
)
from motcua.dossiers.services.common import (
    DossierError,
    at_position,
    calendar_for,
    check_transition,
    iso,
    lock,
    next_position,
    record,
    start_position,
)
from motcua.workflow.selectors import process_in_force


def transfer_due(received_at: datetime, calendar: WorkingCalendar) -> datetime:
    """Return when a received dossier must reach the handling agency (NĐ 61/2018 Art. 18).

    Received on a working day before 15:00: by closing time that day; otherwise: by the
    opening of the next working day.
    """
    moment = received_at.astimezone(calendar.tz)
    if moment.time() < TRANSFER_CUTOFF:
        same_day = TimeLimit(0, "same_day")  # type: ignore[arg-type]
        deadline = due_time(start=moment, limit=same_day, calendar=calendar, cutoff=TRANSFER_CUTOFF)
        if deadline.received_on == moment.date():
            return deadline.due_at
    # Counting 0 working hours from the end of the day is the next opening.
    end_of_day = moment.replace(hour=23, minute=59, second=0, microsecond=0)
    zero = TimeLimit(0, "working_hours")  # type: ignore[arg-type]
    return due_time(start=end_of_day, limit=zero, calendar=calendar).due_at


def _receive(dossier: Dossier, *, actor: User | None, now: datetime, note: str) -> Dossier:
    """Issue the code, pin the process, start the clock (form 01); the caller checked the rule."""
    from_state, from_position = dossier.state, dossier.position
    process = process_in_force(
        procedure=dossier.procedure_version.procedure,
        receiving_unit=dossier.receiving_unit,
        on=local(now).date(),
    )
    if process is None:
        raise DossierError(
            _("No internal process is in force for this procedure at %(unit)s.")
            % {"unit": dossier.receiving_unit.name},
            code="no_process",
        )
    cache: dict[int, WorkingCalendar] = {}
    calendar = calendar_for(dossier.receiving_unit, cache)
    limit = TimeLimit(dossier.limit_value, dossier.limit_unit)  # type: ignore[arg-type]
    deadline = due_time(
        start=now, limit=limit, calendar=calendar, cutoff=dossier.cutoff or TRANSFER_CUTOFF
    )
    dossier.code = next_code(dossier.receiving_unit, now)
    dossier.process = process
    dossier.state = DossierState.RECEIVED
    dossier.received_at = now
    dossier.original_due_at = dossier.due_at = deadline.due_at
    dossier.transfer_due_at = transfer_due(now, calendar)
    index_dossier(dossier)
    if dossier.pk is None:
        dossier.save()
    copy_steps(dossier, process)
    first = dossier.steps.order_by("position").values_list("position", flat=True).first()
    start_position(dossier, first, now, cache)
    record(
        dossier,
        action=Action.RECEIVE,
        actor=actor,
        at=now,
        from_state=from_state,
        from_position=from_position,
        fields=[
            "code",
            "process",
            "state",
            "received_at",
            "original_due_at",
            "due_at",
            "transfer_due_at",
            "search_text",
            "position",
            "holder_unit",
            "holder",
        ],
        actor_unit=dossier.receiving_unit,
        note=note,
        data={"due_at": iso(deadline.due_at), "limit": str(limit)},
    )
    return dossier


@transaction.atomic
def dossier_receive_at_counter(*, actor: User, intake: Intake, note: str = "") -> Dossier:
    """Receive a complete dossier at the counter: code, receipt and appointment (form 01).

    NĐ 61/2018 Art. 17. A repeated submit with the same client token returns the dossier the
    first one created (a double click makes one dossier).
    """
    existing = existing_dossier(intake.client_token)
    if existing is not None:
        return existing
    validate_intake(intake)
    dossier = new_dossier(intake, state="")
    check_transition(actor=actor, dossier=dossier, action=Action.RECEIVE)
    now = timezone.now()
    _receive(dossier, actor=actor, now=now, note=note)
    add_components(dossier, intake.components)
    if intake.payment is not None:
        dossier_record_payment(
            actor=actor,
            dossier=dossier,
            revision=dossier.revision,
            amount_vnd=intake.payment.amount_vnd,
            method=intake.payment.method,
            receipt_number=intake.payment.receipt_number,
        )
        dossier.refresh_from_db()
    return dossier


@transaction.atomic
def dossier_submit(*, actor: User | None, intake: Intake, note: str = "") -> Dossier:
    """Register an online or postal dossier awaiting the one-stop check (8 working hours)."""
    existing = existing_dossier(intake.client_token)
    if existing is not None:
        return existing
    validate_intake(intake)
    if intake.channel == Channel.COUNTER:
        raise DossierError(_("A dossier handed in at the counter is received, not submitted."))
    dossier = new_dossier(intake, state="")
    target = check_transition(actor=actor, dossier=dossier, action=Action.SUBMIT)
    now = timezone.now()
    calendar = calendar_for(intake.unit)
    dossier.state = target
    dossier.submitted_at = now
    dossier.intake_due_at = due_time(start=now, limit=ONLINE_ANSWER, calendar=calendar).due_at
    record(
        dossier,
        action=Action.SUBMIT,
        actor=actor,
        at=now,
        from_state="",
        from_position=None,
        fields=[],
        note=note,
        data={"intake_due_at": iso(dossier.intake_due_at)},
    )
    add_components(dossier, intake.components)
    return dossier


@transaction.atomic
def dossier_receive(*, actor: User, dossier: Dossier, revision: int, note: str = "") -> Dossier:
    """Receive an online or postal dossier after the one-stop check (form 01)."""
    dossier = lock(dossier, revision)
    check_transition(actor=actor, dossier=dossier, action=Action.RECEIVE)
    return _receive(dossier, actor=actor, now=timezone.now(), note=note)


def _intake_answer(
    *,
    actor: User,
    dossier: Dossier | None,
    intake: Intake | None,
    revision: int | None,
    action: Action,
    items: list[str],
    reason: str,
) -> Dossier:
    """Form 02 or 03 at intake, for a waiting dossier or one handed in at the counter."""
    if not items and not reason.strip():
        raise DossierError(_("Say what is missing or why, so the applicant knows."), field="reason")
    if dossier is None:
        assert intake is not None  # noqa: S101 -- one of the two, by the callers' signatures
        existing = existing_dossier(intake.client_token)
        if existing is not None:
            return existing
        validate_intake(intake)
        dossier = new_dossier(intake, state="")
    else:
        dossier = lock(dossier, revision)
    target = check_transition(actor=actor, dossier=dossier, action=action)
    from_state = dossier.state
    dossier.state = target
    now = timezone.now()
    dossier.finished_at = now
    record(
        dossier,
        action=action,
        actor=actor,
        at=now,
        from_state=from_state,
        from_position=None,
        fields=["state", "finished_at"],
        actor_unit=dossier.receiving_unit,
        note=reason.strip(),
        data={"items": [item.strip() for item in items if item.strip()]},
    )
    return dossier


@transaction.atomic
def dossier_return_for_completion(
    *,
    actor: User,
    items: list[str],
    reason: str = "",
    dossier: Dossier | None = None,
    revision: int | None = None,
    intake: Intake | None = None,
) -> Dossier:
    """Tell the applicant what is missing, once and completely (form 02, NĐ 61/2018 Art. 17)."""
    if not items:
        raise DossierError(_("List the missing or incorrect documents."), field="items")
    return _intake_answer(
        actor=actor,
        dossier=dossier,
        intake=intake,
        revision=revision,
        action=Action.RETURN_FOR_COMPLETION,
        items=items,
        reason=reason,
    )


@transaction.atomic
def dossier_refuse_at_intake(
    *,
    actor: User,
    reason: str,
    dossier: Dossier | None = None,
    revision: int | None = None,
    intake: Intake | None = None,
) -> Dossier:
    """Refuse to receive, with the reasons (form 03): outside competence or not eligible."""
    if not reason.strip():
        raise DossierError(_("Give the reasons for the refusal."), field="reason")
    return _intake_answer(
        actor=actor,
        dossier=dossier,
        intake=intake,
        revision=revision,
        action=Action.REFUSE_AT_INTAKE,
        items=[],
        reason=reason,
    )


@transaction.atomic
def dossier_forward(*, actor: User, dossier: Dossier, revision: int, note: str = "") -> Dossier:
    """Hand the received dossier to the handling agency: the next step starts (Art. 18).

    Late transfers are allowed (and visible: the event's time against `transfer_due_at`).
    """
    dossier = lock(dossier, revision)
    target = check_transition(actor=actor, dossier=dossier, action=Action.FORWARD)
    from_state, from_position = dossier.state, dossier.position
    now = timezone.now()
    at_position(dossier, from_position).update(finished_at=now, holder=actor)
    start_position(dossier, next_position(dossier, from_position), now, {})
    dossier.state = target
    record(
        dossier,
        action=Action.FORWARD,
        actor=actor,
        at=now,
        from_state=from_state,
        from_position=from_position,
        fields=["state", "position", "holder_unit", "holder"],
        actor_unit=dossier.receiving_unit,
        note=note,
        data={"late": bool(dossier.transfer_due_at and now > dossier.transfer_due_at)},
    )
    return dossier


@transaction.atomic
def dossier_record_payment(
    *,
    actor: User,
    dossier: Dossier,
    revision: int,
    amount_vnd: int,
    method: str,
    receipt_number: str,
) -> Payment:
    """Record a payment of the assessed fee with its receipt number (domain.md §12)."""
    dossier = lock(dossier, revision)
    check_transition(actor=actor, dossier=dossier, action=Action.RECORD_PAYMENT)
    if method not in PaymentMethod.values:
        raise DossierError(_("Unknown payment method."), field="method")
    if amount_vnd <= 0:
        raise DossierError(_("The amount must be more than zero."), field="amount_vnd")
    if not receipt_number.strip():
        raise DossierError(_("The receipt number is missing."), field="receipt_number")
    now = timezone.now()
    payment = Payment.objects.create(
        dossier=dossier,
        amount_vnd=amount_vnd,
        method=method,
        receipt_number=receipt_number.strip(),
        paid_at=now,
        recorded_by=actor,
    )
    record(
        dossier,
        action=Action.RECORD_PAYMENT,
        actor=actor,
        at=now,
        from_state=dossier.state,
        from_position=dossier.position,
        fields=[],
        actor_unit=dossier.receiving_unit,
        data={"amount": amount_vnd, "method": method, "receipt_number": payment.receipt_number},
    )
    return payment


__all__ = [
    "Applicant",
    "Component",
    "Intake",
    "dossier_forward",
    "dossier_log_personal_data_access",
    "dossier_receive",
    "dossier_receive_at_counter",
    "dossier_record_payment",
    "dossier_refuse_at_intake",
    "dossier_return_for_completion",
    "dossier_submit",
]


def dossier_log_personal_data_access(*, user: User, dossier: Dossier, via: str) -> None:
    """Record that `user` was shown the dossier's personal data in full (product.md). The
    caller loaded the dossier with dossier_get_for_user."""
    PersonalDataAccess.objects.create(dossier=dossier, user=user, at=timezone.now(), via=via)
