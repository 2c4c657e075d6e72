"""Tests for the working calendar: statutory base 2025-2027, entries, office hours."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from motcua.deadlines.calendar import (
    DEFAULT_OFFICE_HOURS,
    MAX_YEAR,
    MIN_YEAR,
    VN_TZ,
    CalendarEntry,
    DayKind,
    OfficeHours,
    WorkingCalendar,
)

CAL = WorkingCalendar()


# -- statutory base ---------------------------------------------------------------------------

NON_WORKING = [
    # (day, reason) from holidays.VN 0.108 (Labour Code 2019 Art. 111-112, PM-approved swaps)
    (date(2025, 1, 1), "public holiday: New Year's Day"),
    (date(2025, 1, 27), "public holiday: 29 of Lunar New Year"),
    (date(2025, 1, 28), "public holiday: Lunar New Year's Eve"),
    (date(2025, 1, 29), "public holiday: Lunar New Year"),
    (date(2025, 1, 31), "public holiday: Third Day of Lunar New Year"),
    (date(2025, 2, 1), "public holiday: Fourth Day of Lunar New Year"),
    (date(2025, 4, 7), "public holiday: Hung Kings' Commemoration Day"),
    (date(2025, 4, 30), "public holiday: Liberation Day/Reunification Day"),
    (date(2025, 5, 1), "public holiday: International Labor Day"),
    (date(2025, 5, 2), "declared day off: in exchange for working on Sat 26 Apr 2025"),
    (date(2025, 9, 1), "public holiday: National Day"),
    (date(2025, 9, 2), "public holiday: National Day"),
    (date(2026, 1, 1), "public holiday: New Year's Day"),
    (date(2026, 2, 14), "Saturday"),
    (date(2026, 2, 15), "Sunday"),
    (date(2026, 2, 16), "public holiday: Lunar New Year's Eve"),
    (date(2026, 2, 17), "public holiday: Lunar New Year"),
    (date(2026, 2, 18), "public holiday: Second Day of Lunar New Year"),
    (date(2026, 2, 19), "public holiday: Third Day of Lunar New Year"),
    (date(2026, 2, 20), "public holiday: Fourth Day of Lunar New Year"),
    (date(2026, 4, 26), "public holiday: Hung Kings' Commemoration Day"),
    (date(2026, 4, 27), "public holiday: Hung Kings' Commemoration Day (observed)"),
    (date(2026, 4, 30), "public holiday: Liberation Day/Reunification Day"),
    (date(2026, 5, 1), "public holiday: International Labor Day"),
    (date(2026, 8, 31), "declared day off: in exchange for working on Sat 22 Aug 2026"),
    (date(2026, 9, 1), "public holiday: National Day"),
    (date(2026, 9, 2), "public holiday: National Day"),
    (date(2026, 11, 24), "public holiday: Vietnam Cultural Day"),
    (date(2027, 1, 1), "public holiday: New Year's Day"),
    (date(2027, 2, 4), "public holiday: 29 of Lunar New Year"),
    (date(2027, 2, 5), "public holiday: Lunar New Year's Eve"),
    (date(2027, 2, 6), "public holiday: Lunar New Year"),
    (date(2027, 2, 8), "public holiday: Third Day of Lunar New Year"),
    (date(2027, 2, 10), "public holiday: Fifth Day of Lunar New Year"),
    (date(2027, 4, 16), "public holiday: Hung Kings' Commemoration Day"),
    (date(2027, 4, 30), "public holiday: Liberation Day/Reunification Day"),
    (date(2027, 5, 1), "public holiday: International Labor Day"),
    (date(2027, 5, 3), "public holiday: International Labor Day (observed)"),
    (date(2027, 9, 2), "public holiday: National Day"),
    (date(2027, 9, 3), "public holiday: National Day"),
]

WORKING = [
    (date(2025, 1, 2), ""),
    (date(2025, 1, 24), ""),  # last working day before Tết 2025
    (date(2025, 2, 3), ""),  # first working day after Tết 2025
    (date(2025, 4, 26), "declared working day: in exchange for the day off on Fri 2 May 2025"),
    (date(2025, 9, 3), ""),
    (date(2026, 1, 2), ""),
    (date(2026, 2, 13), ""),
    (date(2026, 2, 23), ""),
    (date(2026, 4, 28), ""),
    (date(2026, 8, 22), "declared working day: in exchange for the day off on Mon 31 Aug 2026"),
    (date(2026, 9, 3), ""),
    (date(2027, 2, 3), ""),
    (date(2027, 2, 11), ""),
    (date(2027, 5, 4), ""),
]


@pytest.mark.parametrize(("day", "reason"), NON_WORKING, ids=str)
def test_statutory_days_off(day: date, reason: str) -> None:
    assert not CAL.is_working_day(day)
    assert CAL.day_reason(day) == reason


@pytest.mark.parametrize(("day", "reason"), WORKING, ids=str)
def test_working_days(day: date, reason: str) -> None:
    assert CAL.is_working_day(day)
    assert CAL.day_reason(day) == reason


def test_tet_2026_is_the_week_of_16_to_20_february() -> None:
    off = [d for d in _days(date(2026, 2, 9), date(2026, 2, 27)) if not CAL.is_working_day(d)]
    assert off == [date(2026, 2, d) for d in (14, 15, 16, 17, 18, 19, 20, 21, 22)]


def test_day_kinds() -> None:
    assert CAL.day_info(date(2026, 3, 5)).kind is DayKind.ORDINARY
    assert CAL.day_info(date(2026, 3, 7)).kind is DayKind.SATURDAY
    assert CAL.day_info(date(2026, 2, 17)).kind is DayKind.HOLIDAY
    assert CAL.day_info(date(2026, 8, 22)).kind is DayKind.SWAP_WORKING_DAY
    assert CAL.day_info(date(2026, 8, 31)).kind is DayKind.SWAP_DAY_OFF
    assert CAL.day_info(date(2026, 8, 31)).other_day == date(2026, 8, 22)


def test_statutory_base_matches_holidays_package() -> None:
    reference = holidays.country_holidays("VN", years=range(2025, 2028))
    for day in _days(date(2025, 1, 1), date(2027, 12, 31)):
        assert CAL.is_working_day(day) == reference.is_working_day(day), day


def test_swap_across_new_year_is_paired() -> None:
    # NĐ-era swap: Sat 5 Jan 2019 worked for Mon 31 Dec 2018 off (recorded under 2018/2019).
    assert CAL.is_working_day(date(2019, 1, 5))
    assert not CAL.is_working_day(date(2018, 12, 31))
    assert CAL.day_reason(date(2018, 12, 31)) == (
        "declared day off: in exchange for working on Sat 5 Jan 2019"
    )


# -- navigation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 3, 5), 1, date(2026, 3, 6)),
        (date(2026, 3, 6), 1, date(2026, 3, 9)),
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # from a Saturday
        (date(2026, 2, 13), 1, date(2026, 2, 23)),  # Tết 2026
        (date(2026, 2, 9), 5, date(2026, 2, 23)),  # worked example 2 from its receipt day
        (date(2025, 1, 24), 1, date(2025, 2, 3)),  # Tết 2025
        (date(2027, 2, 3), 1, date(2027, 2, 11)),  # Tết 2027
        (date(2025, 4, 25), 1, date(2025, 4, 26)),  # declared working Saturday
        (date(2025, 4, 29), 1, date(2025, 5, 5)),  # 30/4, 1/5, swapped 2/5
        (date(2026, 8, 21), 1, date(2026, 8, 22)),  # declared working Saturday
        (date(2026, 8, 28), 1, date(2026, 9, 3)),  # swapped 31/8, 1/9, 2/9
        (date(2026, 4, 24), 1, date(2026, 4, 28)),  # Hùng Kings observed Monday
        (date(2025, 12, 31), 1, date(2026, 1, 2)),
        (date(2026, 3, 10), -1, date(2026, 3, 9)),
        (date(2026, 2, 23), -1, date(2026, 2, 13)),
        (date(2026, 3, 9), -5, date(2026, 3, 2)),
    ],
)
def test_add_working_days(day: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(day, n) == expected


def test_next_working_day_is_strictly_after() -> None:
    assert CAL.next_working_day(date(2026, 3, 5)) == date(2026, 3, 6)
    assert CAL.next_working_day(date(2026, 2, 14)) == date(2026, 2, 23)


def test_add_zero_working_days_is_an_error() -> None:
    with pytest.raises(ValueError, match="non-zero"):
        CAL.add_working_days(date(2026, 3, 5), 0)


def test_window_grows_both_ways_consistently() -> None:
    calendar = WorkingCalendar()
    assert calendar.add_working_days(date(2026, 3, 5), 3) == date(2026, 3, 10)
    # A long jump forward and a look far back extend the window; results stay right.
    assert calendar.add_working_days(date(2026, 3, 5), 2000) == WorkingCalendar().add_working_days(
        date(2026, 3, 5), 2000
    )
    assert calendar.is_working_day(date(1996, 2, 19)) is False  # Tết 1996
    assert calendar.add_working_days(date(2026, 3, 5), 3) == date(2026, 3, 10)
    assert calendar.add_working_days(date(2026, 3, 10), -3) == date(2026, 3, 5)


def test_dates_outside_supported_years_are_refused() -> None:
    with pytest.raises(ValueError, match=f"{MIN_YEAR}-{MAX_YEAR}"):
        CAL.is_working_day(date(MIN_YEAR - 1, 6, 1))
    with pytest.raises(ValueError, match=f"{MIN_YEAR}-{MAX_YEAR}"):
        CAL.add_working_days(date(MAX_YEAR, 12, 20), 30)


def test_holidays_is_not_called_once_the_window_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    calendar = WorkingCalendar()
    calendar.is_working_day(date(2026, 1, 1))

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("holidays called in the hot path")

    monkeypatch.setattr(holidays, "country_holidays", fail)
    assert calendar.add_working_days(date(2026, 1, 1), 300) > date(2027, 1, 1)


# -- administrator entries --------------------------------------------------------------------


def test_local_closure_and_extra_working_day() -> None:
    calendar = WorkingCalendar(
        entries=[
            CalendarEntry(date(2026, 3, 11), working=False, reason="Storm Yagi closure"),
            CalendarEntry(date(2026, 3, 14), working=True, reason="catch-up Saturday"),
        ]
    )
    assert not calendar.is_working_day(date(2026, 3, 11))
    assert calendar.day_reason(date(2026, 3, 11)) == "local day off: Storm Yagi closure"
    assert calendar.is_working_day(date(2026, 3, 14))
    assert calendar.day_reason(date(2026, 3, 14)) == "declared working day: catch-up Saturday"
    assert calendar.add_working_days(date(2026, 3, 10), 1) == date(2026, 3, 12)
    assert calendar.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 14)


@pytest.mark.parametrize(
    ("first", "second", "working"),
    [(False, True, True), (True, False, False)],
)
def test_later_entry_overrides_earlier(first: bool, second: bool, working: bool) -> None:
    day = date(2026, 3, 11)
    calendar = WorkingCalendar(
        entries=[
            CalendarEntry(day, working=first, reason="province"),
            CalendarEntry(day, working=second, reason="commune"),
        ]
    )
    assert calendar.is_working_day(day) is working
    assert calendar.day_reason(day).endswith("commune")
    assert len(calendar.entries) == 1


def test_entry_overrides_statutory_days() -> None:
    calendar = WorkingCalendar(
        entries=[
            CalendarEntry(date(2026, 9, 2), working=True, reason="emergency service"),
            CalendarEntry(date(2026, 8, 22), working=False, reason="not swapped here"),
        ]
    )
    assert calendar.is_working_day(date(2026, 9, 2))
    assert not calendar.is_working_day(date(2026, 8, 22))
    assert calendar.day_reason(date(2026, 8, 22)) == "local day off: not swapped here"


def test_entry_is_for_a_date_not_a_datetime() -> None:
    from datetime import datetime

    with pytest.raises(ValueError, match="for a date"):
        CalendarEntry(datetime(2026, 3, 11, 9, tzinfo=VN_TZ), working=False, reason="x")


# -- office hours -----------------------------------------------------------------------------


def test_default_office_hours() -> None:
    assert str(DEFAULT_OFFICE_HOURS) == "07:30-11:30,13:30-17:30"
    assert DEFAULT_OFFICE_HOURS.opening == time(7, 30)
    assert DEFAULT_OFFICE_HOURS.closing == time(17, 30)
    assert DEFAULT_OFFICE_HOURS.hours_per_day == timedelta(hours=8)
    assert OfficeHours.parse("07:30-11:30,13:30-17:30") == DEFAULT_OFFICE_HOURS


@pytest.mark.parametrize(
    "text",
    ["08:00-12:00,13:00-17:00", "07:00-11:00", "7:00-11:00,13:00-15:00,16:00-17:15", "00:00-23:59"],
)
def test_office_hours_round_trip(text: str) -> None:
    parsed = OfficeHours.parse(text)
    assert OfficeHours.parse(str(parsed)) == parsed


def test_office_hours_tolerate_spaces_and_en_dash() -> None:
    assert OfficeHours.parse(" 07:30 – 11:30 , 13:30-17:30 ") == DEFAULT_OFFICE_HOURS  # noqa: RUF001


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("garbage", "Invalid office period"),
        ("07:30", "Invalid office period"),
        ("07:30-11:30-12:00", "Invalid office period"),
        ("07:30-", "Invalid time ''"),
        ("7.30-11.30", "Invalid time '7.30'"),
        ("25:00-26:00", "Invalid time '25:00'"),
        ("07:60-11:30", "Invalid time '07:60'"),
        ("11:30-07:30", "must end after it starts"),
        ("07:30-07:30", "must end after it starts"),
        ("13:30-17:30,07:30-11:30", "in order"),
        ("07:30-12:00,11:30-17:30", "must not overlap"),
    ],
)
def test_office_hours_parse_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        OfficeHours.parse(text)


def test_office_hours_constructor_validates() -> None:
    with pytest.raises(ValueError, match="at least one period"):
        OfficeHours(())
    with pytest.raises(ValueError, match="naive"):
        OfficeHours(((time(7, 30, tzinfo=ZoneInfo("UTC")), time(11, 30)),))


def test_repr_mentions_hours_and_zone() -> None:
    assert repr(CAL) == (
        "WorkingCalendar(office_hours='07:30-11:30,13:30-17:30', entries=0, tz='Asia/Ho_Chi_Minh')"
    )


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
