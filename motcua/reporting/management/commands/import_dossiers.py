"""`manage.py import_dossiers FILE.jsonl [--create-missing] [--skip-invalid] [--workers N]`:
import dossier histories (docs/history-import.md).

Every line is validated first; errors are printed as `line 12: events[2].at: ...` and nothing is
imported unless `--skip-invalid` (then the valid lines are). Lines whose code is already stored
are skipped: importing the same file twice changes nothing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from motcua.reporting.transfer import import_histories


class Command(BaseCommand):
    help = "Import dossier histories from a JSON Lines file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create units and procedures the file names but that no longer exist, archived.",
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid lines, report the rest."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes building the rows on PostgreSQL (default: one more than the cores).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(file)s: no such file.") % {"file": path})
        lines = path.read_text(encoding="utf-8").splitlines()
        started = time.perf_counter()
        with tqdm(total=len(lines), desc=_("Importing"), unit=" dossiers", file=sys.stderr) as bar:
            report = import_histories(
                lines,
                create_missing=options["create_missing"],
                skip_invalid=options["skip_invalid"],
                progress=bar.update,
                workers=options["workers"],
            )
        elapsed = time.perf_counter() - started
        for number, message in report.errors:
            self.stderr.write(
                _("line %(number)s: %(message)s") % {"number": number, "message": message}
            )
        if report.errors and not options["skip_invalid"]:
            raise CommandError(
                _("%(count)s invalid lines; nothing was imported.") % {"count": len(report.errors)}
            )
        for identifier in report.created_units:
            self.stdout.write(_("Created archived unit %(unit)s.") % {"unit": identifier})
        for code in report.created_procedures:
            self.stdout.write(_("Created archived procedure %(code)s.") % {"code": code})
        rate = report.imported / elapsed if elapsed else 0
        self.stdout.write(
            _(
                "Imported %(imported)s dossiers, skipped %(skipped)s already there, "
                "%(errors)s invalid (%(rate)s dossiers/s)."
            )
            % {
                "imported": report.imported,
                "skipped": report.skipped,
                "errors": len(report.errors),
                "rate": f"{rate:,.0f}",
            }
        )
