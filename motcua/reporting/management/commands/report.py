"""`manage.py report --unit U --from D --to D --format json|xlsx|pdf [--out FILE]`: the periodic
report of a unit with its subtree (docs/indicators.md); JSON to standard output by default."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import OrgUnit
from motcua.reporting.exports import report_pdf, report_xlsx
from motcua.reporting.figures import Period
from motcua.reporting.report import unit_report


class Command(BaseCommand):
    help = "Print or write the periodic report of a unit for a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Unit identifier (QCVN 102).")
        parser.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
        parser.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
        parser.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json")
        parser.add_argument("--out", type=Path, help="File to write (default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = OrgUnit.objects.filter(identifier=options["unit"]).first()
        if unit is None:
            raise CommandError(
                _("No unit has the identifier %(unit)s.") % {"unit": options["unit"]}
            )
        if options["end"] < options["start"]:
            raise CommandError(_("The period ends before it starts."))
        period = Period(options["start"], options["end"])
        report = unit_report(unit=unit, period=period)
        kind = options["format"]
        if kind == "json":
            data = (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode()
        elif kind == "xlsx":
            data = report_xlsx(unit=unit, period=period, report=report)
        else:
            data = report_pdf(unit=unit, period=period, report=report, today=timezone.localdate())
        if options["out"] is not None:
            options["out"].write_bytes(data)
        elif kind == "json":
            self.stdout.write(data.decode(), ending="")
        else:
            sys.stdout.buffer.write(data)
