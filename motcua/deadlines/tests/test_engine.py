"""Tests for the deadline engine: domain.md §6 rules 1-8 across Tết, swaps and pauses."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from motcua.deadlines import engine
from motcua.deadlines.calendar import VN_TZ, CalendarEntry, OfficeHours, WorkingCalendar
from motcua.deadlines.engine import (
    Deadline,
    ExtensionError,
    LimitUnit,
    Pause,
    TimeLimit,
    due_time,
    extend,
    is_at_risk,
    is_overdue,
    restart,
    working_time_between,
)

CAL = WorkingCalendar()


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


def due(
    start: datetime,
    limit: str,
    calendar: WorkingCalendar = CAL,
    *,
    cutoff: time = time(15),
    pauses: Sequence[Pause] = (),
) -> datetime:
    deadline = due_time(
        start=start, limit=TimeLimit.parse(limit), calendar=calendar, cutoff=cutoff, pauses=pauses
    )
    return deadline.due_at


# -- worked examples (domain.md §6) -----------------------------------------------------------


def test_worked_example_1() -> None:
    deadline = due_time(
        start=vn(2026, 3, 5, 9), limit=TimeLimit.parse("3 working_days"), calendar=CAL
    )
    assert deadline.received_on == date(2026, 3, 5)
    assert deadline.due_at == vn(2026, 3, 10, 17, 30)
    assert deadline.original_due_at == deadline.due_at
    assert not deadline.extended


def test_worked_example_2() -> None:
    deadline = due_time(
        start=vn(2026, 2, 6, 17, 45), limit=TimeLimit.parse("5 working_days"), calendar=CAL
    )
    assert deadline.received_on == date(2026, 2, 9)
    assert deadline.due_at == vn(2026, 2, 23, 17, 30)


def test_worked_example_3() -> None:
    assert due(vn(2026, 4, 29, 10), "4 working_hours") == vn(2026, 4, 29, 16)


# -- rule 1 and rule 2: receipt day and working days --------------------------------------------

WORKING_DAY_CASES = [
    # start, limit, receipt day, due
    (vn(2025, 1, 24, 10), "1 working_days", date(2025, 1, 24), vn(2025, 2, 3, 17, 30)),  # Tết 2025
    (vn(2025, 1, 23, 10), "2 working_days", date(2025, 1, 23), vn(2025, 2, 3, 17, 30)),
    (vn(2025, 1, 29, 10), "1 working_days", date(2025, 2, 3), vn(2025, 2, 4, 17, 30)),  # on Tết
    (vn(2026, 2, 13, 10), "1 working_days", date(2026, 2, 13), vn(2026, 2, 23, 17, 30)),  # Tết 2026
    (vn(2026, 2, 17, 10), "1 working_days", date(2026, 2, 23), vn(2026, 2, 24, 17, 30)),
    (vn(2027, 2, 3, 10), "1 working_days", date(2027, 2, 3), vn(2027, 2, 11, 17, 30)),  # Tết 2027
    (vn(2027, 2, 6, 10), "1 working_days", date(2027, 2, 11), vn(2027, 2, 12, 17, 30)),
    (vn(2025, 4, 25, 10), "1 working_days", date(2025, 4, 25), vn(2025, 4, 26, 17, 30)),  # swap Sat
    (vn(2025, 4, 25, 10), "2 working_days", date(2025, 4, 25), vn(2025, 4, 28, 17, 30)),
    (vn(2025, 4, 26, 9), "1 working_days", date(2025, 4, 26), vn(2025, 4, 28, 17, 30)),
    (vn(2025, 4, 25, 10), "4 working_days", date(2025, 4, 25), vn(2025, 5, 5, 17, 30)),  # 30/4-2/5
    (vn(2026, 8, 21, 10), "1 working_days", date(2026, 8, 21), vn(2026, 8, 22, 17, 30)),  # swap Sat
    (vn(2026, 8, 21, 10), "2 working_days", date(2026, 8, 21), vn(2026, 8, 24, 17, 30)),
    (vn(2026, 8, 28, 10), "1 working_days", date(2026, 8, 28), vn(2026, 9, 3, 17, 30)),  # 2/9 2026
    (vn(2025, 8, 29, 10), "1 working_days", date(2025, 8, 29), vn(2025, 9, 3, 17, 30)),  # 2/9 2025
    (
        vn(2027, 9, 1, 10),
        "1 working_days",
        date(2027, 9, 1),
        vn(2027, 9, 6, 17, 30),
    ),  # 2/9+3/9 2027
    (vn(2025, 12, 31, 10), "1 working_days", date(2025, 12, 31), vn(2026, 1, 2, 17, 30)),  # 1/1
    (vn(2026, 12, 31, 10), "1 working_days", date(2026, 12, 31), vn(2027, 1, 4, 17, 30)),
    (
        vn(2026, 4, 24, 10),
        "1 working_days",
        date(2026, 4, 24),
        vn(2026, 4, 28, 17, 30),
    ),  # Hùng obs.
    (
        vn(2026, 4, 24, 10),
        "3 working_days",
        date(2026, 4, 24),
        vn(2026, 5, 4, 17, 30),
    ),  # + 30/4-1/5
    (vn(2025, 4, 4, 10), "1 working_days", date(2025, 4, 4), vn(2025, 4, 8, 17, 30)),  # Hùng 2025
    (
        vn(2027, 4, 15, 10),
        "1 working_days",
        date(2027, 4, 15),
        vn(2027, 4, 19, 17, 30),
    ),  # Hùng 2027
    (vn(2027, 4, 29, 10), "1 working_days", date(2027, 4, 29), vn(2027, 5, 4, 17, 30)),  # 1/5 obs.
    (vn(2026, 11, 23, 10), "1 working_days", date(2026, 11, 23), vn(2026, 11, 25, 17, 30)),
    (vn(2026, 3, 5, 10), "0 working_days", date(2026, 3, 5), vn(2026, 3, 5, 17, 30)),
    (vn(2026, 3, 7, 10), "0 working_days", date(2026, 3, 9), vn(2026, 3, 9, 17, 30)),
    (vn(2026, 3, 5, 10), "30 working_days", date(2026, 3, 5), vn(2026, 4, 16, 17, 30)),
]


@pytest.mark.parametrize(("start", "limit", "received_on", "expected"), WORKING_DAY_CASES)
def test_working_days(start: datetime, limit: str, received_on: date, expected: datetime) -> None:
    deadline = due_time(start=start, limit=TimeLimit.parse(limit), calendar=CAL)
    assert deadline.received_on == received_on
    assert deadline.due_at == expected


@pytest.mark.parametrize(
    ("clock", "received_on"),
    [
        (time(6, 0), date(2026, 3, 5)),  # before opening: still that day
        (time(7, 30), date(2026, 3, 5)),  # exactly at opening
        (time(11, 30), date(2026, 3, 5)),
        (time(12, 15), date(2026, 3, 5)),  # lunch break
        (time(17, 29), date(2026, 3, 5)),
        (time(17, 30), date(2026, 3, 6)),  # at closing time: no longer "before closing"
        (time(17, 31), date(2026, 3, 6)),
        (time(23, 59), date(2026, 3, 6)),
    ],
)
def test_rule_1_receipt_day_at_office_hour_edges(clock: time, received_on: date) -> None:
    start = datetime.combine(date(2026, 3, 5), clock, tzinfo=VN_TZ)
    deadline = due_time(start=start, limit=TimeLimit.parse("1 working_days"), calendar=CAL)
    assert deadline.received_on == received_on
    assert deadline.due_at.date() == CAL.next_working_day(received_on)


def test_start_in_another_zone_is_converted() -> None:
    deadline = due_time(
        start=datetime(2026, 3, 5, 2, 0, tzinfo=UTC),
        limit=TimeLimit.parse("3 working_days"),
        calendar=CAL,
    )
    assert deadline.start == vn(2026, 3, 5, 9)
    assert deadline.due_at == vn(2026, 3, 10, 17, 30)
    assert deadline.due_at.tzinfo is VN_TZ


def test_calendar_in_another_zone() -> None:
    bangkok = WorkingCalendar(tz=ZoneInfo("Asia/Bangkok"))
    deadline = due_time(
        start=vn(2026, 3, 5, 9), limit=TimeLimit.parse("1 working_days"), calendar=bangkok
    )
    assert deadline.due_at.tzinfo is bangkok.tz
    assert deadline.due_at == datetime(2026, 3, 6, 17, 30, tzinfo=bangkok.tz)


# -- administrator entries ----------------------------------------------------------------------


def test_local_closure_and_extra_working_day_move_due_times() -> None:
    calendar = WorkingCalendar(
        entries=[
            CalendarEntry(date(2026, 3, 11), working=False, reason="flood closure"),
            CalendarEntry(date(2026, 3, 14), working=True, reason="catch-up Saturday"),
        ]
    )
    assert due(vn(2026, 3, 10, 9), "1 working_days", calendar) == vn(2026, 3, 12, 17, 30)
    assert due(vn(2026, 3, 13, 9), "1 working_days", calendar) == vn(2026, 3, 14, 17, 30)
    assert due(vn(2026, 3, 14, 9), "same_day", calendar) == vn(2026, 3, 14, 17, 30)
    assert due(vn(2026, 3, 11, 9), "1 working_days", calendar) == vn(2026, 3, 13, 17, 30)


def test_later_entry_wins_in_due_times() -> None:
    day = date(2026, 3, 11)
    province_closed = CalendarEntry(day, working=False, reason="province closure")
    commune_open = CalendarEntry(day, working=True, reason="commune stays open")
    opened = WorkingCalendar(entries=[province_closed, commune_open])
    closed = WorkingCalendar(entries=[commune_open, province_closed])
    assert due(vn(2026, 3, 10, 9), "1 working_days", opened) == vn(2026, 3, 11, 17, 30)
    assert due(vn(2026, 3, 10, 9), "1 working_days", closed) == vn(2026, 3, 12, 17, 30)


# -- rule 4: working hours --------------------------------------------------------------------

WORKING_HOUR_CASES = [
    (vn(2026, 3, 5, 7, 30), "4 working_hours", vn(2026, 3, 5, 11, 30)),  # ends on 11:30, stays
    (vn(2026, 3, 5, 6, 0), "4 working_hours", vn(2026, 3, 5, 11, 30)),  # before opening
    (vn(2026, 3, 5, 10, 30), "1 working_hours", vn(2026, 3, 5, 11, 30)),
    (vn(2026, 3, 5, 11, 0), "1 working_hours", vn(2026, 3, 5, 14, 0)),  # across lunch
    (vn(2026, 3, 5, 11, 30), "1 working_hours", vn(2026, 3, 5, 14, 30)),  # at the break
    (vn(2026, 3, 5, 12, 0), "1 working_hours", vn(2026, 3, 5, 14, 30)),  # in the break
    (vn(2026, 3, 5, 13, 30), "4 working_hours", vn(2026, 3, 5, 17, 30)),  # ends on 17:30, stays
    (vn(2026, 3, 5, 16, 0), "2 working_hours", vn(2026, 3, 6, 8, 0)),
    (vn(2026, 3, 5, 17, 30), "1 working_hours", vn(2026, 3, 6, 8, 30)),  # at closing
    (vn(2026, 3, 5, 17, 31), "1 working_hours", vn(2026, 3, 6, 8, 30)),  # after closing
    (vn(2026, 3, 5, 10, 0), "8 working_hours", vn(2026, 3, 6, 10, 0)),
    (vn(2026, 3, 6, 16, 0), "4 working_hours", vn(2026, 3, 9, 10, 0)),  # over the weekend
    (vn(2026, 2, 13, 15, 30), "4 working_hours", vn(2026, 2, 23, 9, 30)),  # over Tết 2026
    (vn(2025, 1, 24, 16, 30), "8 working_hours", vn(2025, 2, 3, 16, 30)),  # over Tết 2025
    (vn(2027, 2, 3, 17, 0), "1 working_hours", vn(2027, 2, 11, 8, 0)),  # over Tết 2027
    (vn(2026, 4, 25, 9, 0), "1 working_hours", vn(2026, 4, 28, 8, 30)),  # Hùng Kings observed
    (vn(2025, 4, 25, 16, 30), "2 working_hours", vn(2025, 4, 26, 8, 30)),  # declared Saturday
    (vn(2026, 3, 5, 10, 0), "40 working_hours", vn(2026, 3, 12, 10, 0)),
    (vn(2026, 3, 5, 10, 0), "0 working_hours", vn(2026, 3, 5, 10, 0)),
    (vn(2026, 3, 5, 12, 0), "0 working_hours", vn(2026, 3, 5, 13, 30)),
    (vn(2026, 3, 5, 17, 30), "0 working_hours", vn(2026, 3, 6, 7, 30)),
]


@pytest.mark.parametrize(("start", "limit", "expected"), WORKING_HOUR_CASES)
def test_working_hours(start: datetime, limit: str, expected: datetime) -> None:
    assert due(start, limit) == expected


CUSTOM = WorkingCalendar(office_hours=OfficeHours.parse("08:00-12:00,13:00-17:00"))
HALF_DAY = WorkingCalendar(office_hours=OfficeHours.parse("07:00-11:00"))
THREE = WorkingCalendar(office_hours=OfficeHours.parse("07:00-09:00,10:00-12:00,14:00-16:00"))


@pytest.mark.parametrize(
    ("calendar", "start", "limit", "expected"),
    [
        (CUSTOM, vn(2026, 3, 5, 17, 15), "1 working_days", vn(2026, 3, 9, 17, 0)),  # after 17:00
        (CUSTOM, vn(2026, 3, 5, 11, 0), "2 working_hours", vn(2026, 3, 5, 14, 0)),
        (CUSTOM, vn(2026, 3, 5, 12, 30), "same_day", vn(2026, 3, 5, 17, 0)),
        (HALF_DAY, vn(2026, 3, 5, 10, 0), "2 working_hours", vn(2026, 3, 6, 8, 0)),
        (HALF_DAY, vn(2026, 3, 5, 10, 0), "1 working_days", vn(2026, 3, 6, 11, 0)),
        # A cut-off after closing time acts as the closing time (rule 3).
        (HALF_DAY, vn(2026, 3, 5, 12, 0), "same_day", vn(2026, 3, 6, 11, 0)),
        (THREE, vn(2026, 3, 5, 8, 0), "3 working_hours", vn(2026, 3, 5, 12, 0)),
        (THREE, vn(2026, 3, 5, 9, 30), "4 working_hours", vn(2026, 3, 5, 16, 0)),
        (THREE, vn(2026, 3, 5, 9, 30), "5 working_hours", vn(2026, 3, 6, 8, 0)),
    ],
)
def test_custom_office_hours(
    calendar: WorkingCalendar, start: datetime, limit: str, expected: datetime
) -> None:
    assert due(start, limit, calendar) == expected


# -- rule 3: same day ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "cutoff", "expected"),
    [
        (vn(2026, 3, 5, 10, 0), time(15, 0), vn(2026, 3, 5, 17, 30)),
        (vn(2026, 3, 5, 6, 0), time(15, 0), vn(2026, 3, 5, 17, 30)),  # before opening
        (vn(2026, 3, 5, 14, 59), time(15, 0), vn(2026, 3, 5, 17, 30)),
        (vn(2026, 3, 5, 15, 0), time(15, 0), vn(2026, 3, 6, 17, 30)),  # at the cut-off
        (vn(2026, 3, 5, 16, 0), time(15, 0), vn(2026, 3, 6, 17, 30)),
        (vn(2026, 3, 5, 16, 0), time(17, 30), vn(2026, 3, 5, 17, 30)),  # cut-off at closing
        (vn(2026, 3, 5, 12, 30), time(12, 0), vn(2026, 3, 6, 17, 30)),  # a noon cut-off
        (vn(2026, 3, 6, 16, 0), time(15, 0), vn(2026, 3, 9, 17, 30)),  # Friday after cut-off
        (vn(2026, 2, 13, 16, 0), time(15, 0), vn(2026, 2, 23, 17, 30)),  # before Tết
        (vn(2026, 4, 25, 9, 0), time(15, 0), vn(2026, 4, 28, 17, 30)),  # Saturday before Hùng
        (vn(2025, 4, 26, 9, 0), time(15, 0), vn(2025, 4, 26, 17, 30)),  # declared Saturday
    ],
)
def test_same_day(start: datetime, cutoff: time, expected: datetime) -> None:
    assert due(start, "same_day", cutoff=cutoff) == expected


# -- rule 5: calendar days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "limit", "expected"),
    [
        (vn(2026, 3, 5, 10), "15 calendar_days", vn(2026, 3, 20, 17, 30)),
        (vn(2026, 3, 5, 10), "0 calendar_days", vn(2026, 3, 5, 17, 30)),
        (vn(2026, 3, 5, 10), "2 calendar_days", vn(2026, 3, 9, 17, 30)),  # Sat -> Mon
        (vn(2026, 4, 25, 10), "10 calendar_days", vn(2026, 5, 8, 17, 30)),  # from receipt day 28/4
        (vn(2026, 4, 16, 10), "10 calendar_days", vn(2026, 4, 28, 17, 30)),  # lands on Hùng Sun
        (vn(2026, 2, 6, 10), "10 calendar_days", vn(2026, 2, 23, 17, 30)),  # lands in Tết
        (vn(2025, 1, 22, 10), "5 calendar_days", vn(2025, 2, 3, 17, 30)),  # Tết 2025
        (vn(2027, 1, 30, 10), "5 calendar_days", vn(2027, 2, 11, 17, 30)),  # Tết 2027 (from 1/2)
        (vn(2026, 4, 20, 10), "10 calendar_days", vn(2026, 5, 4, 17, 30)),  # lands on 30/4
        (vn(2026, 8, 26, 10), "5 calendar_days", vn(2026, 9, 3, 17, 30)),  # lands on swapped 31/8
        (vn(2025, 4, 21, 10), "5 calendar_days", vn(2025, 4, 26, 17, 30)),  # declared Saturday
        (vn(2026, 3, 5, 17, 45), "1 calendar_days", vn(2026, 3, 9, 17, 30)),  # receipt day 6/3
    ],
)
def test_calendar_days(start: datetime, limit: str, expected: datetime) -> None:
    assert due(start, limit) == expected


# -- pauses -------------------------------------------------------------------------------------

BASE_START = vn(2026, 3, 5, 9)  # 3 working days -> Tue 10 Mar 17:30


@pytest.mark.parametrize(
    ("pauses", "expected"),
    [
        ([], vn(2026, 3, 10, 17, 30)),
        ([Pause(vn(2026, 3, 9, 7, 30), vn(2026, 3, 9, 17, 30))], vn(2026, 3, 11, 17, 30)),
        ([Pause(vn(2026, 3, 9, 13, 30), vn(2026, 3, 10, 9, 30))], vn(2026, 3, 11, 15, 30)),
        # On the receipt day: the limit has not started to run yet (rule 2).
        ([Pause(vn(2026, 3, 5, 10), vn(2026, 3, 5, 12))], vn(2026, 3, 10, 17, 30)),
        # Over a weekend only: no working time inside.
        ([Pause(vn(2026, 3, 7, 8), vn(2026, 3, 8, 20))], vn(2026, 3, 10, 17, 30)),
        # After the due time: nothing changes.
        ([Pause(vn(2026, 3, 11, 8), vn(2026, 3, 12, 8))], vn(2026, 3, 10, 17, 30)),
        # From before the due time to after it: 2 h + 8 h + 2 h pushed.
        ([Pause(vn(2026, 3, 10, 15, 30), vn(2026, 3, 12, 9, 30))], vn(2026, 3, 12, 11, 30)),
        # Overlapping pauses are merged (8 h, not 12 h).
        (
            [
                Pause(vn(2026, 3, 9, 7, 30), vn(2026, 3, 9, 12, 0)),
                Pause(vn(2026, 3, 9, 10, 0), vn(2026, 3, 9, 17, 30)),
            ],
            vn(2026, 3, 11, 17, 30),
        ),
        # Two separate pauses, given out of order.
        (
            [
                Pause(vn(2026, 3, 10, 7, 30), vn(2026, 3, 10, 9, 30)),
                Pause(vn(2026, 3, 6, 7, 30), vn(2026, 3, 6, 9, 30)),
            ],
            vn(2026, 3, 11, 11, 30),
        ),
        # A pause in another zone.
        (
            [
                Pause(
                    datetime(2026, 3, 9, 0, 30, tzinfo=UTC),
                    datetime(2026, 3, 9, 10, 30, tzinfo=UTC),
                )
            ],
            vn(2026, 3, 11, 17, 30),
        ),
    ],
)
def test_pauses_on_working_days(pauses: list[Pause], expected: datetime) -> None:
    deadline = due_time(
        start=BASE_START, limit=TimeLimit.parse("3 working_days"), calendar=CAL, pauses=pauses
    )
    assert deadline.due_at == expected
    assert deadline.paused_since is None


def test_pause_on_working_hours() -> None:
    pauses = [Pause(vn(2026, 4, 29, 10, 30), vn(2026, 4, 29, 11, 0))]
    assert due(vn(2026, 4, 29, 10), "4 working_hours", pauses=pauses) == vn(2026, 4, 29, 16, 30)


def test_pause_across_tet_on_working_hours() -> None:
    # 1 h before the pause, the pause runs over Tết, 3 h after it.
    pauses = [Pause(vn(2026, 2, 13, 11, 0), vn(2026, 2, 23, 7, 30))]
    assert due(vn(2026, 2, 13, 10), "4 working_hours", pauses=pauses) == vn(2026, 2, 23, 10, 30)


def test_pause_on_same_day() -> None:
    pauses = [Pause(vn(2026, 3, 5, 11), vn(2026, 3, 5, 14))]  # 0.5 h + 0.5 h of office time
    assert due(vn(2026, 3, 5, 10), "same_day", pauses=pauses) == vn(2026, 3, 6, 8, 30)


@pytest.mark.parametrize(
    ("pause", "expected"),
    [
        (timedelta(hours=2), vn(2026, 5, 18, 17, 30)),  # rounded up to 1 day: Sat 16 -> Mon 18
        (timedelta(days=3), vn(2026, 5, 18, 17, 30)),
        (timedelta(days=4, minutes=1), vn(2026, 5, 20, 17, 30)),  # 5 days: Wed 20
    ],
)
def test_pause_on_calendar_days(pause: timedelta, expected: datetime) -> None:
    start = vn(2026, 5, 5, 9)  # 10 calendar days -> Fri 15 May
    pauses = [Pause(vn(2026, 5, 6, 9), vn(2026, 5, 6, 9) + pause)]
    assert due(start, "10 calendar_days") == vn(2026, 5, 15, 17, 30)
    assert due(start, "10 calendar_days", pauses=pauses) == expected


def test_pause_on_the_receipt_day_does_not_move_calendar_days() -> None:
    pauses = [Pause(vn(2026, 5, 5, 10), vn(2026, 5, 5, 16))]  # the limit runs from 6 May
    assert due(vn(2026, 5, 5, 9), "10 calendar_days", pauses=pauses) == vn(2026, 5, 15, 17, 30)


def test_open_pause_is_reported_not_counted() -> None:
    pauses = [
        Pause(vn(2026, 3, 6, 8), vn(2026, 3, 6, 9)),
        Pause(vn(2026, 3, 9, 8), None),
    ]
    deadline = due_time(
        start=BASE_START, limit=TimeLimit.parse("3 working_days"), calendar=CAL, pauses=pauses
    )
    assert deadline.paused_since == vn(2026, 3, 9, 8)
    assert deadline.due_at == vn(2026, 3, 11, 8, 30)  # only the closed hour is pushed


def test_open_pause_merges_with_an_overlapping_closed_one() -> None:
    pauses = [Pause(vn(2026, 3, 9, 8), None), Pause(vn(2026, 3, 9, 7, 45), vn(2026, 3, 9, 9))]
    deadline = due_time(
        start=BASE_START, limit=TimeLimit.parse("3 working_days"), calendar=CAL, pauses=pauses
    )
    assert deadline.paused_since == vn(2026, 3, 9, 7, 45)
    assert deadline.due_at == vn(2026, 3, 10, 17, 30)


def test_pause_validation() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Pause(datetime(2026, 3, 9, 8), None)  # noqa: DTZ001 - the naive value under test
    with pytest.raises(ValueError, match="timezone-aware"):
        Pause(vn(2026, 3, 9, 8), datetime(2026, 3, 9, 9))  # noqa: DTZ001
    with pytest.raises(ValueError, match="before it starts"):
        Pause(vn(2026, 3, 9, 8), vn(2026, 3, 9, 7))


# -- working time, at risk, overdue ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (vn(2026, 3, 5, 9), vn(2026, 3, 5, 16), timedelta(hours=5)),
        (vn(2026, 3, 5, 6), vn(2026, 3, 5, 20), timedelta(hours=8)),
        (vn(2026, 3, 5, 12), vn(2026, 3, 5, 13), timedelta(0)),
        (vn(2026, 3, 6, 17), vn(2026, 3, 9, 8), timedelta(hours=1)),
        (vn(2026, 2, 13, 15, 30), vn(2026, 2, 23, 9, 30), timedelta(hours=4)),
        (vn(2026, 3, 5, 16), vn(2026, 3, 5, 9), timedelta(0)),
        (vn(2026, 3, 5, 9), vn(2026, 3, 5, 9), timedelta(0)),
        (
            vn(2026, 1, 1, 0),
            vn(2027, 1, 1, 0),
            timedelta(hours=8 * 249),
        ),  # 261 weekdays - 13 days off + 22/8
    ],
)
def test_working_time_between(start: datetime, end: datetime, expected: timedelta) -> None:
    assert working_time_between(start=start, end=end, calendar=CAL) == expected


def test_working_time_between_excludes_pauses() -> None:
    pauses = [Pause(vn(2026, 3, 5, 10), vn(2026, 3, 5, 14)), Pause(vn(2026, 3, 5, 16), None)]
    got = working_time_between(
        start=vn(2026, 3, 5, 9), end=vn(2026, 3, 5, 17), calendar=CAL, pauses=pauses
    )
    assert got == timedelta(hours=3)  # 9-10 and 14-16


@pytest.mark.parametrize(
    ("now", "at_risk", "overdue"),
    [
        (vn(2026, 3, 9, 10), False, False),
        (vn(2026, 3, 9, 17, 30), False, False),  # exactly one working day (8 h) left
        (vn(2026, 3, 10, 7, 30), False, False),  # still 8 h: nothing happened overnight
        (vn(2026, 3, 10, 7, 31), True, False),
        (vn(2026, 3, 10, 17, 30), True, False),  # at the due time: not overdue yet
        (vn(2026, 3, 10, 17, 31), False, True),
        (vn(2026, 3, 11, 9), False, True),
    ],
)
def test_at_risk_and_overdue(now: datetime, at_risk: bool, overdue: bool) -> None:
    due_at = vn(2026, 3, 10, 17, 30)
    assert is_at_risk(due_at=due_at, now=now, calendar=CAL) is at_risk
    assert is_overdue(due_at=due_at, now=now) is overdue


def test_not_at_risk_before_tet_with_a_day_left_after_it() -> None:
    due_at = vn(2026, 2, 23, 17, 30)
    assert not is_at_risk(due_at=due_at, now=vn(2026, 2, 13, 17, 0), calendar=CAL)
    assert is_at_risk(due_at=due_at, now=vn(2026, 2, 23, 8, 0), calendar=CAL)


# -- rule 7: restart; rule 8: extension ----------------------------------------------------------


def test_restart_counts_from_the_complete_dossier() -> None:
    first = due_time(start=BASE_START, limit=TimeLimit.parse("5 working_days"), calendar=CAL)
    assert first.due_at == vn(2026, 3, 12, 17, 30)
    again = restart(deadline=first, complete_at=vn(2026, 3, 11, 16), calendar=CAL)
    assert again.received_on == date(2026, 3, 11)
    assert again.due_at == vn(2026, 3, 18, 17, 30)
    assert again.original_due_at == again.due_at
    assert again.restarted_from == first
    assert again.limit == first.limit


def test_restart_applies_rule_1_to_the_complete_dossier() -> None:
    first = due_time(start=BASE_START, limit=TimeLimit.parse("5 working_days"), calendar=CAL)
    again = restart(deadline=first, complete_at=vn(2026, 3, 13, 17, 45), calendar=CAL)
    assert again.received_on == date(2026, 3, 16)
    assert again.due_at == vn(2026, 3, 23, 17, 30)


def test_restart_before_start_is_an_error() -> None:
    first = due_time(start=BASE_START, limit=TimeLimit.parse("5 working_days"), calendar=CAL)
    with pytest.raises(ValueError, match="cannot arrive before"):
        restart(deadline=first, complete_at=vn(2026, 3, 4, 9), calendar=CAL)


def test_extension_once_only() -> None:
    first = due_time(start=BASE_START, limit=TimeLimit.parse("3 working_days"), calendar=CAL)
    extended = extend(deadline=first, new_due_at=vn(2026, 3, 13, 17, 30))
    assert extended.extended
    assert extended.due_at == vn(2026, 3, 13, 17, 30)
    assert extended.original_due_at == vn(2026, 3, 10, 17, 30)
    assert not first.extended  # frozen: the original is untouched
    with pytest.raises(ExtensionError, match="already been extended"):
        extend(deadline=extended, new_due_at=vn(2026, 3, 20, 17, 30))


def test_extension_must_move_later() -> None:
    first = due_time(start=BASE_START, limit=TimeLimit.parse("3 working_days"), calendar=CAL)
    with pytest.raises(ExtensionError, match="must be after"):
        extend(deadline=first, new_due_at=first.due_at)
    assert issubclass(ExtensionError, ValueError)


def test_extension_is_once_per_chain_of_restarts() -> None:
    first = due_time(start=BASE_START, limit=TimeLimit.parse("3 working_days"), calendar=CAL)
    extended = extend(deadline=first, new_due_at=vn(2026, 3, 13, 17, 30))
    again = restart(deadline=extended, complete_at=vn(2026, 3, 12, 9), calendar=CAL)
    with pytest.raises(ExtensionError):
        extend(deadline=again, new_due_at=again.due_at + timedelta(days=3))


def test_extension_converts_to_the_calendar_zone() -> None:
    first = due_time(start=BASE_START, limit=TimeLimit.parse("3 working_days"), calendar=CAL)
    extended = extend(deadline=first, new_due_at=datetime(2026, 3, 13, 10, 30, tzinfo=UTC))
    assert extended.due_at == vn(2026, 3, 13, 17, 30)
    assert extended.due_at.tzinfo is VN_TZ


def test_extension_of_a_stored_deadline_without_calendar() -> None:
    stored = Deadline(
        start=BASE_START,
        received_on=date(2026, 3, 5),
        limit=TimeLimit.parse("3 working_days"),
        due_at=vn(2026, 3, 10, 17, 30),
        original_due_at=vn(2026, 3, 10, 17, 30),
        extended=False,
    )
    extended = extend(deadline=stored, new_due_at=vn(2026, 3, 12, 17, 30))
    assert extended.explain()[-1] == "New due time: Thu 12 Mar 2026 17:30."


# -- naive datetimes ----------------------------------------------------------------------------

NAIVE = datetime(2026, 3, 5, 9)  # noqa: DTZ001 - the naive value under test


def test_naive_datetimes_are_rejected() -> None:
    limit = TimeLimit.parse("3 working_days")
    with pytest.raises(ValueError, match="start must be a timezone-aware datetime"):
        due_time(start=NAIVE, limit=limit, calendar=CAL)
    with pytest.raises(ValueError, match="timezone-aware"):
        working_time_between(start=vn(2026, 3, 5), end=NAIVE, calendar=CAL)
    with pytest.raises(ValueError, match="timezone-aware"):
        working_time_between(start=NAIVE, end=vn(2026, 3, 6), calendar=CAL)
    with pytest.raises(ValueError, match="now must be"):
        is_overdue(due_at=vn(2026, 3, 5), now=NAIVE)
    with pytest.raises(ValueError, match="due_at must be"):
        is_at_risk(due_at=NAIVE, now=vn(2026, 3, 5), calendar=CAL)
    first = due_time(start=BASE_START, limit=limit, calendar=CAL)
    with pytest.raises(ValueError, match="complete_at must be"):
        restart(deadline=first, complete_at=NAIVE, calendar=CAL)
    with pytest.raises(ValueError, match="new_due_at must be"):
        extend(deadline=first, new_due_at=NAIVE)
    with pytest.raises(ValueError, match="timezone-aware"):
        due_time(start=date(2026, 3, 5), limit=limit, calendar=CAL)  # type: ignore[arg-type]


def test_aware_cutoff_is_rejected() -> None:
    with pytest.raises(ValueError, match="cutoff"):
        due(BASE_START, "same_day", cutoff=time(15, tzinfo=UTC))


# -- TimeLimit --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 working_days", TimeLimit(3, LimitUnit.WORKING_DAYS)),
        ("4 working_hours", TimeLimit(4, LimitUnit.WORKING_HOURS)),
        ("15 calendar_days", TimeLimit(15, LimitUnit.CALENDAR_DAYS)),
        ("same_day", TimeLimit(0, LimitUnit.SAME_DAY)),
        ("0 same_day", TimeLimit(0, LimitUnit.SAME_DAY)),
        ("0 working_days", TimeLimit(0, LimitUnit.WORKING_DAYS)),
        ("  7   Working_Days ", TimeLimit(7, LimitUnit.WORKING_DAYS)),
    ],
)
def test_time_limit_parse(text: str, expected: TimeLimit) -> None:
    parsed = TimeLimit.parse(text)
    assert parsed == expected
    assert TimeLimit.parse(str(parsed)) == parsed


def test_time_limit_str() -> None:
    assert str(TimeLimit(3, LimitUnit.WORKING_DAYS)) == "3 working_days"
    assert str(TimeLimit(0, LimitUnit.SAME_DAY)) == "same_day"
    assert TimeLimit(2, "working_hours").unit is LimitUnit.WORKING_HOURS  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected '<number> <unit>'"),
        ("garbage", "expected '<number> <unit>'"),
        ("3", "expected '<number> <unit>'"),
        ("3 working_days extra", "expected '<number> <unit>'"),
        ("-1 working_days", "must not be negative"),
        ("1.5 working_hours", "Invalid number '1.5'"),
        ("three working_days", "Invalid number 'three'"),
        ("3 fortnights", "Unknown unit 'fortnights'"),
        ("3 working_day", "Unknown unit 'working_day'"),
        ("1 same_day", "same-day limit has no value"),
    ],
)
def test_time_limit_parse_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TimeLimit.parse(text)


@pytest.mark.parametrize(
    ("value", "unit", "message"),
    [
        (-1, LimitUnit.WORKING_DAYS, "must not be negative"),
        (True, LimitUnit.WORKING_DAYS, "must be an integer"),
        (1.5, LimitUnit.WORKING_DAYS, "must be an integer"),
        (3, "weeks", "Unknown time-limit unit"),
    ],
)
def test_time_limit_constructor_errors(value: object, unit: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TimeLimit(value, unit)  # type: ignore[arg-type]


# -- implementation guards ----------------------------------------------------------------------


def test_fast_constructor_sets_every_field() -> None:
    # due_time() builds Deadline without its __init__ for speed; a new field must be added there.
    assert len(engine._SLOT_SETTERS) == len(dataclasses.fields(Deadline))
    pauses = (Pause(vn(2026, 3, 9, 8), None),)
    limit = TimeLimit.parse("3 working_days")
    deadline = due_time(start=BASE_START, limit=limit, calendar=CAL, cutoff=time(14), pauses=pauses)
    expected = Deadline(
        start=BASE_START,
        received_on=date(2026, 3, 5),
        limit=limit,
        due_at=vn(2026, 3, 10, 17, 30),
        original_due_at=vn(2026, 3, 10, 17, 30),
        extended=False,
        paused_since=vn(2026, 3, 9, 8),
        pauses=pauses,
        cutoff=time(14),
        calendar=CAL,
        restarted_from=None,
    )
    assert {f.name: getattr(deadline, f.name) for f in dataclasses.fields(Deadline)} == {
        f.name: getattr(expected, f.name) for f in dataclasses.fields(Deadline)
    }
    assert deadline == expected
    assert hash(deadline) == hash(expected)


def test_far_future_limits_extend_the_window() -> None:
    calendar = WorkingCalendar()
    far = due(vn(2026, 3, 5, 9), "1000 working_days", calendar)
    assert far.date() == WorkingCalendar().add_working_days(date(2026, 3, 5), 1000)
    assert far.year == 2030
    assert due(vn(2026, 3, 5, 9), "3 working_days", calendar) == vn(2026, 3, 10, 17, 30)
    with pytest.raises(ValueError, match="covers"):
        due(vn(2026, 3, 5, 9), "100000 working_days", calendar)
