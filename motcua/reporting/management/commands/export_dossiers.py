"""`manage.py export_dossiers --unit U --from D --to D FILE.jsonl`: the histories of the dossiers
received by a unit (with its subtree) in a period, in the import format; an export of an import
is identical to it (docs/history-import.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.accounts.models import OrgUnit
from motcua.reporting.transfer import export_histories


class Command(BaseCommand):
    help = "Export dossier histories to a JSON Lines file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Unit identifier (QCVN 102).")
        parser.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
        parser.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        unit = OrgUnit.objects.filter(identifier=options["unit"]).first()
        if unit is None:
            raise CommandError(
                _("No unit has the identifier %(unit)s.") % {"unit": options["unit"]}
            )
        with options["file"].open("w", encoding="utf-8") as out:
            count = export_histories(unit=unit, start=options["start"], end=options["end"], out=out)
        self.stdout.write(_("Exported %(count)s dossiers.") % {"count": count})
