"""Background tasks (django-tasks): thin wrappers around the services."""

from __future__ import annotations

from django_tasks import task

from motcua.documents import services


@task()
def digitise_intake_scans(event_id: int) -> int:
    """Record the scans attached at intake as digitised documents (MOTCUA_DOSSIER_EVENT_TASKS):
    the dossier app cannot call this one, so it follows the committed event."""
    return services.digitisation_record_intake_scans(event_id=event_id)
