"""Property-based tests for the calendar and the engine (hypothesis, 2025-2027)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.deadlines.calendar import VN_TZ, CalendarEntry, OfficeHours, WorkingCalendar
from motcua.deadlines.engine import (
    LimitUnit,
    Pause,
    TimeLimit,
    due_time,
    working_time_between,
)

# Derandomized and without a database: the same examples on every run and no .hypothesis/ dir.
# 150 examples per property keep the whole module at about a second.
PROPERTY = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

DEFAULT = WorkingCalendar()
CUSTOM = WorkingCalendar(
    office_hours=OfficeHours.parse("07:00-09:00,10:00-12:00,14:00-16:30"),
    entries=[
        CalendarEntry(date(2026, 3, 11), working=False, reason="closure"),
        CalendarEntry(date(2026, 3, 14), working=True, reason="catch-up Saturday"),
        CalendarEntry(date(2025, 12, 27), working=True, reason="catch-up Saturday"),
        CalendarEntry(date(2027, 2, 3), working=False, reason="extra Tết day"),
    ],
)
calendars = st.sampled_from([DEFAULT, CUSTOM])
# Any instant, or one exactly on a period edge of either calendar (where off-by-one bugs live).
EDGES = [
    time(0),
    time(7),
    time(7, 30),
    time(9),
    time(10),
    time(11, 30),
    time(12),
    time(13, 30),
    time(14),
    time(15),
    time(16, 30),
    time(17, 30),
    time(17, 31),
]
starts = st.one_of(
    st.datetimes(
        min_value=datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive by design
        max_value=datetime(2027, 12, 31, 23, 59),  # noqa: DTZ001
        timezones=st.just(VN_TZ),
    ),
    st.builds(
        lambda day, clock: datetime.combine(day, clock, tzinfo=VN_TZ),
        st.dates(date(2025, 1, 1), date(2027, 12, 31)),
        st.sampled_from(EDGES),
    ),
)
limits = st.one_of(
    st.builds(TimeLimit, st.integers(0, 30), st.just(LimitUnit.WORKING_DAYS)),
    st.builds(TimeLimit, st.integers(0, 40), st.just(LimitUnit.WORKING_HOURS)),
    st.builds(TimeLimit, st.integers(0, 60), st.just(LimitUnit.CALENDAR_DAYS)),
    st.just(TimeLimit(0, LimitUnit.SAME_DAY)),
)
cutoffs = st.sampled_from([time(15, 0), time(12, 0), time(17, 30)])


@st.composite
def pause_lists(draw: st.DrawFn, start: datetime) -> list[Pause]:
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        begin = start + timedelta(minutes=draw(st.integers(-600, 20_000)))
        length = timedelta(minutes=draw(st.integers(0, 8_000)))
        pauses.append(Pause(begin, begin + length))
    return pauses


def in_office_hours(calendar: WorkingCalendar, moment: datetime) -> bool:
    clock = moment.timetz().replace(tzinfo=None)
    return calendar.is_working_day(moment.date()) and any(
        start <= clock <= end for start, end in calendar.office_hours.periods
    )


@PROPERTY
@given(calendar=calendars, start=starts, limit=limits, cutoff=cutoffs, data=st.data())
def test_due_time_is_within_office_hours_of_a_working_day(
    calendar: WorkingCalendar, start: datetime, limit: TimeLimit, cutoff: time, data: st.DataObject
) -> None:
    pauses = data.draw(pause_lists(start))
    deadline = due_time(start=start, limit=limit, calendar=calendar, cutoff=cutoff, pauses=pauses)
    assert in_office_hours(calendar, deadline.due_at)
    assert deadline.due_at >= start
    assert calendar.is_working_day(deadline.received_on)
    assert deadline.received_on >= start.date()
    assert deadline.due_at.tzinfo is calendar.tz


@PROPERTY
@given(calendar=calendars, start=starts, limit=limits, extra=st.integers(1, 20), data=st.data())
def test_more_time_never_gives_an_earlier_due_time(
    calendar: WorkingCalendar, start: datetime, limit: TimeLimit, extra: int, data: st.DataObject
) -> None:
    pauses = data.draw(pause_lists(start))
    longer = (
        TimeLimit(limit.value + extra, limit.unit) if limit.unit != LimitUnit.SAME_DAY else limit
    )
    first = due_time(start=start, limit=limit, calendar=calendar, pauses=pauses)
    second = due_time(start=start, limit=longer, calendar=calendar, pauses=pauses)
    assert second.due_at >= first.due_at
    if limit.unit == LimitUnit.WORKING_DAYS:
        assert second.due_at > first.due_at


@PROPERTY
@given(calendar=calendars, start=starts, limit=limits, data=st.data())
def test_a_pause_never_gives_an_earlier_due_time(
    calendar: WorkingCalendar, start: datetime, limit: TimeLimit, data: st.DataObject
) -> None:
    pauses = data.draw(pause_lists(start))
    plain = due_time(start=start, limit=limit, calendar=calendar)
    paused = due_time(start=start, limit=limit, calendar=calendar, pauses=pauses)
    assert paused.due_at >= plain.due_at


@PROPERTY
@given(calendar=calendars, start=starts, hours=st.integers(0, 40), data=st.data())
def test_working_hours_round_trip(
    calendar: WorkingCalendar, start: datetime, hours: int, data: st.DataObject
) -> None:
    # Any start: one outside office hours counts from the next opening on both sides.
    pauses = data.draw(pause_lists(start))
    limit = TimeLimit(hours, LimitUnit.WORKING_HOURS)
    deadline = due_time(start=start, limit=limit, calendar=calendar, pauses=pauses)
    elapsed = working_time_between(
        start=start, end=deadline.due_at, calendar=calendar, pauses=pauses
    )
    assert elapsed == timedelta(hours=hours)


@PROPERTY
@given(calendar=calendars, a=starts, b=starts, c=starts, data=st.data())
def test_working_time_between_is_additive(
    calendar: WorkingCalendar, a: datetime, b: datetime, c: datetime, data: st.DataObject
) -> None:
    a, b, c = sorted([a, b, c])
    pauses = data.draw(pause_lists(a))

    def between(x: datetime, y: datetime) -> timedelta:
        return working_time_between(start=x, end=y, calendar=calendar, pauses=pauses)

    assert between(a, c) == between(a, b) + between(b, c)
    assert between(c, a) == timedelta(0)
    assert between(a, c) <= between(a, c + timedelta(days=1))


@PROPERTY
@given(calendar=calendars, start=starts, n=st.integers(0, 30))
def test_working_days_match_a_day_by_day_count(
    calendar: WorkingCalendar, start: datetime, n: int
) -> None:
    # Reference: rules 1 and 2 walked one day at a time with is_working_day().
    day = start.date()
    if not calendar.is_working_day(day) or start.timetz().replace(tzinfo=None) >= (
        calendar.office_hours.closing
    ):
        day += timedelta(days=1)
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
    received_on = day
    for _ in range(n):
        day += timedelta(days=1)
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
    deadline = due_time(start=start, limit=TimeLimit(n, LimitUnit.WORKING_DAYS), calendar=calendar)
    assert deadline.received_on == received_on
    assert deadline.due_at == datetime.combine(day, calendar.office_hours.closing, tzinfo=VN_TZ)


@PROPERTY
@given(
    calendar=calendars, day=st.dates(date(2025, 1, 1), date(2027, 12, 31)), n=st.integers(-40, 40)
)
def test_add_working_days_lands_on_the_nth_working_day(
    calendar: WorkingCalendar, day: date, n: int
) -> None:
    if n == 0:
        return
    result = calendar.add_working_days(day, n)
    assert calendar.is_working_day(result)
    step = 1 if n > 0 else -1
    between = [day + timedelta(days=step * i) for i in range(1, abs((result - day).days) + 1)]
    assert sum(calendar.is_working_day(d) for d in between) == abs(n)


@PROPERTY
@given(calendar=calendars, start=starts, limit=limits)
def test_explanation_ends_with_the_due_time(
    calendar: WorkingCalendar, start: datetime, limit: TimeLimit
) -> None:
    deadline = due_time(start=start, limit=limit, calendar=calendar)
    lines = deadline.explain()
    assert lines[0].startswith("Received at ")
    clock = deadline.due_at.strftime("%H:%M")
    assert clock in lines[-1]
    assert str(deadline.due_at.day) in lines[-1]
    if limit.unit == LimitUnit.WORKING_DAYS and limit.value:
        assert any(line.startswith(f"Working days counted ({limit.value}):") for line in lines)
