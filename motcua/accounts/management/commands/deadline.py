"""`manage.py deadline --start 2026-03-05T09:00 --limit "3 working_days" [--explain]`.

Prints the due time as ISO 8601 local time on its last line (an acceptance-check contract).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.calendars import deadline_compute
from motcua.core.errors import DomainError


class Command(BaseCommand):
    help = "Compute a due time from a start and a legal time limit, with its explanation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", required=True, help="ISO 8601, local time if no offset")
        parser.add_argument(
            "--limit",
            required=True,
            help='"N working_days", "N working_hours", "N calendar_days" or "same_day"',
        )
        parser.add_argument("--cutoff", default="15:00", help="same_day cut-off (default 15:00)")
        parser.add_argument("--unit", help="org unit identifier, e.g. 000.00.31.H13")
        parser.add_argument("--explain", action="store_true", help="print the explanation first")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            answer = deadline_compute(
                start=options["start"],
                limit=options["limit"],
                unit_identifier=options["unit"],
                cutoff=options["cutoff"],
            )
        except DomainError as exc:
            if exc.field == "unit":
                raise CommandError(f"No org unit has the identifier {options['unit']}.") from exc
            raise CommandError(str(exc)) from exc
        if options["explain"]:
            for line in answer.explanation:
                self.stdout.write(line)
        self.stdout.write(answer.deadline.due_at.strftime("%Y-%m-%dT%H:%M"))
