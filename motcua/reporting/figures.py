"""Period figures of a unit's subtree from the daily counters (docs/indicators.md).

Two queries whatever the period: the counters of the days in [from, to] and the running sums of
the span counters up to `to` (in progress at the end of `to`) and up to the day before `from`
(carried over), both grouped by receiving unit so that one answer gives the subtree's figures
and those of each child unit (the ranking).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.db.models import F as Col
from django.db.models.functions import TruncMonth

from motcua.accounts.models import OrgUnit
from motcua.reporting import facts as fx
from motcua.reporting.models import (
    DailyFieldFigures,
    DailyFigures,
    MonthlyFieldFigures,
    MonthlyFigures,
)

PERIOD_COUNTERS = fx.RECEIVED_COUNTERS + fx.FINISHED_COUNTERS + fx.OTHER_COUNTERS
OPEN_TOTAL = ("open_on_time", "open_overdue", "open_awaiting")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("The period ends before it starts.")


def _subtree(unit: OrgUnit) -> Q:
    return Q(unit__path__startswith=unit.path)


EPOCH = date(1900, 1, 1)  # before any dossier: "up to D" is the range [EPOCH, D]


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def split(start: date, end: date) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """Return the whole months of [start, end] as (first month, last month), by their first
    days, and the day ranges left at either edge."""
    first = start if start.day == 1 else _month_end(start) + timedelta(days=1)
    last_day = end if end == _month_end(end) else end.replace(day=1) - timedelta(days=1)
    if first > last_day:
        return None, [(start, end)]
    edges = []
    if start < first:
        edges.append((start, first - timedelta(days=1)))
    if last_day < end:
        edges.append((last_day + timedelta(days=1), end))
    return (first, last_day.replace(day=1)), edges


def _conditions(start: date, end: date) -> tuple[Q | None, Q | None]:
    """Return the conditions on the monthly and on the daily rows that cover [start, end]."""
    months, edges = split(start, end)
    monthly = Q(month__gte=months[0], month__lte=months[1]) if months else None
    daily: Q | None = None
    for low, high in edges:
        part = Q(day__gte=low, day__lte=high)
        daily = part if daily is None else daily | part
    return monthly, daily


def _sum(condition: Q | None, value: Any) -> Sum | Value:
    if condition is None:
        return Value(0)
    return Sum(Case(When(condition, then=value), default=Value(0), output_field=IntegerField()))


def _either(*conditions: Q | None) -> Q:
    found = [c for c in conditions if c is not None]
    if not found:
        return Q(pk__in=[])
    combined = found[0]
    for condition in found[1:]:
        combined |= condition
    return combined


def counters_by_unit(*, unit: OrgUnit, period: Period) -> dict[int, Counter[str]]:
    """Return, per receiving unit of the subtree, the period's counters and the in-progress
    counts at its end (`open_*`) and at the end of the day before it (`carried_over`).

    Two queries: the whole months from the monthly table, the partial months from the daily
    one (a province-year reads about 1,200 monthly rows for 100 units, not 36,500 daily ones).
    """
    total_open = Col("open_on_time") + Col("open_overdue") + Col("open_awaiting")
    wanted = (
        _conditions(period.start, period.end),  # the period's own counters
        _conditions(EPOCH, period.end),  # running sums: in progress at the end
        _conditions(EPOCH, period.start - timedelta(days=1)),  # carried over
    )
    result: dict[int, Counter[str]] = {}
    for position, model in ((0, MonthlyFigures), (1, DailyFigures)):
        within, upto, before = (conditions[position] for conditions in wanted)
        # "s_" names: an annotation named like a column would shadow it in the next ones.
        annotations: dict[str, Any] = {
            f"s_{name}": _sum(within, Col(name)) for name in PERIOD_COUNTERS
        }
        annotations.update({f"s_{name}": _sum(upto, Col(name)) for name in fx.DELTA_COUNTERS})
        annotations["s_carried_over"] = _sum(before, total_open)
        rows = (
            model.objects.filter(_subtree(unit))
            .filter(_either(within, upto, before))
            .order_by()
            .values("unit_id")
            .annotate(**annotations)
        )
        for row in rows:
            counter = result.setdefault(row.pop("unit_id"), Counter())
            counter.update({k[2:]: v or 0 for k, v in row.items()})
    return result


def total(counters: dict[int, Counter[str]], unit_ids: set[int] | None = None) -> Counter[str]:
    """Return the sum of the counters of `unit_ids` (all when None)."""
    summed: Counter[str] = Counter()
    for unit_id, counter in counters.items():
        if unit_ids is None or unit_id in unit_ids:
            summed.update(counter)
    return summed


def trend_by_month(*, unit: OrgUnit, period: Period) -> list[dict[str, object]]:
    """Return received, finished and finished early or on time per month of the period."""
    monthly, daily = _conditions(period.start, period.end)
    months: dict[date, Counter[str]] = {}
    sums = {
        "received": Sum("received"),
        "finished": Sum("finished"),
        "early": Sum("finished_early"),
        "on_time": Sum("finished_on_time"),
    }
    if monthly is not None:
        for row in (
            MonthlyFigures.objects.filter(_subtree(unit))
            .filter(monthly)
            .order_by()
            .values("month")
            .annotate(**sums)
        ):
            months.setdefault(row.pop("month"), Counter()).update(row)
    if daily is not None:
        for row in (
            DailyFigures.objects.filter(_subtree(unit))
            .filter(daily)
            .annotate(first=TruncMonth("day"))
            .order_by()
            .values("first")
            .annotate(**sums)
        ):
            months.setdefault(row.pop("first"), Counter()).update(row)
    return [
        {
            "month": month.strftime("%Y-%m"),
            "received": counter["received"] or 0,
            "finished": counter["finished"] or 0,
            "in_time": (counter["early"] or 0) + (counter["on_time"] or 0),
        }
        for month, counter in sorted(months.items())
    ]


def finished_by_field(*, unit: OrgUnit, period: Period) -> dict[int, Counter[str]]:
    """Return the finished counts per field key (catalog.Field pk, 0 without field)."""
    monthly, daily = _conditions(period.start, period.end)
    result: dict[int, Counter[str]] = {}
    for model, condition in ((MonthlyFieldFigures, monthly), (DailyFieldFigures, daily)):
        if condition is None:
            continue
        for row in (
            model.objects.filter(_subtree(unit))
            .filter(condition)
            .order_by()
            .values("field_key")
            .annotate(**{name: Sum(name) for name in fx.FIELD_COUNTERS})
        ):
            result.setdefault(row.pop("field_key"), Counter()).update(
                {k: v or 0 for k, v in row.items()}
            )
    return result
