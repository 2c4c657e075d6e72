"""Processing along the pinned process: assign, take, complete, approve, sign, issue the
result, send back, consult (domain.md §5; NĐ 61/2018 Art. 19)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.dossiers import policies
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierState, DossierStep
from motcua.dossiers.selectors import open_consultations
from motcua.dossiers.services.common import (
    DossierError,
    at_position,
    check_transition,
    is_return_step,
    lock,
    next_position,
    previous_position,
    record,
    require,
    start_position,
    transition,
)

# -- holders --------------------------------------------------------------------------------


@transaction.atomic
def dossier_assign(*, actor: User, dossier: Dossier, revision: int, assignee: User) -> Dossier:
    """Name the officer who handles the current step (NĐ 61/2018 Art. 19(1): the head assigns)."""

    def change(dossier: Dossier, step: DossierStep, now: datetime) -> None:
        if not policies.holds_role(assignee, step.actor_unit, {step.actor_role}):
            raise DossierError(
                _("%(name)s does not hold the role this step needs in %(unit)s.")
                % {"name": str(assignee), "unit": step.actor_unit},
                field="assignee",
            )
        step.holder = assignee
        step.save(update_fields=["holder"])
        dossier.holder = assignee

    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=Action.ASSIGN,
        fields=["holder"],
        change=change,
        to_holder=assignee,
    )


@transaction.atomic
def dossier_take(*, actor: User, dossier: Dossier, revision: int) -> Dossier:
    """Take the current step: the actor becomes its holder."""

    def change(dossier: Dossier, step: DossierStep, now: datetime) -> None:
        step.holder = actor
        step.save(update_fields=["holder"])
        dossier.holder = actor

    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=Action.TAKE,
        fields=["holder"],
        change=change,
        to_holder=actor,
    )


# -- moving along the process ---------------------------------------------------------------


def _advance(
    dossier: Dossier, step: DossierStep, actor: User | None, now: datetime
) -> dict[str, Any]:
    """Finish `step`; when its position is done, start the next one. Reaching the return step
    (or the end) finishes processing: the dossier is processed, awaiting return."""
    step.finished_at = now
    step.holder = step.holder or actor
    step.save(update_fields=["finished_at", "holder"])
    if at_position(dossier, dossier.position).filter(finished_at__isnull=True).exists():
        return {"waiting_for_parallel_steps": True}  # joint parallel: the others still work
    late_step = step.due_at is not None and now > step.due_at
    following = next_position(dossier, dossier.position)
    start_position(dossier, following, now, {})
    if following is None or is_return_step(dossier, following):
        dossier.state = DossierState.PROCESSED
        dossier.finished_at = now
    return {"step_late": late_step}


def _complete(
    action: Action, *, actor: User, dossier: Dossier, revision: int, note: str
) -> Dossier:
    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=action,
        fields=["position", "holder_unit", "holder", "finished_at"],
        change=lambda dossier, step, now: _advance(dossier, step, actor, now),
        note=note,
    )


@transaction.atomic
def dossier_complete_step(
    *, actor: User, dossier: Dossier, revision: int, note: str = ""
) -> Dossier:
    """Finish the current step and hand the dossier to the next one (recorded for form 06)."""
    return _complete(
        Action.COMPLETE_STEP, actor=actor, dossier=dossier, revision=revision, note=note
    )


@transaction.atomic
def dossier_approve(*, actor: User, dossier: Dossier, revision: int, note: str = "") -> Dossier:
    """A leader approves the appraisal: their review step is done."""
    return _complete(Action.APPROVE, actor=actor, dossier=dossier, revision=revision, note=note)


@transaction.atomic
def dossier_sign(*, actor: User, dossier: Dossier, revision: int, note: str = "") -> Dossier:
    """The agency leader signs the result: their step is done."""
    return _complete(Action.SIGN, actor=actor, dossier=dossier, revision=revision, note=note)


@transaction.atomic
def dossier_issue_result(
    *, actor: User, dossier: Dossier, revision: int, note: str = ""
) -> Dossier:
    """Issue the result (numbered, sealed): processing ends; it goes to the one-stop unit.

    The result gets the code `<dossier code>-KQ<n>` (domain.md §7).
    """

    def change(dossier: Dossier, step: DossierStep, now: datetime) -> dict[str, Any]:
        step.finished_at = now
        step.holder = step.holder or actor
        step.save(update_fields=["finished_at", "holder"])
        at_position(dossier, dossier.position).filter(finished_at__isnull=True).update(
            finished_at=now
        )
        following = next_position(dossier, dossier.position)
        while following is not None and not is_return_step(dossier, following):
            at_position(dossier, following).update(finished_at=now)  # skipped: recorded
            following = next_position(dossier, following)
        start_position(dossier, following, now, {})
        dossier.state = DossierState.PROCESSED
        dossier.finished_at = now
        dossier.results_issued += 1
        return {"result_code": f"{dossier.code}-KQ{dossier.results_issued}"}

    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=Action.ISSUE_RESULT,
        fields=["position", "holder_unit", "holder", "finished_at", "results_issued"],
        change=change,
        note=note,
    )


@transaction.atomic
def dossier_send_back(*, actor: User, dossier: Dossier, revision: int, reason: str) -> Dossier:
    """Send the dossier back to the previous step, with the reason (its clock starts again)."""
    require(reason, _("Say why the dossier goes back."), "reason")

    def change(dossier: Dossier, step: DossierStep, now: datetime) -> None:
        earlier = previous_position(dossier, dossier.position)
        if earlier is None:
            raise DossierError(_("This is the first step; there is nothing to send back to."))
        at_position(dossier, dossier.position).update(
            started_at=None, due_at=None, finished_at=None, holder=None
        )
        start_position(dossier, earlier, now, {})

    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=Action.SEND_BACK,
        fields=["position", "holder_unit", "holder"],
        change=change,
        note=reason,
    )


# -- consultation ---------------------------------------------------------------------------


@transaction.atomic
def dossier_consult(
    *, actor: User, dossier: Dossier, revision: int, unit_id: int, question: str
) -> Dossier:
    """Ask another unit's opinion; the question and the answer are recorded (Art. 19(2))."""
    require(question, _("Write the question for the consulted unit."), "note")
    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=Action.CONSULT,
        fields=[],
        change=lambda dossier, step, now: None,
        note=question,
        data={"unit": unit_id},
    )


@transaction.atomic
def dossier_reply(
    *, actor: User, dossier: Dossier, revision: int, consultation: int, answer: str
) -> Dossier:
    """Answer a consultation (by its event sequence) on behalf of the consulted unit."""
    require(answer, _("Write the answer."), "note")
    dossier = lock(dossier, revision)
    asked = next((e for e in open_consultations(dossier) if e.sequence == consultation), None)
    if asked is None:
        raise DossierError(_("This consultation does not exist or was already answered."))
    unit_id = asked.data.get("unit")
    check_transition(actor=actor, dossier=dossier, action=Action.REPLY, consulted_unit_id=unit_id)
    now = timezone.now()
    record(
        dossier,
        action=Action.REPLY,
        actor=actor,
        at=now,
        from_state=dossier.state,
        from_position=dossier.position,
        fields=[],
        note=answer.strip(),
        data={"consultation": consultation, "unit": unit_id},
    )
    return dossier
