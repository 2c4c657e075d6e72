"""Background tasks (django-tasks): thin wrappers around the services."""

from __future__ import annotations

from django_tasks import task

from motcua.dossiers.services import dossier_sweep
from motcua.notifications import services


@task()
def notify_dossier_event(event_id: int) -> int:
    """Create and queue the notices of a committed dossier event (MOTCUA_DOSSIER_EVENT_TASKS)."""
    return len(services.notify_event(event_id=event_id))


@task()
def deliver_notification(notification_id: int) -> str:
    """Send one notification (retries are enqueued by the service with their delay)."""
    notification = services.notification_deliver(notification_id=notification_id)
    return notification.state if notification is not None else "skipped"


@task()
def sweep() -> dict[str, int]:
    """Flag dossiers at risk and overdue, warn their officers, re-enqueue due deliveries."""
    report = dossier_sweep()
    warned = services.notify_sweep(at_risk=report.at_risk, overdue=report.overdue)
    requeued = services.notification_sweep()
    return {
        "at_risk": len(report.at_risk),
        "overdue": len(report.overdue),
        "warnings": len(warned),
        "requeued": requeued,
    }
