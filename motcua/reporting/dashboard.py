"""What the operations-centre dashboard shows for a unit and period, in a fixed number of queries:
the report (the same as the command's), the trend by month, the channel mix, on-time by field,
the 766 groups and the ranking of the child units with those below the thresholds flagged."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from motcua.accounts.models import OrgUnit
from motcua.catalog.models import Field
from motcua.reporting.figures import (
    Period,
    counters_by_unit,
    finished_by_field,
    total,
    trend_by_month,
)
from motcua.reporting.report import catalog_figures, feedback_counts_by_unit, rate, report_from


@dataclass(frozen=True)
class ChildRow:
    unit: OrgUnit
    received: int
    processed: int
    finished: int
    on_time_rate: float | None
    overdue: int
    index766: float | None
    flags: tuple[str, ...]  # the thresholds it is below: "on_time", "index766"


def thresholds() -> dict[str, float]:
    """Return the thresholds under which a child unit is flagged (settings, percent/points)."""
    return dict(settings.MOTCUA_REPORT_THRESHOLDS)


def dashboard_data(*, unit: OrgUnit, period: Period) -> dict[str, Any]:
    """Return everything the dashboard shows (about 8 queries whatever the data size)."""
    counters = counters_by_unit(unit=unit, period=period)
    catalog: dict[int, dict[str, int]] = {}

    def catalog_for(target: OrgUnit) -> dict[str, int]:
        if target.level not in catalog:
            catalog[target.level] = catalog_figures(unit=target, period=period)
        return catalog[target.level]

    pakn = feedback_counts_by_unit(unit=unit, period=period)
    report = report_from(total(counters), {**catalog_for(unit), **total(pakn)})
    subtree = list(
        OrgUnit.objects.filter(path__startswith=unit.path).only(
            "pk", "path", "name", "identifier", "parent_id", "level", "kind"
        )
    )
    limits = thresholds()
    children: list[ChildRow] = []
    # Each unit's counters go to the child of `unit` whose subtree holds it (one pass; the
    # id after `unit` in its path names that child).
    depth = len(unit.ancestor_ids)
    per_child: dict[int, Counter[str]] = {}
    pakn_per_child: dict[int, Counter[str]] = {}
    for member in subtree:
        parts = member.ancestor_ids
        if len(parts) > depth and member.pk in counters:
            per_child.setdefault(parts[depth], Counter()).update(counters[member.pk])
        if len(parts) > depth and member.pk in pakn:
            pakn_per_child.setdefault(parts[depth], Counter()).update(pakn[member.pk])
    for child in sorted((u for u in subtree if u.parent_id == unit.pk), key=lambda u: u.identifier):
        summed = per_child.get(child.pk, Counter())
        child_pakn = pakn_per_child.get(child.pk, Counter())
        child_report = report_from(summed, {**catalog_for(child), **child_pakn})
        finished = sum(child_report["finished"].values())
        on_time = child_report["rates"]["on_time"]
        index = child_report["index766"]["total"]
        flags = []
        if child_report["processed"]:  # a unit with nothing to handle is not flagged
            if on_time is not None and on_time < limits["on_time"]:
                flags.append("on_time")
            if index is not None and index < limits["index766"]:
                flags.append("index766")
        children.append(
            ChildRow(
                unit=child,
                received=child_report["received"],
                processed=child_report["processed"],
                finished=finished,
                on_time_rate=on_time,
                overdue=child_report["in_progress"]["overdue"],
                index766=index,
                flags=tuple(flags),
            )
        )
    children.sort(key=lambda row: (row.index766 is None, -(row.index766 or 0), row.unit.name))
    by_field = finished_by_field(unit=unit, period=period)
    names = dict(Field.objects.filter(pk__in=list(by_field)).values_list("pk", "name"))
    fields = sorted(
        (
            {
                "field": key,
                "name": names.get(key, ""),
                "finished": counter["finished"],
                "rate": rate(
                    counter["finished_early"] + counter["finished_on_time"], counter["finished"]
                ),
            }
            for key, counter in by_field.items()
            if counter["finished"]
        ),
        key=lambda item: -int(item["finished"] or 0),
    )[:10]
    return {
        "unit": unit,
        "period": period,
        "report": report,
        "trend": trend_by_month(unit=unit, period=period),
        "fields": fields,
        "children": children,
        "thresholds": limits,
    }
