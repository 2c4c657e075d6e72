"""`manage.py verify_history [--code CODE]`: check every dossier's tamper-evident history.

Recomputes each event's hash from the previous one (dossiers.chain) and compares it with what
was recorded and with the head kept on the dossier. Prints the first broken event of each
dossier and exits 1 when any is found; 0 and a count otherwise. Reads in batches of 2,000
dossiers, so memory stays flat on millions of dossiers.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers.selectors import dossier_history_breaks


class Command(BaseCommand):
    help = "Verify the hash chain of every dossier's event history (tamper evidence)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", help="verify only the dossier with this code")

    def handle(self, *args: Any, **options: Any) -> None:
        checked, breaks = dossier_history_breaks(code=options.get("code"))
        for broken in breaks:
            where = f"event {broken.sequence}" if broken.sequence else "its latest event"
            self.stdout.write(f"{broken.code}: {where}: {broken.reason}")
        if breaks:
            raise CommandError(f"{len(breaks)} of {checked} dossiers have a broken history.")
        self.stdout.write(f"{checked} dossiers checked: every history is intact.")
