"""Background tasks of the portal (django-tasks): thin wrappers around the services."""

from __future__ import annotations

from django_tasks import task

from motcua.portal import services


@task()
def store_returned_results(event_id: int) -> int:
    """Put the results of a returned dossier in its applicant's document store
    (MOTCUA_DOSSIER_EVENT_TASKS: it follows the committed event)."""
    return services.results_into_store(event_id=event_id)
