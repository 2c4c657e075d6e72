"""Every write of notifications: create them from dossier events and sweeps, deliver them.

The row comes first, then the queue (style.md, GOV.UK Notify): `notify_event` writes the
notifications of a committed event in one transaction and enqueues their delivery on commit;
`notification_deliver` tries once and schedules the next attempt (backoff) or gives up after
`MAX_ATTEMPTS` with the state `failed`; `notification_sweep` re-enqueues pending rows whose
attempt is due (a lost task, a worker restart).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.accounts.models import Membership, Role, User
from motcua.core.time import local, today
from motcua.dossiers.models import Dossier, DossierEvent, DossierState
from motcua.notifications.adapters import DeliveryError, adapter_for
from motcua.notifications.models import Notification, NotificationChannel, NotificationState

# Attempts and the wait before each retry: 1 min, 5 min, 30 min, 2 h; then failed.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = len(BACKOFF) + 1
# Actions the applicant is told of besides state changes: a new appointment (form 04).
ALSO_NOTIFIED = frozenset({"request_extension"})


def _when(moment: datetime | None) -> str:
    return local(moment).strftime("%H:%M %d/%m/%Y") if moment is not None else "—"


def _status_message(event: DossierEvent, dossier: Dossier) -> tuple[str, str]:
    """The subject and text of a status notice, in Vietnamese (the applicant's language):
    the dossier, the new state, the agency and person acting, the times (Art. 15)."""
    with translation.override("vi"):
        state = DossierState(event.to_state).label if event.to_state else ""
        subject = _("Dossier %(code)s: %(state)s") % {
            "code": dossier.code or dossier.procedure_version.name[:60],
            "state": state,
        }
        lines = [
            _("Procedure: %(name)s") % {"name": dossier.procedure_version.name},
            _("Status: %(state)s, at %(time)s") % {"state": state, "time": _when(event.at)},
        ]
        unit = event.actor_unit or dossier.receiving_unit
        person = str(event.actor) if event.actor else ""
        lines.append(
            _("Agency: %(unit)s; officer: %(person)s") % {"unit": unit.name, "person": person}
            if person
            else _("Agency: %(unit)s") % {"unit": unit.name}
        )
        if dossier.received_at:
            lines.append(_("Received: %(time)s") % {"time": _when(dossier.received_at)})
        if dossier.due_at and event.to_state not in {"returned", "refused", "stopped"}:
            lines.append(_("Appointment: %(time)s") % {"time": _when(dossier.due_at)})
        if event.note:
            lines.append(_("Note: %(note)s") % {"note": event.note})
        if dossier.code:
            lines.append(_("Look it up with the code %(code)s.") % {"code": dossier.code})
    return str(subject), "\n".join(str(line) for line in lines)


def _enqueue(notifications: Iterable[Notification]) -> None:
    from motcua.notifications.tasks import deliver_notification

    ids = [notification.pk for notification in notifications]
    transaction.on_commit(lambda: [deliver_notification.enqueue(pk) for pk in ids])


@transaction.atomic
def notify_event(*, event_id: int) -> list[Notification]:
    """Create the applicant's notices of a committed event and queue them; again: nothing."""
    event = (
        DossierEvent.objects.select_related(
            "dossier__procedure_version", "dossier__receiving_unit", "actor", "actor_unit"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return []
    if event.from_state == event.to_state and event.action not in ALSO_NOTIFIED:
        return []
    dossier = event.dossier
    subject, body = _status_message(event, dossier)
    recipients = []
    if dossier.applicant_email:
        recipients.append((NotificationChannel.EMAIL, dossier.applicant_email))
    if dossier.applicant_phone:
        recipients.append((NotificationChannel.SMS, dossier.applicant_phone))
    Notification.objects.bulk_create(
        [
            Notification(
                dossier=dossier,
                event=event,
                channel=channel,
                recipient=recipient,
                subject=subject,
                body=body,
            )
            for channel, recipient in recipients
        ],
        ignore_conflicts=True,
    )
    created = list(
        Notification.objects.filter(event=event, state=NotificationState.PENDING, attempts=0)
    )
    _enqueue(created)
    return created


def _officers_to_warn(dossier: Dossier) -> list[User]:
    """The holder of the current step, or the officers holding its role in its unit, and the
    one-stop officers of the receiving unit (issue: notify the holder and the one-stop unit)."""
    wanted = Q(unit_id=dossier.receiving_unit_id, role=Role.ONE_STOP_OFFICER)
    people: dict[int, User] = {}
    if dossier.holder is not None:
        people[dossier.holder.pk] = dossier.holder
    elif dossier.position is not None:
        step = dossier.steps.filter(position=dossier.position).order_by("-is_lead", "pk").first()
        if step is not None:
            wanted |= Q(unit_id=step.actor_unit_id, role=step.actor_role)
    day = today()
    memberships = (
        Membership.objects.filter(wanted, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=day))
        .select_related("user")
    )
    for membership in memberships:
        people[membership.user.pk] = membership.user
    return [user for user in people.values() if user.email and user.is_active]


@transaction.atomic
def notify_sweep(*, at_risk: list[Dossier], overdue: list[Dossier]) -> list[Notification]:
    """Warn the officers of dossiers newly at risk or overdue (by e-mail, the staff channel)."""
    created = []
    for reason, dossiers in (("at_risk", at_risk), ("overdue", overdue)):
        for dossier in dossiers:
            with translation.override("vi"):
                if reason == "at_risk":
                    subject = _("Dossier %(code)s is due within one working day") % {
                        "code": dossier.code
                    }
                else:
                    subject = _("Dossier %(code)s is overdue") % {"code": dossier.code}
                body = _("Appointment: %(time)s") % {"time": _when(dossier.due_at)}
            for user in _officers_to_warn(dossier):
                created.append(
                    Notification.objects.create(
                        dossier=dossier,
                        reason=reason,
                        channel=NotificationChannel.EMAIL,
                        recipient=user.email,
                        subject=str(subject),
                        body=str(body),
                    )
                )
    _enqueue(created)
    return created


def notification_deliver(
    *, notification_id: int, now: datetime | None = None
) -> Notification | None:
    """Try to send one pending notification; on failure schedule the next attempt or give up.

    Returns the notification, or None when it is not pending or its next attempt is not due
    (a duplicate task): delivering twice is avoided by the row lock and the state.
    """
    moment = now or timezone.now()
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.state != NotificationState.PENDING:
            return None
        if notification.next_attempt_at is not None and notification.next_attempt_at > moment:
            return None
        notification.attempts += 1
        try:
            adapter_for(notification.channel).send(
                recipient=notification.recipient,
                subject=notification.subject,
                body=notification.body,
            )
        except DeliveryError as exc:
            notification.last_error = str(exc)[:1000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.state = NotificationState.FAILED
                notification.next_attempt_at = None
            else:
                notification.next_attempt_at = moment + BACKOFF[notification.attempts - 1]
        else:
            notification.state = NotificationState.SENT
            notification.sent_at = moment
            notification.next_attempt_at = None
        notification.save(
            update_fields=["attempts", "last_error", "state", "next_attempt_at", "sent_at"]
        )
    if notification.state == NotificationState.PENDING and notification.next_attempt_at:
        from motcua.notifications.tasks import deliver_notification

        # A backend that cannot delay a task (the immediate one of the tests) leaves the retry
        # to notification_sweep, which runs every few minutes.
        if deliver_notification.get_backend().supports_defer:
            deliver_notification.using(run_after=notification.next_attempt_at).enqueue(
                notification.pk
            )
    return notification


def notification_sweep(*, now: datetime | None = None) -> int:
    """Re-enqueue the pending notifications whose attempt is due; return how many."""
    from motcua.notifications.tasks import deliver_notification

    moment = now or timezone.now()
    due = Notification.objects.filter(state=NotificationState.PENDING).filter(
        next_attempt_at__lte=moment
    ) | Notification.objects.filter(
        state=NotificationState.PENDING,
        next_attempt_at__isnull=True,
        created_at__lte=moment - timedelta(minutes=1),
    )
    ids = list(due.values_list("pk", flat=True))
    for pk in ids:
        deliver_notification.enqueue(pk)
    return len(ids)


@transaction.atomic
def notification_send_message(
    *, channel: str, recipient: str, subject: str, body: str, reason: str
) -> Notification:
    """Queue one message that belongs to no dossier (a sign-up verification code, say).

    The same outbox, retries and final failed state as the dossier notices; delivered after
    commit.
    """
    if channel not in NotificationChannel.values:
        raise ValueError(channel)
    notification = Notification.objects.create(
        channel=channel, recipient=recipient, subject=subject, body=body, reason=reason
    )
    _enqueue([notification])
    return notification
