"""`manage.py generate_dossiers --count N --year Y --seed S [--out FILE]`: write realistic
dossier histories through the import's fast path (or to a JSON Lines file with --out)."""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from motcua.reporting.generator import Generator
from motcua.reporting.transfer import import_histories

CHUNK = 50_000  # lines generated, then imported, at a time: memory stays flat


class Command(BaseCommand):
    help = "Generate realistic dossier histories and import them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--until", type=date.fromisoformat, help="Nothing happens after this day."
        )
        parser.add_argument("--out", type=Path, help="Write the file instead of importing it.")

    def handle(self, *args: Any, **options: Any) -> None:
        generator = Generator(year=options["year"], seed=options["seed"], until=options["until"])
        count = options["count"]
        if options["out"] is not None:
            with options["out"].open("w", encoding="utf-8") as out:
                for line in generator.lines(count):
                    out.write(line + "\n")
            self.stdout.write(_("Wrote %(count)s dossiers.") % {"count": count})
            return
        started, imported = time.perf_counter(), 0
        with tqdm(total=count, desc=_("Generating"), unit=" dossiers", file=sys.stderr) as bar:
            for offset in range(0, count, CHUNK):
                lines = list(generator.lines(min(CHUNK, count - offset)))
                report = import_histories(lines, skip_invalid=True, progress=bar.update)
                if report.errors:
                    number, message = report.errors[0]
                    raise CommandError(f"line {number}: {message}")
                imported += report.imported
        elapsed = time.perf_counter() - started
        self.stdout.write(
            _("Generated and imported %(count)s dossiers in %(seconds)s s.")
            % {"count": imported, "seconds": f"{elapsed:.1f}"}
        )
