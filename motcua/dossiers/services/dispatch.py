"""One entry for the interfaces: take an action by name with the inputs a form or a request gives.

The API's `POST /dossiers/{id}/actions/{action}` and the dossier page's action forms both call
`dossier_act`, so that both offer exactly the same actions with the same checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import changes, intake, processing
from motcua.dossiers.services.common import DossierError


@dataclass(frozen=True)
class ActionInput:
    """Everything an action may need; each action reads its own fields."""

    revision: int
    note: str = ""
    reason: str = ""
    items: list[str] = field(default_factory=list)
    assignee: User | None = None
    new_due_at: datetime | None = None
    unit_id: int | None = None
    consultation: int | None = None
    via: str = "counter"
    tracking_number: str = ""
    amount_vnd: int = 0
    method: str = ""
    receipt_number: str = ""


def dossier_act(*, actor: User, dossier: Dossier, action: str, given: ActionInput) -> Dossier:
    """Take `action` (an `Action` value) on the dossier; raises DossierError for an unknown one."""
    try:
        chosen = Action(action)
    except ValueError:
        raise DossierError(_("Unknown action."), code="unknown_action", field="action") from None
    revision = given.revision
    if chosen is Action.RECEIVE:
        return intake.dossier_receive(
            actor=actor, dossier=dossier, revision=revision, note=given.note
        )
    if chosen is Action.RETURN_FOR_COMPLETION:
        return intake.dossier_return_for_completion(
            actor=actor, dossier=dossier, revision=revision, items=given.items, reason=given.reason
        )
    if chosen is Action.REFUSE_AT_INTAKE:
        return intake.dossier_refuse_at_intake(
            actor=actor, dossier=dossier, revision=revision, reason=given.reason
        )
    if chosen is Action.FORWARD:
        return intake.dossier_forward(
            actor=actor, dossier=dossier, revision=revision, note=given.note
        )
    if chosen is Action.RECORD_PAYMENT:
        intake.dossier_record_payment(
            actor=actor,
            dossier=dossier,
            revision=revision,
            amount_vnd=given.amount_vnd,
            method=given.method,
            receipt_number=given.receipt_number,
        )
        return Dossier.objects.get(pk=dossier.pk)
    if chosen is Action.ASSIGN:
        if given.assignee is None:
            raise DossierError(_("Choose the officer to assign."), field="assignee")
        return processing.dossier_assign(
            actor=actor, dossier=dossier, revision=revision, assignee=given.assignee
        )
    if chosen is Action.TAKE:
        return processing.dossier_take(actor=actor, dossier=dossier, revision=revision)
    simple = {
        Action.COMPLETE_STEP: processing.dossier_complete_step,
        Action.APPROVE: processing.dossier_approve,
        Action.SIGN: processing.dossier_sign,
        Action.ISSUE_RESULT: processing.dossier_issue_result,
    }
    if chosen in simple:
        return simple[chosen](actor=actor, dossier=dossier, revision=revision, note=given.note)
    if chosen is Action.SEND_BACK:
        return processing.dossier_send_back(
            actor=actor, dossier=dossier, revision=revision, reason=given.reason
        )
    if chosen is Action.CONSULT:
        if given.unit_id is None:
            raise DossierError(_("Choose the unit to consult."), field="unit_id")
        return processing.dossier_consult(
            actor=actor,
            dossier=dossier,
            revision=revision,
            unit_id=given.unit_id,
            question=given.note,
        )
    if chosen is Action.REPLY:
        if given.consultation is None:
            raise DossierError(_("Say which consultation you answer."), field="consultation")
        return processing.dossier_reply(
            actor=actor,
            dossier=dossier,
            revision=revision,
            consultation=given.consultation,
            answer=given.note,
        )
    if chosen is Action.REQUEST_SUPPLEMENT:
        return changes.dossier_request_supplement(
            actor=actor, dossier=dossier, revision=revision, items=given.items, reason=given.reason
        )
    if chosen is Action.COMPLETE_SUPPLEMENT:
        return changes.dossier_complete_supplement(
            actor=actor, dossier=dossier, revision=revision, note=given.note
        )
    if chosen is Action.REQUEST_EXTENSION:
        if given.new_due_at is None:
            raise DossierError(_("Give the new appointment."), field="new_due_at")
        return changes.dossier_request_extension(
            actor=actor,
            dossier=dossier,
            revision=revision,
            new_due_at=given.new_due_at,
            reason=given.reason,
        )
    if chosen is Action.REFUSE:
        return changes.dossier_refuse(
            actor=actor, dossier=dossier, revision=revision, reason=given.reason
        )
    if chosen is Action.STOP:
        return changes.dossier_stop(
            actor=actor, dossier=dossier, revision=revision, reason=given.reason
        )
    if chosen is Action.WITHDRAW:
        return changes.dossier_withdraw(
            actor=actor, dossier=dossier, revision=revision, reason=given.reason
        )
    if chosen is Action.RETURN_RESULT:
        return changes.dossier_return_result(
            actor=actor, dossier=dossier, revision=revision, via=given.via, note=given.note
        )
    if chosen is Action.RECORD_POSTAL_DISPATCH:
        return changes.dossier_record_postal_dispatch(
            actor=actor, dossier=dossier, revision=revision, tracking_number=given.tracking_number
        )
    raise DossierError(_("This action is taken elsewhere."), code="unknown_action")
