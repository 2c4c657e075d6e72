"""`manage.py export_catalog FILE.xlsx|FILE.json`: export the catalogue in force.

The procedures not abolished, each with its version in force and its processes in force, in the
layout `import_catalog` reads (importing the export changes nothing). `--template` writes the
example workbook of docs/catalog-template.xlsx instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.catalog.spreadsheet import write_workbook
from motcua.catalog.transfer.example import example_items
from motcua.catalog.transfer.importer import catalog_export_items
from motcua.catalog.transfer.jsonfile import items_to_json


class Command(BaseCommand):
    help = "Export the procedures and internal processes in force to .xlsx or .json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--template",
            action="store_true",
            help="Write the example workbook (one procedure and its process), not the catalogue.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        suffix = path.suffix.lower()
        if suffix not in {".xlsx", ".json"}:
            raise CommandError(_("The file name must end in .xlsx or .json."))
        items = example_items() if options["template"] else catalog_export_items()
        if suffix == ".json":
            text = json.dumps(items_to_json(items), ensure_ascii=False, indent=1)
            path.write_text(text + "\n", encoding="utf-8")
        else:
            write_workbook(items, path)
        processes = sum(len(item.processes) for item in items)
        self.stdout.write(
            _("Exported %(procedures)s procedures and %(processes)s processes to %(file)s.")
            % {"procedures": len(items), "processes": processes, "file": path}
        )
