"""Reads for the interfaces: who may see reports, a unit's report, the dossiers behind a figure.

Every figure of the report has a drill-down (`FIGURES`): the dossiers it counts, read from the
per-dossier facts, so that "every number links to the list of dossiers behind it" is one
definition per figure, tested against the counts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.models import OrgUnit, Role
from motcua.accounts.selectors import AnyUser, membership_list_active
from motcua.core.errors import NotFoundError, PermissionDeniedError
from motcua.dossiers.models import Dossier
from motcua.reporting.evaluation import evaluation
from motcua.reporting.figures import Period
from motcua.reporting.models import DossierFact, DossierSpan
from motcua.reporting.report import unit_report

# Leaders and supervisors see reports of the units they lead or supervise (deny by default).
REPORT_ROLES = frozenset(
    {Role.SUPERVISOR, Role.ADMINISTRATOR, Role.AGENCY_LEADER, Role.OFFICE_LEADER}
)


def can_view_reports(user: AnyUser) -> bool:
    """Return whether the user may open the dashboards at all."""
    if not user.is_authenticated:
        return False
    return any(m.role in REPORT_ROLES for m in membership_list_active(user=user))


def report_unit_get_for_user(*, user: AnyUser, pk: int) -> OrgUnit:
    """Return the unit `pk` if the user may see its reports, else raise NotFoundError.

    A supervisor or administrator sees the subtree of their unit; a leader their own unit and
    its subtree as well (a ward's committee and its centre).
    """
    if not can_view_reports(user):
        raise PermissionDeniedError(_("Only leaders and supervisors may see the reports."))
    unit: OrgUnit | None = None
    for membership in membership_list_active(user=user):
        if membership.role in REPORT_ROLES:
            found = OrgUnit.objects.filter(pk=pk, path__startswith=membership.unit.path).first()
            if found is not None:
                unit = found
                break
    if unit is None:
        raise NotFoundError(_("This unit does not exist or you may not see it."))
    return unit


def report_units_for_user(*, user: AnyUser) -> list[OrgUnit]:
    """Return the units whose reports the user may open, in tree order."""
    condition: Q | None = None
    for membership in membership_list_active(user=user):
        if membership.role in REPORT_ROLES:
            part = Q(path__startswith=membership.unit.path)
            condition = part if condition is None else condition | part
    if condition is None:
        return []
    return list(OrgUnit.objects.filter(condition).order_by("path"))


def report_for_user(*, user: AnyUser, unit_pk: int, period: Period) -> dict[str, Any]:
    unit = report_unit_get_for_user(user=user, pk=unit_pk)
    return unit_report(unit=unit, period=period)


def evaluation_for_user(*, user: AnyUser, unit_pk: int, period: Period) -> dict[str, Any]:
    """Return the TT 01/2018 evaluation of a unit the user may see the reports of."""
    unit = report_unit_get_for_user(user=user, pk=unit_pk)
    return evaluation(unit=unit, period=period)


# -- drill-down -------------------------------------------------------------------------------


def _facts(unit: OrgUnit) -> QuerySet[DossierFact]:
    return DossierFact.objects.filter(unit__path__startswith=unit.path)


def _received(unit: OrgUnit, p: Period) -> QuerySet[DossierFact]:
    return _facts(unit).filter(received_day__gte=p.start, received_day__lte=p.end)


def _finished(unit: OrgUnit, p: Period) -> QuerySet[DossierFact]:
    return _facts(unit).filter(end_day__gte=p.start, end_day__lte=p.end)


def _carried(unit: OrgUnit, p: Period) -> QuerySet[DossierFact]:
    return (
        _facts(unit)
        .filter(received_day__lt=p.start)
        .filter(Q(end_day__isnull=True) | Q(end_day__gte=p.start))
    )


def _processed(unit: OrgUnit, p: Period) -> QuerySet[DossierFact]:
    return (
        _facts(unit)
        .filter(received_day__lte=p.end)
        .filter(Q(end_day__isnull=True) | Q(end_day__gte=p.start))
    )


def _open(kind: str) -> Callable[[OrgUnit, Period], QuerySet[Any]]:
    def select(unit: OrgUnit, p: Period) -> QuerySet[Any]:
        return DossierSpan.objects.filter(
            unit__path__startswith=unit.path, kind=kind, start__lte=p.end
        ).filter(Q(stop__isnull=True) | Q(stop__gt=p.end))

    return select


def _in_progress(unit: OrgUnit, p: Period) -> QuerySet[DossierFact]:
    return (
        _facts(unit)
        .filter(received_day__lte=p.end)
        .filter(Q(end_day__isnull=True) | Q(end_day__gt=p.end))
    )


def _with(base: Callable[[OrgUnit, Period], QuerySet[DossierFact]], **where: Any) -> Callable:
    return lambda unit, p: base(unit, p).filter(**where)


FIGURES: dict[str, Callable[[OrgUnit, Period], QuerySet[Any]]] = {
    "received": _received,
    "carried_over": _carried,
    "processed": _processed,
    "by_channel.counter": _with(_received, channel="counter"),
    "by_channel.online": _with(_received, channel="online"),
    "by_channel.postal": _with(_received, channel="postal"),
    "finished": _finished,
    "finished.early": _with(_finished, outcome="early"),
    "finished.on_time": _with(_finished, outcome="on_time"),
    "finished.late": _with(_finished, outcome="late"),
    "in_progress": _in_progress,
    "in_progress.on_time": _open("on_time"),
    "in_progress.overdue": _open("overdue"),
    "in_progress.awaiting_supplement": _open("awaiting"),
    "returned": lambda unit, p: _facts(unit).filter(
        returned_day__gte=p.start, returned_day__lte=p.end
    ),
    "refused": _with(_finished, end_kind="refused"),
    "stopped": _with(_finished, end_kind="stopped"),
    "withdrawn": _with(_finished, end_kind="withdrawn"),
    "received_synced": _with(_received, synced=True),
    "received_digitised": _with(_received, digitised=True),
    "received_reused": _with(_received, reused=True),
    "received_fee": _with(_received, fee_bearing=True),
    "received_paid_online": _with(_received, fee_bearing=True, paid_online=True),
    "finished_result": lambda unit, p: _finished(unit, p).exclude(
        end_kind__in=["refused", "stopped", "withdrawn"]
    ),
    "finished_e_result": lambda unit, p: (
        _finished(unit, p)
        .exclude(end_kind__in=["refused", "stopped", "withdrawn"])
        .filter(e_result=True)
    ),
    "finished_rated": lambda unit, p: _finished(unit, p).exclude(rating=""),
    "finished_not_satisfied": _with(_finished, rating="not_satisfied"),
}


def dossier_list_for_figure(
    *, user: AnyUser, unit_pk: int, period: Period, figure: str
) -> QuerySet[Dossier]:
    """Return exactly the dossiers a figure of the unit's report counts, by code."""
    unit = report_unit_get_for_user(user=user, pk=unit_pk)
    return dossiers_behind(unit=unit, period=period, figure=figure)


def dossiers_behind(*, unit: OrgUnit, period: Period, figure: str) -> QuerySet[Dossier]:
    """Return the dossiers behind `figure` (a key of FIGURES) without access checks."""
    if figure not in FIGURES:
        raise NotFoundError(_("Unknown figure."), field="figure")
    ids = FIGURES[figure](unit, period).values("dossier_id")
    return (
        Dossier.objects.filter(pk__in=ids)
        .select_related("receiving_unit", "procedure_version")
        .order_by("code")
    )


def period_of(start: date | None, end: date | None, today: date) -> Period:
    """Return the period asked for, by default the year to date."""
    end = end or today
    start = start or date(end.year, 1, 1)
    if end < start:
        start, end = end, start
    if end - start > timedelta(days=3700):
        start = end - timedelta(days=3700)
    return Period(start, end)
