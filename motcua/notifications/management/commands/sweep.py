"""`manage.py sweep`: flag dossiers at risk and overdue, warn their officers, re-enqueue due
deliveries. Run it every few minutes (cron or a systemd timer: docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.notifications.tasks import sweep


class Command(BaseCommand):
    help = "Flag dossiers at risk and overdue, warn their officers, retry due notifications."

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep.call()
        self.stdout.write(
            f"at risk: {result['at_risk']}, overdue: {result['overdue']}, "
            f"warnings: {result['warnings']}, deliveries re-enqueued: {result['requeued']}"
        )
