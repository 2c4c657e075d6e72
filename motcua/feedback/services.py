"""Every write of feedback: receive, the officers' actions, the sender's reopening, readers'
reactions, the sweep and its warnings, Open311 client keys (style.md: one way to change it).

The shape of each action: lock the row, check the state (lifecycle) and the actor (policies),
apply, save the changed fields, append the `FeedbackEvent`, queue side effects on commit. Every
working-day limit comes from the responsible unit's working calendar (motcua.deadlines).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.accounts.models import Membership, OrgUnit, Role, User
from motcua.accounts.selectors import AnyUser, working_calendar_for_unit
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.core.text import search_column
from motcua.core.time import local, today
from motcua.deadlines.engine import TimeLimit, due_time, is_at_risk, is_overdue
from motcua.dossiers.models import Dossier
from motcua.feedback import policies
from motcua.feedback.files import check_photos
from motcua.feedback.keys import hash_key
from motcua.feedback.lifecycle import LIMIT_DAYS, Action, TransitionRefusedError, rule_for
from motcua.feedback.models import (
    ApiClient,
    Feedback,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackEvent,
    FeedbackPhoto,
    FeedbackState,
    Reaction,
)
from motcua.notifications.models import Notification, NotificationChannel

STAFF_CHANNELS = frozenset({FeedbackChannel.PHONE, FeedbackChannel.LETTER, FeedbackChannel.EMAIL})
ANSWER_DAYS = LIMIT_DAYS[FeedbackState.IN_HANDLING]


class FeedbackError(DomainError):
    """An action on a feedback is refused: wrong state, missing input."""


class FeedbackChangedError(FeedbackError):
    """Another action changed the feedback since the actor loaded it."""

    code = "conflict"
    status = 409


@dataclass(frozen=True)
class FeedbackInput:
    """What a sender tells: who they are, what it is about, where."""

    category: FeedbackCategory
    sender_name: str
    title: str
    content: str
    sender_address: str = ""
    sender_phone: str = ""
    sender_email: str = ""
    address: str = ""
    lat: Decimal | None = None
    long: Decimal | None = None
    dossier_code: str = ""
    media_url: str = ""


def working_days_after(*, unit: OrgUnit, start: datetime, days: int) -> datetime:
    """Return closing time of the `days`-th working day after `start`'s receipt day in the
    unit's calendar (domain.md §6 rules 1-2)."""
    calendar = working_calendar_for_unit(unit=unit)
    limit = TimeLimit(days, "working_days")  # type: ignore[arg-type]
    return due_time(start=start, limit=limit, calendar=calendar).due_at


def _require(text: str, message: str, field: str) -> str:
    if not text.strip():
        raise FeedbackError(message, field=field)
    return text.strip()


def _search_text(feedback: Feedback) -> str:
    return search_column(feedback.title, feedback.content, feedback.answer, feedback.address)


def _record(
    feedback: Feedback,
    *,
    action: Action,
    actor: User | None,
    at: datetime,
    from_state: str,
    fields: Sequence[str],
    note: str = "",
    data: dict[str, Any] | None = None,
) -> FeedbackEvent:
    """Save the changed fields and append the event in the caller's transaction: event n
    leaves the feedback at revision n."""
    feedback.revision += 1
    feedback.search_text = _search_text(feedback)
    if feedback.pk is None:
        feedback.save()
    else:
        feedback.save(update_fields=sorted({*fields, "revision", "search_text", "updated_at"}))
    return FeedbackEvent.objects.create(
        feedback=feedback,
        sequence=feedback.revision,
        action=action.value,
        at=at,
        actor=actor,
        from_state=from_state,
        to_state=feedback.state,
        due_at=feedback.due_at,
        note=note,
        data=data or {},
    )


def _check_media_url(url: str) -> None:
    """Accept only an http(s) address: the staff page links it (no `javascript:` links)."""
    if not url.strip():
        return
    try:
        URLValidator(schemes=["http", "https"])(url.strip())
    except ValidationError:
        raise FeedbackError(
            _("The media URL must be an http or https address."), field="media_url"
        ) from None


def _check_place(data: FeedbackInput) -> None:
    if (data.lat is None) != (data.long is None):
        raise FeedbackError(_("Give both the latitude and the longitude, or neither."), field="lat")
    if data.lat is not None and not Decimal(-90) <= data.lat <= Decimal(90):
        raise FeedbackError(_("The latitude must be between -90 and 90."), field="lat")
    if data.long is not None and not Decimal(-180) <= data.long <= Decimal(180):
        raise FeedbackError(_("The longitude must be between -180 and 180."), field="long")


@transaction.atomic
def feedback_receive(
    *,
    data: FeedbackInput,
    channel: str,
    actor: AnyUser | None = None,
    sender_user: User | None = None,
    api_client: ApiClient | None = None,
    photos: Sequence[File[bytes]] = (),
) -> Feedback:
    """Receive a feedback: the clock starts (2 working days to classify or reject it).

    Portal feedback may come from anyone (an account is needed only to reopen the answer);
    phone calls, letters and e-mails are entered by staff; `api` needs an Open311 client app.
    A dossier code that exists links the dossier; one that does not is kept as written.
    """
    if channel in STAFF_CHANNELS and not policies.can_enter_feedback(actor or _anonymous()):
        raise PermissionDeniedError(
            _("Only staff enter feedback received by phone, letter or e-mail.")
        )
    if channel == FeedbackChannel.API and api_client is None:
        raise PermissionDeniedError(_("Feedback through the API needs a client app key."))
    if not data.category.active:
        raise FeedbackError(_("This category no longer accepts feedback."), field="category")
    _require(data.sender_name, _("Give the sender's name."), "sender_name")
    _require(data.content, _("Describe the problem or the proposal."), "content")
    _check_place(data)
    _check_media_url(data.media_url)
    photo_types = check_photos(list(photos))
    now = timezone.now()
    code = data.dossier_code.strip()
    feedback = Feedback(
        category=data.category,
        unit=data.category.responsible_unit,
        channel=channel,
        sender_name=data.sender_name.strip(),
        sender_address=data.sender_address.strip(),
        sender_phone=data.sender_phone.strip(),
        sender_email=data.sender_email.strip(),
        sender_user=sender_user,
        title=(data.title.strip() or data.content.strip())[:255],
        content=data.content.strip(),
        address=data.address.strip(),
        lat=data.lat,
        long=data.long,
        media_url=data.media_url.strip(),
        dossier_code=code,
        dossier=Dossier.objects.filter(code=code).first() if code else None,
        state=FeedbackState.RECEIVED,
        received_at=now,
        token=uuid.uuid4().hex,
        api_client=api_client,
    )
    unit = data.category.responsible_unit
    feedback.due_at = working_days_after(
        unit=unit, start=now, days=LIMIT_DAYS[FeedbackState.RECEIVED]
    )
    feedback.answer_due_at = working_days_after(unit=unit, start=now, days=ANSWER_DAYS)
    staff = actor if isinstance(actor, User) and channel in STAFF_CHANNELS else None
    _record(
        feedback,
        action=Action.RECEIVE,
        actor=staff,
        at=now,
        from_state="",
        fields=(),
        data={"channel": channel, "api_client": api_client.name if api_client else None},
    )
    for photo, content_type in zip(photos, photo_types, strict=True):
        FeedbackPhoto.objects.create(feedback=feedback, file=photo, content_type=content_type)
    return feedback


def _anonymous() -> AnyUser:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _lock(feedback: Feedback, revision: int | None) -> Feedback:
    fresh = (
        Feedback.objects.select_for_update().select_related("unit", "category").get(pk=feedback.pk)
    )
    if revision is not None and fresh.revision != revision:
        raise FeedbackChangedError(
            _("This feedback changed since you opened it; reload it and try again.")
        )
    return fresh


def _check(feedback: Feedback, action: Action, actor: AnyUser) -> str:
    try:
        rule = rule_for(action, feedback.state)
    except TransitionRefusedError:
        raise FeedbackError(
            _("This action is not allowed while the feedback is “%(state)s”.")
            % {"state": FeedbackState(feedback.state).label},
            code="not_allowed",
        ) from None
    if not policies.can_act_on_feedback(actor, feedback, action):
        raise PermissionDeniedError(_("You are not allowed to take this action on this feedback."))
    return rule.target


@transaction.atomic
def feedback_act(
    *,
    feedback: Feedback,
    action: Action,
    actor: AnyUser,
    revision: int | None = None,
    note: str = "",
    answer: str = "",
    category: FeedbackCategory | None = None,
    forwarded_to: str = "",
) -> Feedback:
    """Apply an officer's or the sender's `action` to the feedback, or raise FeedbackError.

    Limits (working days of the responsible unit, domain.md §11): classified → 5 from receipt
    to ask for information, forward or start handling; in handling → 15 from receipt (from the
    day the information arrives after a request, from the reopening after a reopen); answer ready
    → 2 to publish. A request for information stops the clock until the sender answers.
    """
    feedback = _lock(feedback, revision)
    target = _check(feedback, action, actor)
    user = actor if isinstance(actor, User) else None
    now = timezone.now()
    from_state = feedback.state
    note = note.strip()
    fields: set[str] = {"state", "due_at"}
    data: dict[str, Any] = {}
    if action is Action.CLASSIFY:
        if category is not None and category.pk != feedback.category_id:
            if not category.active:
                raise FeedbackError(
                    _("This category no longer accepts feedback."), field="category"
                )
            data["category"] = {"from": feedback.category.code, "to": category.code}
            feedback.category = category
            feedback.unit = category.responsible_unit
            fields |= {"category", "unit"}
        feedback.due_at = working_days_after(
            unit=feedback.unit,
            start=feedback.received_at,
            days=LIMIT_DAYS[FeedbackState.CLASSIFIED],
        )
    elif action is Action.REJECT:
        feedback.status_notes = _require(note, _("Give the reason for rejecting it."), "note")
        feedback.finished_at, feedback.due_at = now, None
        fields |= {"status_notes", "finished_at"}
    elif action is Action.REQUEST_INFORMATION:
        feedback.status_notes = _require(note, _("Say what information is needed."), "note")
        feedback.paused_since, feedback.due_at = now, None
        fields |= {"status_notes", "paused_since"}
    elif action is Action.PROVIDE_INFORMATION:
        _require(note, _("Write down the information the sender gave."), "note")
        feedback.paused_since = None
        feedback.status_notes = ""
        feedback.answer_due_at = working_days_after(unit=feedback.unit, start=now, days=ANSWER_DAYS)
        feedback.due_at = feedback.answer_due_at
        fields |= {"paused_since", "status_notes", "answer_due_at"}
    elif action is Action.FORWARD:
        feedback.forwarded_to = _require(
            forwarded_to, _("Name the competent agency it is forwarded to."), "forwarded_to"
        )
        feedback.status_notes = _("Forwarded to %(agency)s.") % {"agency": feedback.forwarded_to}
        if note:
            feedback.status_notes = f"{feedback.status_notes} {note}"
        feedback.finished_at, feedback.due_at = now, None
        fields |= {"forwarded_to", "status_notes", "finished_at"}
    elif action is Action.START_HANDLING:
        feedback.holder = user
        feedback.due_at = feedback.answer_due_at
        fields |= {"holder"}
    elif action is Action.ANSWER:
        feedback.answer = _require(answer, _("Write the answer."), "answer")
        feedback.answer_ready_at = now
        feedback.due_at = working_days_after(
            unit=feedback.unit, start=now, days=LIMIT_DAYS[FeedbackState.AWAITING_PUBLICATION]
        )
        fields |= {"answer", "answer_ready_at"}
        data["answer"] = feedback.answer
    elif action is Action.RETURN_ANSWER:
        _require(note, _("Say what must change in the answer."), "note")
        feedback.due_at = feedback.answer_due_at
        feedback.answer_ready_at = None
        fields |= {"answer_ready_at"}
    elif action is Action.PUBLISH:
        feedback.published_at = feedback.finished_at = now
        feedback.due_at = None
        feedback.status_notes = ""
        fields |= {"published_at", "finished_at", "status_notes"}
        transaction.on_commit(lambda: _notify_sender(feedback.pk))
    elif action is Action.REOPEN:
        if feedback.reopened_at is not None:
            raise FeedbackError(_("An answer can be reopened only once."), code="not_allowed")
        feedback.reopen_reason = _require(note, _("Give the reason for reopening it."), "note")
        feedback.reopened_at = now
        feedback.answer_due_at = working_days_after(unit=feedback.unit, start=now, days=ANSWER_DAYS)
        feedback.due_at = feedback.answer_due_at
        feedback.finished_at = None
        fields |= {"reopen_reason", "reopened_at", "answer_due_at", "finished_at"}
    feedback.state = target
    feedback.at_risk = feedback.overdue = False
    fields |= {"at_risk", "overdue"}
    _record(
        feedback,
        action=action,
        actor=user,
        at=now,
        from_state=from_state,
        fields=sorted(fields),
        note=note,
        data=data,
    )
    return feedback


@transaction.atomic
def feedback_react(*, feedback: Feedback, reader: str, value: int) -> Feedback:
    """Record a reader's like (+1) or dislike (-1) of a published answer; a second reaction by
    the same reader replaces the first (766 criterion 5.3 counts likes and dislikes)."""
    if value not in (-1, 1):
        raise FeedbackError(_("A reaction is a like or a dislike."), field="value")
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.state != FeedbackState.PUBLISHED:
        raise FeedbackError(
            _("Only a published answer can be liked or disliked."), code="not_allowed"
        )
    Reaction.objects.update_or_create(
        feedback=feedback, reader=reader[:50], defaults={"value": value, "at": timezone.now()}
    )
    counts = Reaction.objects.filter(feedback=feedback).aggregate(
        likes=Count("pk", filter=Q(value=1)), dislikes=Count("pk", filter=Q(value=-1))
    )
    feedback.likes, feedback.dislikes = counts["likes"], counts["dislikes"]
    feedback.save(update_fields=["likes", "dislikes"])
    return feedback


# -- warnings -----------------------------------------------------------------------------------


def _when(moment: datetime | None) -> str:
    return local(moment).strftime("%H:%M %d/%m/%Y") if moment is not None else "—"


def _enqueue(notifications: list[Notification]) -> None:
    from motcua.notifications.tasks import deliver_notification

    ids = [notification.pk for notification in notifications]
    transaction.on_commit(lambda: [deliver_notification.enqueue(pk) for pk in ids])


def _notify_sender(feedback_id: int) -> None:
    """Tell the sender by e-mail that the answer is published (the row first, then the queue)."""
    feedback = Feedback.objects.filter(pk=feedback_id).first()
    if feedback is None or not feedback.sender_email:
        return
    with transaction.atomic(), translation.override("vi"):
        notification = Notification.objects.create(
            reason="feedback_answer",
            channel=NotificationChannel.EMAIL,
            recipient=feedback.sender_email,
            subject=str(
                _("The answer to your feedback #%(id)s is published") % {"id": feedback.pk}
            ),
            body=str(feedback.answer),
        )
        _enqueue([notification])


def _people_to_warn(feedback: Feedback) -> list[User]:
    """The holder (or, without one, the unit's staff) and the supervisors of the unit and of
    every unit above it (issue 8: holder and supervisors)."""
    unit = feedback.unit
    wanted = Q(unit_id__in=unit.ancestor_ids, role=Role.SUPERVISOR)
    people: dict[int, User] = {}
    if feedback.holder is not None:
        people[feedback.holder.pk] = feedback.holder
    else:
        wanted |= Q(unit_id=unit.pk, role__in=policies.STAFF)
    day = today()
    memberships = (
        Membership.objects.filter(wanted, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=day))
        .select_related("user")
    )
    for membership in memberships:
        people[membership.user.pk] = membership.user
    return [user for user in people.values() if user.email and user.is_active]


@dataclass
class SweepReport:
    at_risk: list[Feedback] = field(default_factory=list)
    overdue: list[Feedback] = field(default_factory=list)
    warnings: int = 0


@transaction.atomic
def feedback_sweep(*, now: datetime | None = None) -> SweepReport:
    """Flag running feedback at risk (less than one working day left) and overdue, and warn
    the holder and supervisors of what is newly flagged, through the notifications outbox.

    Feedback waiting for the sender's information has no due time (the clock waits); closed
    feedback has none either. Flags are not history events (nobody acted).
    """
    moment = now or timezone.now()
    report = SweepReport()
    calendars: dict[int, Any] = {}
    running = Feedback.objects.filter(due_at__isnull=False).select_related("unit", "holder")
    for feedback in running:
        assert feedback.due_at is not None  # noqa: S101 -- filtered above
        if feedback.unit_id not in calendars:
            calendars[feedback.unit_id] = working_calendar_for_unit(unit=feedback.unit)
        overdue = is_overdue(due_at=feedback.due_at, now=moment)
        at_risk = not overdue and is_at_risk(
            due_at=feedback.due_at, now=moment, calendar=calendars[feedback.unit_id]
        )
        if (at_risk, overdue) == (feedback.at_risk, feedback.overdue):
            continue
        if at_risk and not feedback.at_risk:
            report.at_risk.append(feedback)
        if overdue and not feedback.overdue:
            report.overdue.append(feedback)
        feedback.at_risk, feedback.overdue = at_risk, overdue
        feedback.save(update_fields=["at_risk", "overdue"])
    Feedback.objects.filter(due_at__isnull=True).filter(Q(at_risk=True) | Q(overdue=True)).update(
        at_risk=False, overdue=False
    )
    created: list[Notification] = []
    for reason, items in (
        ("feedback_at_risk", report.at_risk),
        ("feedback_overdue", report.overdue),
    ):
        for feedback in items:
            with translation.override("vi"):
                subject = (
                    _("Feedback #%(id)s is due within one working day")
                    if reason == "feedback_at_risk"
                    else _("Feedback #%(id)s is overdue")
                ) % {"id": feedback.pk}
                body = _("%(title)s\nState: %(state)s\nDue: %(time)s") % {
                    "title": feedback.title,
                    "state": FeedbackState(feedback.state).label,
                    "time": _when(feedback.due_at),
                }
            for user in _people_to_warn(feedback):
                created.append(
                    Notification.objects.create(
                        reason=reason,
                        channel=NotificationChannel.EMAIL,
                        recipient=user.email,
                        subject=str(subject),
                        body=str(body),
                    )
                )
    report.warnings = len(created)
    _enqueue(created)
    return report


# -- Open311 client apps --------------------------------------------------------------------------


@transaction.atomic
def api_client_create(*, name: str) -> tuple[ApiClient, str]:
    """Issue an API key to a client app; return the app and the key (shown once, not stored)."""
    name = _require(name, _("Name the client app."), "name")
    if ApiClient.objects.filter(name=name).exists():
        raise FeedbackError(
            _("A client app named %(name)s exists already.") % {"name": name}, field="name"
        )
    key = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(name=name, key_hash=hash_key(key), key_prefix=key[:8])
    return client, key


@transaction.atomic
def api_client_revoke(*, name: str) -> ApiClient:
    """Deactivate a client app's key (it is refused from now on); FeedbackError if unknown."""
    client = ApiClient.objects.select_for_update().filter(name=name.strip()).first()
    if client is None:
        raise FeedbackError(
            _("There is no client app named %(name)s.") % {"name": name}, field="name"
        )
    client.active = False
    client.save(update_fields=["active"])
    return client
