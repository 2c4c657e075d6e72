"""Working-time arithmetic behind the engine: positions, pauses, and rules 1-5 in one pass.

Working time is measured on a "position" scale per calendar window: the position of an instant is
(number of working days before its day) x (office time per day) + office time already elapsed on
its day, in microseconds. Positions only increase, stand still outside office hours, and turn "N
working hours later" into an addition. A due time is the earliest instant at a position, so a due
time that lands on the end of a period stays there (11:30, 17:30) instead of moving to the next
opening. Positions are only comparable within one window snapshot: every function takes the
window it works in, and raises OutOfWindowError when the caller must grow it and start again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from motcua.deadlines.calendar import OutOfWindowError, Window, WorkingCalendar, us_to_time
from motcua.deadlines.limits import LimitUnit, Pause, TimeLimit

_US_PER_HOUR = 3_600_000_000
_US_PER_DAY = 86_400_000_000


def tod_us(local: datetime) -> int:
    return ((local.hour * 3600 + local.minute * 60 + local.second) * 1_000_000) + local.microsecond


def position(calendar: WorkingCalendar, window: Window, local: datetime) -> int:
    """Return the working-time position of ``local`` (a datetime in the calendar's zone)."""
    ordinal = local.toordinal()
    i = ordinal - window.first
    if i < 0 or ordinal > window.last:
        raise OutOfWindowError(ordinal)
    base = window.cum[i] * calendar.day_us
    if not window.flags[i]:
        return base
    tod = tod_us(local)
    for period_start, period_end in calendar.periods_us:
        if tod <= period_start:
            return base
        if tod < period_end:
            return base + tod - period_start
        base += period_end - period_start
    return base


def instant(calendar: WorkingCalendar, window: Window, position: int) -> datetime:
    """Return the earliest instant at working-time ``position``."""
    index, offset = divmod(position, calendar.day_us)
    if offset == 0 and index > 0:
        index -= 1
        clock = calendar.office_hours.closing
    else:
        clock = calendar.office_hours.opening
        for period_start, period_end in calendar.periods_us:
            length = period_end - period_start
            if offset <= length:
                clock = us_to_time(period_start + offset)
                break
            offset -= length
    if index < 0:
        raise OutOfWindowError(window.first - 1)
    if index >= len(window.ordinals):
        raise OutOfWindowError(window.last + 1)
    return datetime.combine(date.fromordinal(window.ordinals[index]), clock, tzinfo=calendar.tz)


def counting_start(calendar: WorkingCalendar, window: Window, local: datetime) -> datetime:
    """Return when working time starts to run for ``local``: itself if inside office hours."""
    ordinal = local.toordinal()
    i = ordinal - window.first
    if i < 0 or ordinal > window.last:
        raise OutOfWindowError(ordinal)
    if window.flags[i]:
        tod = tod_us(local)
        for period_start, period_end in calendar.periods_us:
            if tod < period_start:
                return datetime.combine(local.date(), us_to_time(period_start), tzinfo=calendar.tz)
            if tod < period_end:
                return local
    index = window.cum[i + 1]
    if index >= len(window.ordinals):
        raise OutOfWindowError(window.last + 1)
    return datetime.combine(
        date.fromordinal(window.ordinals[index]), calendar.office_hours.opening, tzinfo=calendar.tz
    )


def normalize_pauses(
    pauses: Sequence[Pause], calendar: WorkingCalendar
) -> tuple[list[tuple[datetime, datetime]], datetime | None]:
    """Return the closed pauses merged and sorted (in the calendar's zone) and any open start.

    Everything after the start of an open pause is inside it, so later pauses are dropped.
    """
    tz = calendar.tz
    closed: list[tuple[datetime, datetime]] = []
    open_since: datetime | None = None
    for pause in sorted(pauses, key=lambda p: p.start):
        start = pause.start.astimezone(tz)
        if pause.end is None:
            if closed and start <= closed[-1][1]:
                start = closed.pop()[0]
            open_since = start
            break
        end = pause.end.astimezone(tz)
        if closed and start <= closed[-1][1]:
            if end > closed[-1][1]:
                closed[-1] = (closed[-1][0], end)
        else:
            closed.append((start, end))
    return closed, open_since


@dataclass
class Trace:
    """The intermediate results of one computation, kept only when explaining it."""

    receipt: str = ""  # rule 1: "before_closing", "after_closing" or "non_working"
    same_day: str = ""  # rule 3: "before_cutoff", "after_cutoff" or "non_working"
    counting_start: datetime | None = None  # rule 4
    base_due: datetime | None = None  # before pauses
    nth_day: date | None = None  # rule 5: the N-th day after the receipt day (+ paused days)
    paused_days: int = 0  # rule 5 with pauses
    pause_effects: list[tuple[datetime, datetime, timedelta]] = field(default_factory=list)


def push_by_pauses(
    calendar: WorkingCalendar,
    window: Window,
    closed: list[tuple[datetime, datetime]],
    counted_from: int,
    target: int,
    trace: Trace | None,
) -> int:
    """Return ``target`` moved later by the working time paused between ``counted_from`` and it.

    Pauses are walked in order; a pause that starts before the (moving) target pushes it by its
    working time, so a pause that only starts after the work is due changes nothing.
    """
    for pause_start, pause_end in closed:
        a = max(position(calendar, window, pause_start), counted_from)
        b = position(calendar, window, pause_end)
        pushed = b - a if a < target and b > a else 0
        target += pushed
        if trace is not None:
            trace.pause_effects.append((pause_start, pause_end, timedelta(microseconds=pushed)))
    return target


def compute(
    local: datetime,
    limit: TimeLimit,
    calendar: WorkingCalendar,
    cutoff: time,
    closed: list[tuple[datetime, datetime]],
    trace: Trace | None,
) -> tuple[date, datetime]:
    """Return (receipt day, due time) for a start already in the calendar's zone.

    Raises OutOfWindowError when the window must grow; the caller extends it and retries.
    """
    window = calendar.window_for(local.toordinal())
    i = local.toordinal() - window.first
    ordinals = window.ordinals
    tod = tod_us(local)
    working = window.flags[i]
    # Rule 1 (NĐ 61/2018 Art. 17; Civil Code 2015 Art. 147): a working day before closing time
    # is the receipt day; otherwise the next working day is.
    if working and tod < calendar.closing_us:
        receipt = window.cum[i]
        receipt_kind = "before_closing"
    else:
        receipt = window.cum[i + 1]
        receipt_kind = "after_closing" if working else "non_working"
    if receipt >= len(ordinals):
        raise OutOfWindowError(window.last + 1)
    received_on = date.fromordinal(ordinals[receipt])
    if trace is not None:
        trace.receipt = receipt_kind
    unit = limit.unit
    tz = calendar.tz
    day_us = calendar.day_us
    if unit is LimitUnit.WORKING_DAYS:
        # Rule 2: closing time of the N-th working day after the receipt day.
        index = receipt + limit.value
        if index >= len(ordinals):
            raise OutOfWindowError(window.last + 1)
        due = datetime.combine(
            date.fromordinal(ordinals[index]), calendar.office_hours.closing, tzinfo=tz
        )
        if closed:
            if trace is not None:
                trace.base_due = due
            # The limit runs from the day after the receipt day, so pauses count from then on.
            target = push_by_pauses(
                calendar, window, closed, (receipt + 1) * day_us, (index + 1) * day_us, trace
            )
            due = instant(calendar, window, target)
        return received_on, due
    if unit is LimitUnit.WORKING_HOURS:
        # Rule 4: add N hours of office time of working days to the receipt time.
        counted_from = position(calendar, window, local)
        if trace is not None:
            trace.counting_start = counting_start(calendar, window, local)
        if limit.value == 0:
            return received_on, counting_start(calendar, window, local)
        target = counted_from + limit.value * _US_PER_HOUR
        if closed:
            if trace is not None:
                trace.base_due = instant(calendar, window, target)
            target = push_by_pauses(calendar, window, closed, counted_from, target, trace)
        return received_on, instant(calendar, window, target)
    if unit is LimitUnit.SAME_DAY:
        # Rule 3: before the cut-off on a working day -> closing time that day; otherwise closing
        # time of the next working day. A cut-off after closing time acts as the closing time.
        if working and tod < min(tod_us_of(cutoff), calendar.closing_us):
            index = window.cum[i]
            kind = "before_cutoff"
        else:
            index = window.cum[i + 1]
            kind = "after_cutoff" if working else "non_working"
        if index >= len(ordinals):
            raise OutOfWindowError(window.last + 1)
        if trace is not None:
            trace.same_day = kind
        due = datetime.combine(
            date.fromordinal(ordinals[index]), calendar.office_hours.closing, tzinfo=tz
        )
        if closed:
            if trace is not None:
                trace.base_due = due
            target = push_by_pauses(
                calendar,
                window,
                closed,
                position(calendar, window, local),
                (index + 1) * day_us,
                trace,
            )
            due = instant(calendar, window, target)
        return received_on, due
    # Rule 5 (Civil Code 2015 Art. 147-148): the N-th day after the receipt day, at closing time;
    # if that day is not a working day, the next working day.
    nth = received_on.toordinal() + limit.value
    if closed:
        base = datetime.combine(date.fromordinal(nth), calendar.office_hours.closing, tzinfo=tz)
        moved = base
        # As for working days, the limit runs from the day after the receipt day.
        runs_from = datetime.combine(
            date.fromordinal(received_on.toordinal() + 1), time(0), tzinfo=tz
        )
        for pause_start, pause_end in closed:
            begin = max(pause_start, runs_from)
            pushed = pause_end - begin if begin < moved and pause_end > begin else timedelta(0)
            moved += pushed
            if trace is not None:
                trace.pause_effects.append((pause_start, pause_end, pushed))
        paused_us = (moved - base) // timedelta(microseconds=1)
        extra_days = -(-paused_us // _US_PER_DAY)  # paused calendar time, rounded up to days
        nth += extra_days
        if trace is not None:
            trace.paused_days = extra_days
            trace.base_due = base
    if trace is not None:
        trace.nth_day = date.fromordinal(nth)
    j = nth - window.first
    if nth > window.last:
        raise OutOfWindowError(nth)
    index = window.cum[j] if window.flags[j] else window.cum[j + 1]
    if index >= len(ordinals):
        raise OutOfWindowError(window.last + 1)
    due = datetime.combine(
        date.fromordinal(ordinals[index]), calendar.office_hours.closing, tzinfo=tz
    )
    return received_on, due


def tod_us_of(value: time) -> int:
    return (value.hour * 3600 + value.minute * 60 + value.second) * 1_000_000 + value.microsecond
