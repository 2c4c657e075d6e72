"""The sweep that flags dossiers at risk and overdue (domain.md §6; issue: a background task)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from motcua.deadlines.calendar import WorkingCalendar
from motcua.deadlines.engine import is_at_risk, is_overdue
from motcua.dossiers.lifecycle import PROCESSING
from motcua.dossiers.models import Dossier, DossierState
from motcua.dossiers.services.common import calendar_for

# Dossiers whose clock runs: received and in processing. A dossier waiting for the applicant's
# supplement is paused (rule 7), neither at risk nor overdue.
RUNNING = frozenset({DossierState.RECEIVED, *PROCESSING})


@dataclass
class SweepReport:
    """What changed: the dossiers newly at risk and newly overdue (to notify), and cleared."""

    at_risk: list[Dossier] = field(default_factory=list)
    overdue: list[Dossier] = field(default_factory=list)
    cleared: int = 0


@transaction.atomic
def dossier_sweep(*, now: datetime | None = None) -> SweepReport:
    """Set `at_risk` and `overdue` on every running dossier and clear them on the others.

    At risk: less than one working day of office time left before the appointment (the last
    call for the apology of form 04, NĐ 61/2018 Art. 19(9)); overdue: past the appointment.
    An online or postal dossier awaiting intake is judged against its 8-working-hour answer
    time (NĐ 45/2020) the same way.
    Only changed rows are written (a flag, not a history event: nothing the applicant or an
    officer did). The caller notifies the holders and the one-stop unit of the report.
    """
    moment = now or timezone.now()
    report = SweepReport()
    calendars: dict[int, WorkingCalendar] = {}
    fields = ("pk", "state", "due_at", "intake_due_at", "at_risk", "overdue", "receiving_unit")
    running = (
        Dossier.objects.filter(state__in=RUNNING, due_at__isnull=False)
        | Dossier.objects.filter(state=DossierState.SUBMITTED, intake_due_at__isnull=False)
    ).select_related("receiving_unit")
    for dossier in running.only(*fields, "code"):
        due = dossier.intake_due_at if dossier.state == DossierState.SUBMITTED else dossier.due_at
        assert due is not None  # noqa: S101 -- filtered above
        overdue = is_overdue(due_at=due, now=moment)
        at_risk = not overdue and is_at_risk(
            due_at=due,
            now=moment,
            calendar=calendar_for(dossier.receiving_unit, calendars),
        )
        if (at_risk, overdue) != (dossier.at_risk, dossier.overdue):
            if at_risk and not dossier.at_risk:
                report.at_risk.append(dossier)
            if overdue and not dossier.overdue:
                report.overdue.append(dossier)
            dossier.at_risk, dossier.overdue = at_risk, overdue
            dossier.save(update_fields=["at_risk", "overdue"])
    watched = {*RUNNING, DossierState.SUBMITTED}
    report.cleared = (
        Dossier.objects.exclude(state__in=watched).filter(at_risk=True).update(at_risk=False)
    ) + Dossier.objects.exclude(state__in=watched).filter(overdue=True).update(overdue=False)
    return report
