"""Tests for the explanation lines shown next to every due time (domain.md §6)."""
# ruff: noqa: RUF001 - explanation lines use en dashes in date ranges

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

from motcua.deadlines.calendar import VN_TZ, CalendarEntry, WorkingCalendar
from motcua.deadlines.engine import Pause, TimeLimit, due_time, extend, restart
from motcua.deadlines.explain import format_duration, format_range, skip_label

CAL = WorkingCalendar()


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


def explain(
    start: datetime,
    limit: str,
    calendar: WorkingCalendar = CAL,
    *,
    cutoff: time = time(15),
    pauses: Sequence[Pause] = (),
) -> list[str]:
    return due_time(
        start=start, limit=TimeLimit.parse(limit), calendar=calendar, cutoff=cutoff, pauses=pauses
    ).explain()


def test_worked_example_1() -> None:
    assert explain(vn(2026, 3, 5, 9), "3 working_days") == [
        "Received at Thu 5 Mar 2026 09:00.",
        "Received on a working day before closing time (17:30); the receipt day is Thu 5 Mar 2026.",
        "The limit of 3 working days runs from the day after the receipt day (Civil Code 2015 "
        "Art. 147) and ends at closing time of the last of them (rule 2).",
        "Working days counted (3): 6 Mar 2026, 9–10 Mar 2026.",
        "Skipped 7–8 Mar 2026: weekend.",
        "Due at closing time (17:30) of Tue 10 Mar 2026.",
    ]


def test_worked_example_2_skips_tet() -> None:
    lines = explain(vn(2026, 2, 6, 17, 45), "5 working_days")
    assert lines == [
        "Received at Fri 6 Feb 2026 17:45.",
        "Received after closing time (17:30); the receipt day is Mon 9 Feb 2026.",
        "Skipped 7–8 Feb 2026: weekend.",
        "The limit of 5 working days runs from the day after the receipt day (Civil Code 2015 "
        "Art. 147) and ends at closing time of the last of them (rule 2).",
        "Working days counted (5): 10–13 Feb 2026, 23 Feb 2026.",
        "Skipped 14–15 Feb 2026: weekend.",
        "Skipped 16–20 Feb 2026: public holiday: Lunar New Year.",
        "Skipped 21–22 Feb 2026: weekend.",
        "Due at closing time (17:30) of Mon 23 Feb 2026.",
    ]


def test_worked_example_3_lists_office_periods() -> None:
    assert explain(vn(2026, 4, 29, 10), "4 working_hours") == [
        "Received at Wed 29 Apr 2026 10:00.",
        "Counting starts at the receipt time, Wed 29 Apr 2026 10:00.",
        "The limit of 4 working hours counts only office hours (07:30-11:30,13:30-17:30) of "
        "working days (rule 4).",
        "Wed 29 Apr 2026: 10:00–11:30, 13:30–16:00 (4 h).",
        "Due at Wed 29 Apr 2026 16:00.",
    ]


def test_tet_2027_is_one_range_including_its_weekend() -> None:
    lines = explain(vn(2027, 2, 3, 10), "1 working_days")
    assert "Skipped 4–10 Feb 2027: public holiday: Lunar New Year." in lines
    assert lines[-1] == "Due at closing time (17:30) of Thu 11 Feb 2027."


def test_tet_2025_range_and_receipt_on_a_holiday() -> None:
    lines = explain(vn(2025, 1, 29, 10), "1 working_days")
    assert lines[1] == (
        "Received on a non-working day (public holiday: Lunar New Year); the receipt day is "
        "Mon 3 Feb 2025."
    )
    # Sat 1 Feb is the fourth day of Tết: one range with the weekday holidays.
    assert lines[2:4] == [
        "Skipped 29 Jan – 1 Feb 2025: public holiday: Lunar New Year.",
        "Skipped 2 Feb 2025: weekend.",
    ]
    assert lines[4].startswith("The limit of 1 working day runs from the day after the receipt day")
    assert lines[-1] == "Due at closing time (17:30) of Tue 4 Feb 2025."


def test_swap_and_observed_days_are_named() -> None:
    lines = explain(vn(2026, 8, 28, 10), "1 working_days")
    assert (
        "Skipped 31 Aug 2026: declared day off in exchange for working on Sat 22 Aug 2026." in lines
    )
    assert "Skipped 1–2 Sep 2026: public holiday: National Day." in lines
    lines = explain(vn(2026, 4, 24, 10), "1 working_days")
    assert "Skipped 26 Apr 2026: public holiday: Hung Kings' Commemoration Day." in lines
    assert "Skipped 27 Apr 2026: public holiday: Hung Kings' Commemoration Day (observed)." in lines


def test_receipt_on_a_saturday_and_local_closure() -> None:
    calendar = WorkingCalendar(
        entries=[CalendarEntry(date(2026, 3, 9), working=False, reason="flood closure")]
    )
    lines = explain(vn(2026, 3, 7, 10), "1 working_days", calendar)
    assert lines[1] == (
        "Received on a non-working day (Saturday); the receipt day is Tue 10 Mar 2026."
    )
    assert "Skipped 7–8 Mar 2026: weekend." in lines
    assert "Skipped 9 Mar 2026: local day off: flood closure." in lines


def test_working_hours_clamping_lines() -> None:
    assert explain(vn(2026, 3, 5, 6), "1 working_hours")[1] == (
        "Received before opening time; counting starts at Thu 5 Mar 2026 07:30."
    )
    assert explain(vn(2026, 3, 5, 12), "1 working_hours")[1] == (
        "Received during a break between office periods; counting starts at Thu 5 Mar 2026 13:30."
    )
    assert explain(vn(2026, 3, 5, 18), "1 working_hours")[1] == (
        "Received after closing time (17:30); counting starts at Fri 6 Mar 2026 07:30."
    )
    lines = explain(vn(2026, 2, 14, 9), "2 working_hours")
    assert lines[1] == (
        "Received on a non-working day (Saturday); counting starts at Mon 23 Feb 2026 07:30."
    )
    assert "Skipped 16–20 Feb 2026: public holiday: Lunar New Year." in lines


def test_same_day_lines() -> None:
    assert explain(vn(2026, 3, 5, 10), "same_day")[1] == (
        "Received on a working day before the cut-off time (15:00); due at closing time the same "
        "day (rule 3)."
    )
    lines = explain(vn(2026, 3, 6, 15), "same_day", cutoff=time(15))
    assert lines[1] == (
        "Received at or after the cut-off time (15:00); due at closing time of the next working "
        "day (rule 3)."
    )
    assert lines[-1] == "Due at closing time (17:30) of Mon 9 Mar 2026."


def test_calendar_days_landing_on_a_holiday() -> None:
    lines = explain(vn(2026, 4, 16, 10), "10 calendar_days")
    assert lines[2] == (
        "The limit of 10 calendar days counts every day from the day after the receipt day (Civil "
        "Code 2015 Art. 147); day 10 is Sun 26 Apr 2026."
    )
    assert "Skipped 26 Apr 2026: public holiday: Hung Kings' Commemoration Day." in lines
    assert (
        "Sun 26 Apr 2026 is not a working day; the limit ends on the next working day, Tue 28 Apr "
        "2026 (Civil Code 2015 Art. 148)."
    ) in lines
    assert lines[-1] == "Due at closing time (17:30) of Tue 28 Apr 2026."


def test_pause_lines() -> None:
    pauses = [
        Pause(vn(2026, 3, 9, 13, 30), vn(2026, 3, 10, 9, 30)),
        Pause(vn(2026, 3, 12, 8), vn(2026, 3, 12, 9)),
    ]
    lines = explain(vn(2026, 3, 5, 9), "3 working_days", pauses=pauses)
    assert "Working days counted (3): 6 Mar 2026, 9–10 Mar 2026." in lines
    assert (
        "Paused from Mon 9 Mar 2026 13:30 to Tue 10 Mar 2026 09:30: 6 h of working time not "
        "counted."
    ) in lines
    assert (
        "Paused from Thu 12 Mar 2026 08:00 to Thu 12 Mar 2026 09:00: no counted time inside, "
        "nothing added."
    ) in lines
    assert (
        "Without the pauses the due time would be Tue 10 Mar 2026 17:30; it moves later by the "
        "paused working time, 6 h."
    ) in lines
    assert lines[-1] == "Due at Wed 11 Mar 2026 15:30."


def test_working_hours_segments_leave_out_pauses() -> None:
    pauses = [Pause(vn(2026, 4, 29, 10, 30), vn(2026, 4, 29, 11, 0))]
    lines = explain(vn(2026, 4, 29, 10), "4 working_hours", pauses=pauses)
    assert "Wed 29 Apr 2026: 10:00–10:30, 11:00–11:30, 13:30–16:30 (4 h)." in lines
    assert lines[-1] == "Due at Wed 29 Apr 2026 16:30."


def test_open_pause_line() -> None:
    lines = explain(vn(2026, 3, 5, 9), "3 working_days", pauses=[Pause(vn(2026, 3, 9, 8), None)])
    assert lines[-2].startswith("Paused since Mon 9 Mar 2026 08:00 and not resumed")


def test_calendar_days_pause_lines() -> None:
    pauses = [Pause(vn(2026, 5, 6, 9), vn(2026, 5, 6, 11))]
    lines = explain(vn(2026, 5, 5, 9), "10 calendar_days", pauses=pauses)
    assert "Paused from Wed 6 May 2026 09:00 to Wed 6 May 2026 11:00: 2 h not counted." in lines
    assert (
        "The paused time, rounded up to whole days, moves that day 1 day later, to Sat 16 May 2026."
    ) in lines
    assert lines[-1] == "Due at Mon 18 May 2026 17:30."


def test_restart_and_extension_lines() -> None:
    first = due_time(start=vn(2026, 3, 5, 9), limit=TimeLimit.parse("5 working_days"), calendar=CAL)
    again = restart(deadline=first, complete_at=vn(2026, 3, 11, 16), calendar=CAL)
    extended = extend(deadline=again, new_due_at=vn(2026, 3, 25, 17, 30))
    lines = extended.explain()
    assert lines[0].startswith(
        "A supplement was requested after appraisal; the time limit restarted from zero"
    )
    assert "The previous due time, Thu 12 Mar 2026 17:30, no longer applies." in lines[0]
    assert "Received at Wed 11 Mar 2026 16:00." in lines
    assert "Due at closing time (17:30) of Wed 18 Mar 2026." in lines
    assert lines[-2].startswith("Extended once with a new appointment (form 04")
    assert "the original due time Wed 18 Mar 2026 17:30 is kept" in lines[-2]
    assert lines[-1] == "New due time: Wed 25 Mar 2026 17:30."


def test_long_limits_are_summarised() -> None:
    lines = explain(vn(2026, 1, 5, 9), "365 calendar_days")
    assert len(lines) < 10
    lines = explain(vn(2026, 1, 5, 9), "200 working_days")
    assert any(line.startswith("Skipped ") and "non-working days between" in line for line in lines)
    assert len(lines) < 10


def test_formatting_helpers() -> None:
    assert format_range(date(2026, 2, 16), date(2026, 2, 20)) == "16–20 Feb 2026"
    assert format_range(date(2026, 2, 28), date(2026, 3, 2)) == "28 Feb – 2 Mar 2026"
    assert format_range(date(2025, 12, 31), date(2026, 1, 2)) == "31 Dec 2025 – 2 Jan 2026"
    from datetime import timedelta

    assert format_duration(timedelta(hours=1, minutes=30)) == "1 h 30 min"
    assert format_duration(timedelta(minutes=45)) == "45 min"
    assert format_duration(timedelta(0)) == "0 s"


def test_engine_imports_and_explains_without_django_settings() -> None:
    root = Path(__file__).resolve().parents[3]
    code = (
        "from datetime import datetime\n"
        "from motcua.deadlines.calendar import VN_TZ, WorkingCalendar\n"
        "from motcua.deadlines.engine import TimeLimit, due_time\n"
        "d = due_time(start=datetime(2026, 2, 6, 17, 45, tzinfo=VN_TZ),"
        " limit=TimeLimit.parse('5 working_days'), calendar=WorkingCalendar())\n"
        "print(d.explain()[1])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(  # noqa: S603 - a fixed interpreter and script
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == (
        "Received after closing time (17:30); the receipt day is Mon 9 Feb 2026."
    )


def test_holiday_names_follow_the_language() -> None:
    day = date(2026, 4, 27)
    info = CAL.day_info(day)
    assert skip_label(info, day, "en") == (
        "public holiday: Hung Kings' Commemoration Day (observed)"
    )
    # The prefix comes from the catalogue (English here); the name from holidays in Vietnamese.
    assert skip_label(info, day, "vi") == "public holiday: Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert skip_label(CAL.day_info(date(2026, 2, 17)), date(2026, 2, 17), "vi") == (
        "public holiday: Lunar New Year"
    )
