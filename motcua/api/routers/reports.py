"""Reports: a unit's periodic report and the dossiers behind each figure (leaders and
supervisors; another unit is "not found")."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.security import django_auth

from motcua.api.schemas import ErrorOut
from motcua.api.schemas_reports import (
    EvaluationOut,
    FigureDossierOut,
    FigureDossiersOut,
    FigureQuery,
    PeriodQuery,
    ReportOut,
)
from motcua.reporting.selectors import (
    dossier_list_for_figure,
    evaluation_for_user,
    period_of,
    report_for_user,
)

router = Router(auth=django_auth, tags=["reports"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
PAGE = 100


@router.get("/{unit_id}", response={200: ReportOut, **ERRORS})
def report(request: HttpRequest, unit_id: int, query: Query[PeriodQuery]) -> dict[str, object]:
    """Return the report of the unit with its subtree for [from, to] (default: year to date)."""
    period = period_of(query.start, query.end, timezone.localdate())
    return report_for_user(user=request.user, unit_pk=unit_id, period=period)


@router.get("/{unit_id}/dossiers", response={200: FigureDossiersOut, **ERRORS})
def figure_dossiers(
    request: HttpRequest, unit_id: int, query: Query[FigureQuery]
) -> FigureDossiersOut:
    """Return the dossiers a figure counts (e.g. `finished.late`), 100 a page, by code."""
    period = period_of(query.start, query.end, timezone.localdate())
    dossiers = dossier_list_for_figure(
        user=request.user, unit_pk=unit_id, period=period, figure=query.figure
    )
    current = Paginator(dossiers, PAGE).get_page(query.page)
    return FigureDossiersOut(
        figure=query.figure,
        count=current.paginator.count,
        page=current.number,
        items=[
            FigureDossierOut(
                id=d.pk,
                code=d.code,
                receiving_unit=d.receiving_unit.identifier,
                received_at=d.received_at,
                state=d.state,
            )
            for d in current.object_list
        ],
    )


@router.get("/{unit_id}/evaluation", response={200: EvaluationOut, **ERRORS})
def evaluation(request: HttpRequest, unit_id: int, query: Query[PeriodQuery]) -> dict[str, object]:
    """Return the TT 01/2018 evaluation of the unit and of its officers for [from, to]."""
    period = period_of(query.start, query.end, timezone.localdate())
    return evaluation_for_user(user=request.user, unit_pk=unit_id, period=period)
