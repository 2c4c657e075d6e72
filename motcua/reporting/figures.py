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

from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.db.models import F as Col
from django.db.models.functions import TruncMonth

from motcua.accounts.models import OrgUnit
from motcua.reporting import facts as fx
from motcua.reporting.models import DailyFieldFigures, DailyFigures

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


def counters_by_unit(*, unit: OrgUnit, period: Period) -> dict[int, Counter[str]]:
    """Return, per receiving unit of the subtree, the period's counters and the in-progress
    counts at its end (`open_*`) and at the end of the day before it (`carried_over`)."""
    result: dict[int, Counter[str]] = {}
    rows = (
        DailyFigures.objects.filter(_subtree(unit), day__gte=period.start, day__lte=period.end)
        .order_by()
        .values("unit_id")
        .annotate(**{name: Sum(name) for name in PERIOD_COUNTERS})
    )
    for row in rows:
        result[row.pop("unit_id")] = Counter({k: v or 0 for k, v in row.items()})
    before = period.start - timedelta(days=1)
    carried = Case(
        When(
            day__lte=before, then=Col("open_on_time") + Col("open_overdue") + Col("open_awaiting")
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        DailyFigures.objects.filter(_subtree(unit), day__lte=period.end)
        .order_by()
        .values("unit_id")
        .annotate(
            carried_over=Sum(carried),
            **{name: Sum(name) for name in fx.DELTA_COUNTERS},
        )
    )
    for row in rows:
        counter = result.setdefault(row.pop("unit_id"), Counter())
        counter.update({k: v or 0 for k, v in row.items()})
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
    rows = (
        DailyFigures.objects.filter(_subtree(unit), day__gte=period.start, day__lte=period.end)
        .annotate(month=TruncMonth("day"))
        .order_by("month")
        .values("month")
        .annotate(
            received=Sum("received"),
            finished=Sum("finished"),
            early=Sum("finished_early"),
            on_time=Sum("finished_on_time"),
        )
    )
    return [
        {
            "month": row["month"].strftime("%Y-%m"),
            "received": row["received"] or 0,
            "finished": row["finished"] or 0,
            "in_time": (row["early"] or 0) + (row["on_time"] or 0),
        }
        for row in rows
    ]


def finished_by_field(*, unit: OrgUnit, period: Period) -> dict[int, Counter[str]]:
    """Return the finished counts per field key (catalog.Field pk, 0 without field)."""
    rows = (
        DailyFieldFigures.objects.filter(_subtree(unit), day__gte=period.start, day__lte=period.end)
        .order_by()
        .values("field_key")
        .annotate(**{name: Sum(name) for name in fx.FIELD_COUNTERS})
    )
    return {row.pop("field_key"): Counter({k: v or 0 for k, v in row.items()}) for row in rows}
