"""`manage.py feedback_sweep`: flag feedback at risk and overdue and warn the holder and
supervisors. Run it every few minutes next to `manage.py sweep` (docs/feedback.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.feedback.tasks import feedback_sweep


class Command(BaseCommand):
    help = "Flag feedback at risk and overdue and warn its holder and supervisors."

    def handle(self, *args: Any, **options: Any) -> None:
        result = feedback_sweep.call()
        self.stdout.write(
            f"at risk: {result['at_risk']}, overdue: {result['overdue']}, "
            f"warnings: {result['warnings']}"
        )
