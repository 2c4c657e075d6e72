"""Background tasks (django-tasks): thin wrappers around the services."""

from __future__ import annotations

from django_tasks import task

from motcua.feedback import services


@task()
def feedback_sweep() -> dict[str, int]:
    """Flag feedback at risk and overdue and warn its holder and supervisors."""
    report = services.feedback_sweep()
    return {
        "at_risk": len(report.at_risk),
        "overdue": len(report.overdue),
        "warnings": report.warnings,
    }
