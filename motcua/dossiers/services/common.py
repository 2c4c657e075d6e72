"""What every dossier service shares: locking, the event, the clocks of steps (style.md: one way
to change a dossier)."""

from __future__ import annotations

import json
import math
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from motcua.accounts.models import OrgUnit, User
from motcua.accounts.selectors import working_calendar_for_unit
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.core.time import local
from motcua.deadlines.calendar import WorkingCalendar
from motcua.deadlines.engine import TimeLimit, due_time
from motcua.dossiers import chain, policies
from motcua.dossiers.lifecycle import Action, TransitionRefusedError, rule_for
from motcua.dossiers.models import Dossier, DossierEvent, DossierState, DossierStep
from motcua.workflow.engine import to_hours


class DossierError(DomainError):
    """An action on a dossier is refused: wrong state, wrong time, bad input."""


class DossierChangedError(DossierError):
    """Another action changed the dossier since the actor loaded it (optimistic concurrency)."""

    code = "conflict"
    status = 409


def iso(moment: datetime | None) -> str | None:
    """Return a time for an event's data: ISO 8601 in Vietnam time (what people read)."""
    return local(moment).isoformat() if moment is not None else None


def calendar_for(unit: OrgUnit, cache: dict[int, WorkingCalendar] | None = None) -> WorkingCalendar:
    """Return the working calendar of `unit`, from `cache` when a service needs it twice."""
    if cache is not None and unit.pk in cache:
        return cache[unit.pk]
    calendar = working_calendar_for_unit(unit=unit)
    if cache is not None:
        cache[unit.pk] = calendar
    return calendar


def lock(dossier: Dossier, revision: int | None) -> Dossier:
    """Return the dossier's row locked for this transaction, refusing a stale `revision`.

    `revision` is the one the actor saw (the page or the API sends it back); None skips the
    check (background work). On PostgreSQL the lock makes a second officer wait, then see the
    new revision; on SQLite the IMMEDIATE transaction serialises writers the same way.
    """
    fresh = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if revision is not None and fresh.revision != revision:
        raise DossierChangedError(
            _("This dossier changed since you opened it; reload it and try again."),
        )
    return fresh


def check_transition(
    *,
    actor: User | None,
    dossier: Dossier,
    action: Action,
    step: DossierStep | None = None,
    consulted_unit_id: int | None = None,
) -> str:
    """Return the state after `action`, or raise: not allowed now, or not by this actor.

    `actor` None is the system (a migration, an import, the citizen portal's own checks).
    """
    try:
        rule = rule_for(action, dossier.state)
    except TransitionRefusedError:
        raise DossierError(
            _("This action is not allowed while the dossier is “%(state)s”.")
            % {"state": DossierState(dossier.state).label if dossier.state else _("new")},
            code="not_allowed",
        ) from None
    if actor is not None and not policies.can_act(
        actor, dossier, action, step=step, consulted_unit_id=consulted_unit_id
    ):
        raise PermissionDeniedError(_("You are not allowed to take this action on this dossier."))
    return rule.target or dossier.state


def record(
    dossier: Dossier,
    *,
    action: Action,
    actor: User | None,
    at: datetime,
    from_state: str,
    from_position: int | None,
    fields: list[str],
    actor_unit: OrgUnit | None = None,
    to_holder: User | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> DossierEvent:
    """Save the changed `fields` of the dossier and append its event, in the caller's transaction.

    The revision counts the events: event n leaves the dossier at revision n.
    """
    dossier.revision += 1
    if dossier.pk is None:
        dossier.save()
    event = DossierEvent(
        dossier=dossier,
        sequence=dossier.revision,
        action=action.value,
        at=at,
        actor=actor,
        actor_unit=actor_unit,
        from_state=from_state,
        to_state=dossier.state,
        from_position=from_position,
        to_position=dossier.position,
        to_unit=dossier.holder_unit,
        to_holder=to_holder,
        note=note,
        data=data or {},
    )
    # The tamper-evident chain (dossiers.chain): the dossier row is locked, so its head is the
    # previous event's hash; the data round-trips through JSON first, as the database keeps it.
    event.data = json.loads(json.dumps(event.data))
    event.chain_hash = chain.event_hash(
        dossier.history_hash or chain.GENESIS, chain.event_content(event)
    )
    event.save()
    dossier.history_hash = event.chain_hash
    dossier.save(update_fields=[*fields, "revision", "history_hash"])
    # In the same transaction: what must never lag behind the events (the indicators' fact
    # tables, motcua.reporting.services.facts_on_event). A dotted path each, in settings, so
    # that this app imports none of the apps that keep them; an explicit call, not a signal.
    for path in settings.MOTCUA_DOSSIER_EVENT_RECORDERS:
        import_string(path)(event)
    transaction.on_commit(partial(_after_commit, event.pk))
    return event


def _after_commit(event_id: int) -> None:
    """Enqueue the tasks configured to follow every dossier event (the notifications of NĐ
    224/2026 Art. 15), once the event is committed: by dotted path (settings), so that this
    app imports none of the apps that react to it."""
    for path in settings.MOTCUA_DOSSIER_EVENT_TASKS:
        import_string(path).enqueue(event_id)


def step_due(
    step: DossierStep, start: datetime, cache: dict[int, WorkingCalendar]
) -> datetime | None:
    """Return when a step started at `start` is due (domain.md §6 rule 6), None if untimed.

    Allotments in days count the unit's hours per day; a fraction of an hour is rounded up
    to the next whole working hour (the engine counts whole hours; real allotments are
    quarter days, i.e. whole hours).
    """
    if step.allotted_value <= 0:
        return None
    calendar = calendar_for(step.actor_unit, cache)
    hours = to_hours(
        value=step.allotted_value,
        unit=step.allotted_unit,
        hours_per_day=Decimal(calendar.office_hours.hours_per_day.total_seconds()) / 3600,
    )
    limit = TimeLimit(math.ceil(hours), "working_hours")  # type: ignore[arg-type]
    return due_time(start=start, limit=limit, calendar=calendar).due_at


def at_position(dossier: Dossier, position: int | None) -> QuerySet[DossierStep]:
    """Return the dossier's steps at `position` (none for None) as a queryset to update."""
    if position is None:
        return dossier.steps.none()
    return dossier.steps.filter(position=position)


def steps_at(dossier: Dossier, position: int | None) -> list[DossierStep]:
    """Return the steps at `position`, the lead first (joint parallel steps share a position)."""
    if position is None:
        return []
    return list(
        dossier.steps.filter(position=position)
        .select_related("actor_unit", "holder")
        .order_by("-is_lead", "pk")
    )


def start_position(
    dossier: Dossier, position: int | None, now: datetime, cache: dict[int, WorkingCalendar]
) -> list[DossierStep]:
    """Start the steps at `position`: their clocks run from `now`; the dossier goes there."""
    steps = steps_at(dossier, position)
    for step in steps:
        step.started_at = now
        step.finished_at = None
        step.holder = None
        step.due_at = step_due(step, now, cache)
        step.save(update_fields=["started_at", "finished_at", "holder", "due_at"])
    dossier.position = position if steps else None
    dossier.holder_unit = steps[0].actor_unit if steps else None
    dossier.holder = None
    return steps


def next_position(dossier: Dossier, position: int | None) -> int | None:
    """Return the position after `position` in the dossier's steps, None after the last."""
    later = dossier.steps.filter(position__gt=position or 0).order_by("position").first()
    return later.position if later is not None else None


def previous_position(dossier: Dossier, position: int | None) -> int | None:
    earlier = dossier.steps.filter(position__lt=position or 0).order_by("-position").first()
    return earlier.position if earlier is not None else None


def is_return_step(dossier: Dossier, position: int | None) -> bool:
    """Return whether `position` is the last step and belongs to the one-stop unit (the return
    of the result, NĐ 61/2018 Art. 20): reaching it means processing is finished."""
    if position is None or next_position(dossier, position) is not None:
        return False
    lead = steps_at(dossier, position)[0]
    return lead.actor_role == "one_stop_officer"


def acting_step(dossier: Dossier, actor: User | None) -> DossierStep:
    """Return the step at the current position the actor acts on: theirs among the unfinished
    parallel joint steps (the one whose unit and role they hold), else the first unfinished one,
    lead first. A step already finished is never acted on again: an agency that finished its part
    of a parallel joint position gets a refusal, not a second completion, while the others work.
    """
    steps = [step for step in steps_at(dossier, dossier.position) if step.finished_at is None]
    if not steps:
        raise DossierError(_("This dossier has no current step."))
    if actor is not None:
        for step in steps:
            if policies.holds_role(actor, step.actor_unit, {step.actor_role}):
                return step
    return steps[0]


def transition(
    *,
    actor: User | None,
    dossier: Dossier,
    revision: int | None,
    action: Action,
    fields: list[str],
    change: Any,
    note: str = "",
    data: dict[str, Any] | None = None,
    to_holder: User | None = None,
) -> Dossier:
    """Lock, check, apply `change(dossier, step, now)`, record: the shape of every action here."""
    dossier = lock(dossier, revision)
    step = acting_step(dossier, actor) if dossier.position is not None else None
    target = check_transition(actor=actor, dossier=dossier, action=action, step=step)
    from_state, from_position = dossier.state, dossier.position
    now = timezone.now()
    extra = change(dossier, step, now) or {}
    dossier.state = target if dossier.state == from_state else dossier.state
    record(
        dossier,
        action=action,
        actor=actor,
        at=now,
        from_state=from_state,
        from_position=from_position,
        fields=sorted({"state", *fields}),
        actor_unit=step.actor_unit if step is not None else dossier.receiving_unit,
        to_holder=to_holder,
        note=note.strip(),
        data={**(data or {}), **extra},
    )
    return dossier


def require(text: str, message: str, field: str) -> None:
    if not text.strip():
        raise DossierError(message, field=field)
