"""`manage.py check_indicators`: recompute every fact and counter of the indicators from the raw
history and report any difference; exits non-zero when there is one."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from motcua.dossiers.models import Dossier
from motcua.reporting.check import check_facts


class Command(BaseCommand):
    help = "Recompute the indicators from the dossier histories and compare with the fact tables."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        total = Dossier.objects.filter(received_at__isnull=False).count()
        with tqdm(total=total, desc=_("Checking"), unit=" dossiers", file=sys.stderr) as bar:
            report = check_facts(progress=bar.update)
        elapsed = time.perf_counter() - started
        for difference in report.differences:
            self.stderr.write(difference)
        if report.differences:
            raise CommandError(
                _("%(count)s differences between the history and the indicators.")
                % {"count": len(report.differences)}
            )
        self.stdout.write(
            _("%(count)s dossiers checked in %(seconds)s s: no difference.")
            % {"count": report.dossiers, "seconds": f"{elapsed:.1f}"}
        )
