"""`manage.py import_catalog FILE.xlsx|FILE.json [--dry-run]`: import the catalogue by code.

Every problem is printed as `Thủ tục!F7 (Cấp thực hiện): …` and the command exits non-zero
without writing anything; otherwise the whole file is imported in one transaction and the counts
are printed. Importing the same file again changes nothing. See docs/catalog-import.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from motcua.catalog.spreadsheet import read_file
from motcua.catalog.transfer.importer import catalog_import, report_summary


class Command(BaseCommand):
    help = "Import procedures, required documents and internal processes from .xlsx or .json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything and write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(file)s: no such file.") % {"file": path})
        parsed = read_file(path)
        dry_run = options["dry_run"]
        # The bar shows on a terminal only (tqdm's disable=None), never in tests or logs.
        with tqdm(
            total=parsed.size,
            desc=_("Importing"),
            unit=" items",
            file=sys.stderr,
            disable=True if dry_run else None,
        ) as bar:
            report = catalog_import(
                parsed=parsed,
                actor=None,
                dry_run=dry_run,
                progress=bar.update,
            )
        if report.issues:
            for issue in report.issues:
                self.stderr.write(str(issue))
            raise CommandError(
                ngettext(
                    "%(count)s error; nothing was imported.",
                    "%(count)s errors; nothing was imported.",
                    len(report.issues),
                )
                % {"count": len(report.issues)}
            )
        if dry_run:
            self.stdout.write(_("Dry run: no errors, nothing was written."))
        self.stdout.write(report_summary(report))
