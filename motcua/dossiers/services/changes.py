"""Changes of a dossier in processing: supplement, extension, refusal, stop, withdrawal, and
the return of the result (domain.md §5, §6; NĐ 61/2018 Art. 19-20)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.deadlines.calendar import WorkingCalendar
from motcua.deadlines.engine import TimeLimit, due_time, working_time_between
from motcua.dossiers.files import check_scan
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.services.applications import Component, add_components
from motcua.dossiers.services.common import (
    DossierError,
    at_position,
    calendar_for,
    iso,
    require,
    step_due,
    steps_at,
    transition,
)

# NĐ 61/2018 Art. 19(4): a supplement after appraisal may be asked within 3 working days of
# receipt.
SUPPLEMENT_WINDOW = TimeLimit(3, "working_days")  # type: ignore[arg-type]


# -- supplement, extension ------------------------------------------------------------------


@transaction.atomic
def dossier_request_supplement(
    *, actor: User, dossier: Dossier, revision: int, items: list[str], reason: str = ""
) -> Dossier:
    """Ask the applicant, through the one-stop unit, for what is missing (form 02).

    NĐ 61/2018 Art. 19(4): at the latest 3 working days after receipt. The clock pauses until
    the complete dossier arrives (domain.md §6 rule 7); every request counts (766 index).
    """
    items = [item.strip() for item in items if item.strip()]
    if not items:
        raise DossierError(_("List the missing or incorrect documents."), field="items")

    def change(dossier: Dossier, step: DossierStep, now: datetime) -> None:
        assert dossier.received_at is not None  # noqa: S101 -- processing implies receipt
        calendar = calendar_for(dossier.receiving_unit)
        window = due_time(start=dossier.received_at, limit=SUPPLEMENT_WINDOW, calendar=calendar)
        if now > window.due_at:
            raise DossierError(
                _(
                    "A supplement can only be asked within 3 working days of receipt "
                    "(until %(time)s)."
                )
                % {"time": timezone.localtime(window.due_at).strftime("%H:%M %d/%m/%Y")},
                code="too_late",
            )
        dossier.paused_since = now
        dossier.supplement_requests += 1

    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=Action.REQUEST_SUPPLEMENT,
        fields=["paused_since", "supplement_requests"],
        change=change,
        note=reason,
        data={"items": items},
    )


@transaction.atomic
def dossier_complete_supplement(
    *,
    actor: User | None,
    dossier: Dossier,
    revision: int,
    note: str = "",
    components: tuple[Component, ...] = (),
) -> Dossier:
    """Record that the missing items arrived: the legal limit restarts from zero (rule 7).

    The wait is recorded as a pause (`paused_from`/`paused_to`) for the 766 index, which
    subtracts it instead; the current step's clock starts again too. `components` are the
    documents handed in (the applicant's uploads online), added in the same transaction; their
    files are checked like any scan.
    """
    for index, component in enumerate(components):
        if component.file is not None:
            check_scan(component.file, field=f"components.{index}.file")

    def change(dossier: Dossier, step: DossierStep, now: datetime) -> dict[str, Any]:
        paused_from = dossier.paused_since
        cache: dict[int, WorkingCalendar] = {}
        calendar = calendar_for(dossier.receiving_unit, cache)
        limit = TimeLimit(dossier.limit_value, dossier.limit_unit)  # type: ignore[arg-type]
        previous = dossier.original_due_at
        restarted = due_time(start=now, limit=limit, calendar=calendar)
        dossier.original_due_at = dossier.due_at = restarted.due_at
        dossier.paused_since = None
        for current in steps_at(dossier, dossier.position):
            if current.finished_at is None:
                current.started_at = now
                current.due_at = step_due(current, now, cache)
                current.save(update_fields=["started_at", "due_at"])
        add_components(dossier, components)
        return {
            "components": len(components),
            "paused_from": iso(paused_from),
            "paused_to": iso(now),
            "previous_due_at": iso(previous),
            "due_at": iso(restarted.due_at),
        }

    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=Action.COMPLETE_SUPPLEMENT,
        fields=["original_due_at", "due_at", "paused_since"],
        change=change,
        note=note,
    )


@transaction.atomic
def dossier_request_extension(
    *, actor: User, dossier: Dossier, revision: int, new_due_at: datetime, reason: str
) -> Dossier:
    """Apologise and set a new appointment (form 04), once, at the latest one working day
    before the due time (NĐ 61/2018 Art. 19(9)). The legal due time is kept: finishing after
    it is late all the same."""
    require(reason, _("Give the reason for the delay."), "reason")

    def change(dossier: Dossier, step: DossierStep, now: datetime) -> dict[str, Any]:
        assert dossier.due_at is not None  # noqa: S101 -- processing implies a due time
        if dossier.extended_at is not None:
            raise DossierError(
                _("The appointment was already extended once; a second extension is not allowed."),
                code="already_extended",
            )
        calendar = calendar_for(dossier.receiving_unit)
        left = working_time_between(start=now, end=dossier.due_at, calendar=calendar)
        if left < calendar.office_hours.hours_per_day:
            raise DossierError(
                _("An extension must be asked at the latest one working day before the due time."),
                code="too_late",
            )
        if new_due_at <= dossier.due_at:
            raise DossierError(
                _("The new appointment must be after the current one."), field="new_due_at"
            )
        previous = dossier.due_at
        dossier.due_at = new_due_at
        dossier.extended_at = now
        return {"previous_due_at": iso(previous), "due_at": iso(new_due_at)}

    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=Action.REQUEST_EXTENSION,
        fields=["due_at", "extended_at"],
        change=change,
        note=reason,
    )


# -- endings --------------------------------------------------------------------------------


def _finish(dossier: Dossier, step: DossierStep | None, now: datetime) -> None:
    dossier.finished_at = now
    dossier.paused_since = None
    dossier.holder = None


def _end(action: Action, *, actor: User, dossier: Dossier, revision: int, reason: str) -> Dossier:
    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=action,
        fields=["finished_at", "paused_since", "holder"],
        change=_finish,
        note=reason,
    )


@transaction.atomic
def dossier_refuse(*, actor: User, dossier: Dossier, revision: int, reason: str) -> Dossier:
    """Refuse after appraisal, with the reasons, within the time limit (domain.md §5)."""
    require(reason, _("Give the reasons for the refusal."), "reason")
    return _end(Action.REFUSE, actor=actor, dossier=dossier, revision=revision, reason=reason)


@transaction.atomic
def dossier_stop(*, actor: User, dossier: Dossier, revision: int, reason: str) -> Dossier:
    """Stop processing (form 05): the applicant asked, or processing must stop."""
    require(reason, _("Give the reason for stopping."), "reason")
    return _end(Action.STOP, actor=actor, dossier=dossier, revision=revision, reason=reason)


@transaction.atomic
def dossier_withdraw(*, actor: User, dossier: Dossier, revision: int, reason: str = "") -> Dossier:
    """Record the applicant's withdrawal of the dossier."""
    return _end(Action.WITHDRAW, actor=actor, dossier=dossier, revision=revision, reason=reason)


@transaction.atomic
def dossier_return_result(
    *, actor: User, dossier: Dossier, revision: int, via: str = "counter", note: str = ""
) -> Dossier:
    """Hand the result over at the counter or online (NĐ 61/2018 Art. 20)."""

    def change(dossier: Dossier, step: DossierStep | None, now: datetime) -> None:
        dossier.returned_at = now
        at_position(dossier, dossier.position).update(finished_at=now, holder=actor)
        dossier.holder = None

    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=Action.RETURN_RESULT,
        fields=["returned_at", "holder"],
        change=change,
        note=note,
        data={"via": via},
    )


@transaction.atomic
def dossier_record_postal_dispatch(
    *, actor: User, dossier: Dossier, revision: int, tracking_number: str
) -> Dossier:
    """Record that the result left by post, with the postal tracking number."""
    require(tracking_number, _("The postal tracking number is missing."), "tracking_number")

    def change(dossier: Dossier, step: DossierStep | None, now: datetime) -> None:
        dossier.returned_at = now
        at_position(dossier, dossier.position).update(finished_at=now, holder=actor)
        dossier.holder = None

    return transition(
        actor=actor,
        dossier=dossier,
        revision=revision,
        action=Action.RECORD_POSTAL_DISPATCH,
        fields=["returned_at", "holder"],
        change=change,
        data={"via": "postal", "tracking_number": tracking_number.strip()},
    )
