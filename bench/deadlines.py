"""Benchmark the deadline engine: due-time computations per second in one process.

Run with ``python bench/deadlines.py`` (``make bench``); it needs no Django settings and ignores
them if present. The budget is 100,000 due-time computations per second in one process on the
2-core machine; the script prints each figure, the budget and whether it passes. It exits 0
either way (figures, not a gate; see README), unless run with ``--check``: then it exits 1 when
the realistic mix is below the budget.

There is no raw-SQL counterpart: the engine is pure Python over an in-memory calendar, and the
database never computes due times (the ORM layer stores the results).
"""

from __future__ import annotations

import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from motcua.deadlines.calendar import VN_TZ, CalendarEntry, WorkingCalendar
from motcua.deadlines.engine import (
    LimitUnit,
    Pause,
    TimeLimit,
    due_time,
    is_at_risk,
    working_time_between,
)

BUDGET = 100_000  # due-time computations per second, one process (brief for the engine)
CASES = 50_000  # per timed run
REPEATS = 5  # the figure is the median run; the best is shown too
SEED = 20260305

# A realistic unit: the statutory base plus a province-wide and a unit entry.
CALENDAR = WorkingCalendar(
    entries=[
        CalendarEntry(date(2026, 1, 2), working=False, reason="province: New Year bridge day"),
        CalendarEntry(date(2025, 12, 27), working=True, reason="province: swapped Saturday"),
        CalendarEntry(date(2026, 10, 7), working=False, reason="commune: storm closure"),
    ]
)


def random_start(rng: random.Random) -> datetime:
    """Return a start anywhere in 2025-2027, mostly in office hours like real receipts."""
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    if rng.random() < 0.8:
        minute = rng.randrange(7 * 60 + 30, 17 * 60 + 30)
    else:
        minute = rng.randrange(24 * 60)  # online submissions at night and on weekends
    return datetime(day.year, day.month, day.day, tzinfo=VN_TZ) + timedelta(
        minutes=minute, seconds=rng.randrange(60)
    )


def random_limit(rng: random.Random, unit: LimitUnit | None = None) -> TimeLimit:
    """Return a limit of ``unit``, or of the realistic mix of units when None."""
    if unit is None:
        # Most procedures count working days; the rest is hours (steps, online receipt), same
        # day, and a few calendar-day limits.
        unit = rng.choices(list(LimitUnit), weights=[55, 25, 10, 10])[0]
    if unit is LimitUnit.WORKING_DAYS:
        return TimeLimit(rng.randint(1, 30), unit)
    if unit is LimitUnit.WORKING_HOURS:
        return TimeLimit(rng.randint(1, 40), unit)
    if unit is LimitUnit.CALENDAR_DAYS:
        return TimeLimit(rng.randint(1, 60), unit)
    return TimeLimit(0, LimitUnit.SAME_DAY)


def measure(run: Callable[[], int]) -> tuple[float, float]:
    """Return (median, best) operations per second over REPEATS runs of ``run``."""
    rates = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        count = run()
        rates.append(count / (time.perf_counter() - began))
    return statistics.median(rates), max(rates)


def due_times(cases: list[tuple[datetime, TimeLimit]], pauses: list[Pause] | None = None) -> int:
    """Compute every case once; return how many."""
    calendar = CALENDAR
    if pauses is None:
        for start, limit in cases:
            due_time(start=start, limit=limit, calendar=calendar)
    else:
        for start, limit in cases:
            due_time(start=start, limit=limit, calendar=calendar, pauses=pauses)
    return len(cases)


def main(argv: list[str]) -> int:
    """Print the figures; with ``--check``, return 1 if the realistic mix misses the budget."""
    rng = random.Random(SEED)
    mix = [(random_start(rng), random_limit(rng)) for _ in range(CASES)]
    per_unit = {
        unit: [(random_start(rng), random_limit(rng, unit)) for _ in range(CASES)]
        for unit in LimitUnit
    }
    # Build the calendar window and warm caches outside the timed runs; the cold cost of a new
    # calendar is reported separately.
    due_times(mix[:1000])
    began = time.perf_counter()
    cold = 200
    for _ in range(cold):
        WorkingCalendar().is_working_day(date(2026, 3, 5))
    cold_ms = (time.perf_counter() - began) / cold * 1000

    print(f"deadline engine benchmark: Python {platform.python_version()}, {platform.machine()}")
    print(f"{CASES:,} computations per run, median of {REPEATS} runs (best in brackets)")
    print("no raw-SQL counterpart: due times are computed in Python, never in the database")
    print()
    median, best = measure(lambda: due_times(mix))
    print(
        "realistic mix (55% working_days 1-30, 25% working_hours 1-40, 10% same_day, "
        "10% calendar_days 1-60), starts over 2025-2027:"
    )
    print(f"  {median:,.0f}/s  [{best:,.0f}/s]")
    print()
    print("per unit:")
    for unit, cases in per_unit.items():
        unit_median, unit_best = measure(partial(due_times, cases))
        print(f"  {unit.value:<14} {unit_median:>10,.0f}/s  [{unit_best:,.0f}/s]")
    some = mix[:10_000]
    pauses = [Pause(datetime(2026, 3, 9, 8, tzinfo=VN_TZ), datetime(2026, 3, 10, 9, tzinfo=VN_TZ))]
    paused_median, _ = measure(lambda: due_times(some, pauses))
    print(f"  {'mix + 1 pause':<14} {paused_median:>10,.0f}/s")
    print()
    ends = [start + timedelta(days=rng.randrange(60)) for start, _limit in some]

    def between() -> int:
        for (start, _limit), end in zip(some, ends, strict=True):
            working_time_between(start=start, end=end, calendar=CALENDAR)
        return len(some)

    def at_risk() -> int:
        for (start, _limit), end in zip(some, ends, strict=True):
            is_at_risk(due_at=end, now=start, calendar=CALENDAR)
        return len(some)

    print("related calls:")
    print(f"  working_time_between {measure(between)[0]:>10,.0f}/s")
    print(f"  is_at_risk           {measure(at_risk)[0]:>10,.0f}/s")
    deadlines = [due_time(start=s, limit=limit, calendar=CALENDAR) for s, limit in mix[:300]]
    began = time.perf_counter()
    for deadline in deadlines:
        deadline.explain()
    explain_ms = (time.perf_counter() - began) / len(deadlines) * 1000
    print(f"  explain()            {explain_ms:>10.2f} ms each (on demand, not in the hot path)")
    print(f"  new WorkingCalendar  {cold_ms:>10.2f} ms to build its window (years cached)")
    print()
    passed = median >= BUDGET
    print(f"budget: {BUDGET:,}/s (realistic mix, one process)")
    print(f"result: {'PASS' if passed else 'FAIL'} ({median / BUDGET:.1f}x the budget)")
    return 1 if "--check" in argv and not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
