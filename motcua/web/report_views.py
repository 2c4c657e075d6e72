"""The operations-centre dashboard (báo cáo = report): any unit the user leads or supervises and
any period; cards, charts, ranking of child units, a drill-down behind every number, the
periodic report as xlsx and PDF. Leaders and supervisors only (deny by default).

Thin views (style.md): `reporting.selectors` checks access and `reporting.dashboard` reads.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from motcua.accounts.models import OrgUnit
from motcua.core.errors import NotFoundError, PermissionDeniedError
from motcua.reporting import charts
from motcua.reporting.dashboard import dashboard_data
from motcua.reporting.evaluation import BAND_NAMES as EVALUATION_BANDS
from motcua.reporting.evaluation import DOSSIER_INDICATORS, indicator_rows
from motcua.reporting.exports import evaluation_xlsx, report_pdf, report_xlsx
from motcua.reporting.figures import Period
from motcua.reporting.index766 import BAND_NAMES, GROUPS, NAMES
from motcua.reporting.periods import period_choices
from motcua.reporting.report import FIGURE_LABELS, RATE_LABELS, figure_value, unit_report
from motcua.reporting.selectors import (
    FIGURES,
    dossier_list_for_figure,
    evaluation_for_user,
    period_of,
    report_unit_get_for_user,
    report_units_for_user,
)

REFRESH_SECONDS = 60  # the operations centre's screens refresh themselves every minute


def _selection(request: HttpRequest) -> tuple[OrgUnit, Period, list[OrgUnit]]:
    """Return the unit and period asked for (defaults: the user's top unit, year to date)."""
    user = request.user
    units = report_units_for_user(user=user)
    if not units:
        raise PermissionDenied(_("Only leaders and supervisors may see the reports."))
    try:
        pk = int(request.GET.get("unit") or units[0].pk)
        start = _date(request.GET.get("from"))
        end = _date(request.GET.get("to"))
    except ValueError:
        raise Http404(_("Not found.")) from None
    try:
        unit = report_unit_get_for_user(user=user, pk=pk)
    except NotFoundError:
        raise Http404(_("Not found.")) from None
    except PermissionDeniedError as error:
        raise PermissionDenied(str(error)) from None
    return unit, period_of(start, end, timezone.localdate()), units


def _choices(units: list[OrgUnit]) -> list[dict[str, Any]]:
    """The units for the picker, indented by depth."""
    return [
        {"pk": u.pk, "name": u.name, "indent": "\u2003" * max(u.depth - units[0].depth, 0)}
        for u in units
    ]


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _query(unit: OrgUnit, period: Period, **more: str) -> str:
    return urlencode(
        {"unit": unit.pk, "from": period.start.isoformat(), "to": period.end.isoformat(), **more}
    )


def _period_links(unit: OrgUnit, period: Period) -> dict[str, Any]:
    """The one-click periods beside the date pickers (reporting.periods), for the same unit,
    by group; the one shown now is marked (and the reporting periods open when it is one)."""
    groups: dict[str, Any] = {"calendar": [], "closing": []}
    for choice in period_choices(timezone.localdate()):
        groups[choice.group].append(
            {
                "label": choice.label,
                "query": _query(unit, choice.period),
                "current": choice.period == period,
                "dates": f"{choice.period.start:%d/%m/%Y}\u2013{choice.period.end:%d/%m/%Y}",
            }
        )
    groups["closing_current"] = any(link["current"] for link in groups["closing"])
    return groups


def _context(request: HttpRequest) -> dict[str, Any]:
    unit, period, units = _selection(request)
    data = dashboard_data(unit=unit, period=period)
    report = data["report"]
    drill = reverse("web:report_dossiers")

    def link(figure: str, target: OrgUnit = unit) -> str:
        return f"{drill}?{_query(target, period, figure=figure)}" if figure in FIGURES else ""

    rows = [
        {"key": key, "label": label, "value": figure_value(report, key), "href": link(key)}
        for key, label in FIGURE_LABELS
    ]
    cards = [row for row in rows if row["key"] in CARD_KEYS]
    rates = [
        {"key": key, "label": label, "value": report["rates"][key]} for key, label in RATE_LABELS
    ]
    index = report["index766"]
    criteria = [{**item, "name": NAMES[item["id"]], "href": ""} for item in index["criteria"]]
    trend = charts.columns(
        [
            (
                item["month"][5:] + "/" + item["month"][:4],
                [
                    charts.Bar(_("Received"), item["received"], str(item["received"])),
                    charts.Bar(
                        _("Finished early or on time"),
                        item["in_time"],
                        str(item["in_time"]),
                        colour=charts.GOOD,
                    ),
                ],
            )
            for item in data["trend"]
        ],
        title=_("Trend by month"),
        legend=[(_("Received"), charts.BAR), (_("Finished early or on time"), charts.GOOD)],
    )
    channel_mix = charts.horizontal(
        [
            charts.Bar(
                str(label),
                report["by_channel"][key],
                f"{report['by_channel'][key]:,}",
                link(f"by_channel.{key}"),
            )
            for key, label in (
                ("counter", _("At the counter")),
                ("online", _("Online")),
                ("postal", _("By post")),
            )
        ],
        title=_("Channel mix"),
    )
    by_field = charts.horizontal(
        [
            charts.Bar(
                str(item["name"] or _("No field")),
                float(item["rate"] or 0),
                f"{item['rate']:.2f}%" if item["rate"] is not None else _("n/a"),
                maximum=100,
                colour=charts.GOOD,
            )
            for item in data["fields"]
        ],
        title=_("Finished early or on time, by field"),
    )
    groups = charts.horizontal(
        [
            charts.Bar(
                f"{group['id']}. {NAMES[group['id']]}",
                float(group["score"] or 0),
                f"{group['score']:.2f} / {group['max']}"
                if group["score"] is not None
                else _("not applicable"),
                maximum=maximum,
            )
            for group, (_name, maximum) in zip(index["groups"], GROUPS, strict=True)
        ],
        title=_("The 766 index by group"),
    )
    choices = _choices(units)
    children = [
        {
            "row": row,
            "href": f"{reverse('web:reports')}?{_query(row.unit, period)}",
            "received_href": link("received", row.unit),
            "overdue_href": link("in_progress.overdue", row.unit),
        }
        for row in data["children"]
    ]
    return {
        "unit": unit,
        "period": period,
        "units": choices,
        "cards": cards,
        "rows": rows,
        "rates": rates,
        "criteria": criteria,
        "index": index,
        "band": BAND_NAMES.get(index["band"] or "", _("not applicable")),
        "charts": {"trend": trend, "channels": channel_mix, "fields": by_field, "groups": groups},
        "children": children,
        "thresholds": data["thresholds"],
        "query": _query(unit, period),
        "period_links": _period_links(unit, period),
        "refresh": REFRESH_SECONDS,
        "updated": timezone.localtime(),
    }


CARD_KEYS = (
    "received",
    "processed",
    "finished.early",
    "finished.on_time",
    "finished.late",
    "in_progress.overdue",
)


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard page; the fragment (`?part=body`) is what the page fetches to refresh."""
    context = _context(request)
    template = "web/reports/_body.html" if request.GET.get("part") == "body" else None
    return render(request, template or "web/reports/dashboard.html", context)


@login_required
@require_safe
def figure_dossiers(request: HttpRequest) -> HttpResponse:
    """The dossiers behind one number of the dashboard, by code."""
    unit, period, _units = _selection(request)
    figure = request.GET.get("figure", "")
    if figure not in FIGURES:
        raise Http404(_("Not found."))
    dossiers = dossier_list_for_figure(
        user=request.user, unit_pk=unit.pk, period=period, figure=figure
    )
    page = Paginator(dossiers, 50).get_page(request.GET.get("page"))
    labels = dict(FIGURE_LABELS)
    context = {
        "unit": unit,
        "period": period,
        "figure": figure,
        "label": labels.get(figure, figure),
        "page": page,
        "query": _query(unit, period, figure=figure),
        "back": f"{reverse('web:reports')}?{_query(unit, period)}",
    }
    return render(request, "web/reports/dossiers.html", context)


@login_required
@require_safe
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """The periodic report as xlsx or PDF."""
    unit, period, _units = _selection(request)
    report = unit_report(unit=unit, period=period)
    name = f"bao-cao-{unit.identifier}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    if kind == "xlsx":
        data = report_xlsx(unit=unit, period=period, report=report)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif kind == "pdf":
        data = report_pdf(unit=unit, period=period, report=report, today=timezone.localdate())
        content_type = "application/pdf"
    else:
        raise Http404(_("Not found."))
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def _evaluation(request: HttpRequest) -> tuple[OrgUnit, Period, list[OrgUnit], dict[str, Any]]:
    """The unit and period asked for, and their evaluation (the page and its workbook)."""
    unit, period, units = _selection(request)
    try:
        data = evaluation_for_user(user=request.user, unit_pk=unit.pk, period=period)
    except PermissionDeniedError as error:
        raise PermissionDenied(str(error)) from None
    return unit, period, units, data


@login_required
@require_safe
def evaluation(request: HttpRequest) -> HttpResponse:
    """The TT 01/2018 evaluation of dossier handling (domain.md §10) of a unit and its officers,
    over the dossiers finished in the period."""
    unit, period, units, data = _evaluation(request)
    rows = indicator_rows(data)
    officers = [
        {**officer, "band_name": EVALUATION_BANDS[officer["band"]],
         "scores": [officer["indicators"].get(ident) for ident in DOSSIER_INDICATORS]}
        for officer in data["officers"]
    ]  # fmt: skip
    band = data["unit"]["band"]
    context = {
        "unit": unit,
        "units": _choices(units),
        "period": period,
        "query": _query(unit, period),
        "period_links": _period_links(unit, period),
        "data": data,
        "rows": rows,
        "band_name": BAND_NAMES[band] if band else "",
        "officers": officers,
        "back": f"{reverse('web:reports')}?{_query(unit, period)}",
    }
    return render(request, "web/reports/evaluation.html", context)


@login_required
@require_safe
def evaluation_export(request: HttpRequest) -> HttpResponse:
    """The evaluation as a workbook (same query as the page)."""
    unit, period, _units, result = _evaluation(request)
    name = f"danh-gia-{unit.identifier}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    response = HttpResponse(
        evaluation_xlsx(unit=unit, period=period, result=result),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
