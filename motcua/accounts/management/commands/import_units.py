"""`manage.py import_units FILE.json`: load or update an org-unit tree, idempotent by identifier.

The file is a JSON list of units, or an object with a "units" list; each unit has identifier,
name, kind, level, parent (identifier), and optionally office_hours, valid_from, valid_until,
end_reason and successor. See docs/org-units.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.accounts.services import org_units_import


def load_unit_records(path: Path) -> list[dict[str, Any]]:
    """Read the unit records of an import file, with a clear error for a bad file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{path} is not UTF-8 JSON: {exc}.") from None
    records = data.get("units") if isinstance(data, dict) else data
    if not isinstance(records, list) or not all(isinstance(item, dict) for item in records):
        raise CommandError(f'{path}: expected a list of units or an object with a "units" list.')
    return records


class Command(BaseCommand):
    help = "Create or update org units from a JSON file (idempotent by identifier)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        report = org_units_import(records=load_unit_records(options["file"]))
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(report.errors)} error(s); nothing was imported.")
        self.stdout.write(
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged."
        )
