"""Working calendar: which days are working days and when the office is open.

The statutory base is the ``holidays`` package (country VN): public holidays of Labour Code 2019
Art. 112 (New Year, the five lunar Tết days, Hùng Kings' day, 30 Apr, 1 May, 2 Sep plus an
adjacent day), the days off in lieu of Art. 111(3) when a holiday falls on a weekend, and the day
swaps the Prime Minister approves for the civil service (a weekend day declared a working day in
exchange for a weekday off). Administrators add :class:`CalendarEntry` rows on top: an extra day
off, a local closure or an extra working day. Later entries override earlier ones for the same day.

Performance: ``holidays`` is never called in the hot path. Each :class:`WorkingCalendar` keeps a
window of whole years (built on first use around the requested year and extended lazily) with a
working-day flag per day, the sorted ordinals of working days and a prefix count of working days,
so that "the n-th working day after d" is two list look-ups. Statutory days are cached per year
for the whole process.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from itertools import accumulate
from zoneinfo import ZoneInfo

import holidays
from holidays.countries.vietnam import Vietnam

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "MAX_YEAR",
    "MIN_YEAR",
    "VN_TZ",
    "CalendarEntry",
    "DayInfo",
    "DayKind",
    "OfficeHours",
    "WorkingCalendar",
]

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# The years the statutory base covers: ``holidays`` computes Vietnamese lunar dates up to 2100 and
# returns an empty (all-working) year outside its range, so dates outside are refused rather than
# silently counted as working days. 1995 is when the Labour Code 1994 (and observed days) began.
MIN_YEAR = max(1995, Vietnam.start_year)
MAX_YEAR = Vietnam.end_year

_US_PER_SECOND = 1_000_000
_US_PER_DAY = 86_400 * _US_PER_SECOND
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def time_to_us(value: time) -> int:
    """Return the microseconds from midnight to ``value`` (a naive wall-clock time)."""
    return (
        (value.hour * 3600 + value.minute * 60 + value.second) * _US_PER_SECOND
    ) + value.microsecond


def us_to_time(value: int) -> time:
    """Return the wall-clock time ``value`` microseconds after midnight (``value`` < 24 h)."""
    seconds, micro = divmod(value, _US_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return time(hour, minute, second, micro)


def format_clock(value: time) -> str:
    """Return ``value`` as ``HH:MM``, or ``HH:MM:SS`` when it has seconds."""
    if value.second or value.microsecond:
        return value.strftime("%H:%M:%S")
    return value.strftime("%H:%M")


def _english_day(day: date) -> str:
    # Fixed English names: day_reason() must not depend on the process locale.
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """The office periods of a working day: sorted, non-overlapping, non-empty, naive times.

    The day closes at the end of the last period; rules 1-5 of domain.md §6 use that closing time.
    """

    periods: tuple[tuple[time, time], ...]

    def __post_init__(self) -> None:
        """Reject empty, reversed, unordered or overlapping periods with a clear message."""
        if not self.periods:
            raise ValueError("Office hours need at least one period, e.g. '07:30-11:30'.")
        previous_end: time | None = None
        for period in self.periods:
            if len(period) != 2:
                raise ValueError(f"An office period is a (start, end) pair, got {period!r}.")
            start, end = period
            if not isinstance(start, time) or not isinstance(end, time):
                raise ValueError(f"An office period is a pair of times, got {period!r}.")
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("Office hours are wall-clock times and must be naive.")
            if start >= end:
                raise ValueError(
                    f"Office period {format_clock(start)}-{format_clock(end)} must end after it"
                    " starts."
                )
            if previous_end is not None and start < previous_end:
                raise ValueError(
                    f"Office periods must be in order and must not overlap: "
                    f"{format_clock(start)} starts before the previous period ends at "
                    f"{format_clock(previous_end)}."
                )
            previous_end = end

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """Parse ``"07:30-11:30,13:30-17:30"`` (the format ``str()`` produces).

        Raises ValueError naming the offending part for empty input, a period without exactly
        one dash, a time that is not ``HH:MM``, a reversed period or overlapping periods.
        """
        if not isinstance(text, str) or not text.strip():
            raise ValueError(
                "Office hours are empty; expected periods like '07:30-11:30,13:30-17:30'."
            )
        periods: list[tuple[time, time]] = []
        for part in text.split(","):
            piece = part.strip()
            bounds = piece.replace("–", "-").split("-")  # noqa: RUF001 - an en dash is accepted
            if len(bounds) != 2:
                raise ValueError(
                    f"Invalid office period {piece!r} in {text!r}; expected START-END such as"
                    " '07:30-11:30'."
                )
            periods.append((_parse_clock(bounds[0], text), _parse_clock(bounds[1], text)))
        return cls(tuple(periods))

    def __str__(self) -> str:
        """Return the periods in the format :meth:`parse` accepts."""
        return ",".join(f"{format_clock(s)}-{format_clock(e)}" for s, e in self.periods)

    @property
    def opening(self) -> time:
        """Return the start of the first period."""
        return self.periods[0][0]

    @property
    def closing(self) -> time:
        """Return the end of the last period: the closing time of rules 1-5."""
        return self.periods[-1][1]

    @property
    def hours_per_day(self) -> timedelta:
        """Return the office time of one working day (8 h by default)."""
        return timedelta(microseconds=sum(time_to_us(e) - time_to_us(s) for s, e in self.periods))


def _parse_clock(text: str, whole: str) -> time:
    match = _TIME_RE.match(text.strip())
    if match is None:
        raise ValueError(f"Invalid time {text.strip()!r} in office hours {whole!r}; use HH:MM.")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ValueError(f"Invalid time {text.strip()!r} in office hours {whole!r}; use HH:MM.")
    return time(hour, minute)


DEFAULT_OFFICE_HOURS = OfficeHours(((time(7, 30), time(11, 30)), (time(13, 30), time(17, 30))))


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """An administrator's addition to the statutory calendar for one day.

    ``working=False`` is an extra day off or a local closure; ``working=True`` is an extra working
    day (e.g. a declared working Saturday the ``holidays`` package does not know yet).
    """

    day: date
    working: bool
    reason: str

    def __post_init__(self) -> None:
        """Reject a datetime where a date is expected (its time and zone would be ignored)."""
        if isinstance(self.day, datetime) or not isinstance(self.day, date):
            raise ValueError(f"A calendar entry is for a date, got {self.day!r}.")


class DayKind(StrEnum):
    """Why a day is, or is not, a working day."""

    ORDINARY = "ordinary"  # Monday-Friday, nothing declared
    SATURDAY = "saturday"
    SUNDAY = "sunday"
    HOLIDAY = "holiday"  # statutory public holiday or observed day (Labour Code Art. 111-112)
    SWAP_DAY_OFF = "swap_day_off"  # weekday off in exchange for a declared working weekend day
    SWAP_WORKING_DAY = "swap_working_day"  # statutory declared working weekend day
    LOCAL_DAY_OFF = "local_day_off"  # CalendarEntry(working=False)
    LOCAL_WORKING_DAY = "local_working_day"  # CalendarEntry(working=True)


_NON_WORKING = frozenset(
    {DayKind.SATURDAY, DayKind.SUNDAY, DayKind.HOLIDAY, DayKind.SWAP_DAY_OFF, DayKind.LOCAL_DAY_OFF}
)


@dataclass(frozen=True, slots=True)
class DayInfo:
    """The status of one day: its kind, the holiday name or entry reason, and any swapped day."""

    kind: DayKind
    detail: str = ""
    other_day: date | None = None

    @property
    def working(self) -> bool:
        """Return True if this is a working day."""
        return self.kind not in _NON_WORKING

    def english(self) -> str:
        """Return the reason in English, as :meth:`WorkingCalendar.day_reason` does."""
        other = _english_day(self.other_day) if self.other_day else ""
        match self.kind:
            case DayKind.ORDINARY:
                return ""
            case DayKind.SATURDAY:
                return "Saturday"
            case DayKind.SUNDAY:
                return "Sunday"
            case DayKind.HOLIDAY:
                return f"public holiday: {self.detail}"
            case DayKind.SWAP_DAY_OFF:
                if other:
                    return f"declared day off: in exchange for working on {other}"
                return f"declared day off: {self.detail}"
            case DayKind.SWAP_WORKING_DAY:
                if other:
                    return f"declared working day: in exchange for the day off on {other}"
                return "declared working day: weekend day swapped for a day off"
            case DayKind.LOCAL_DAY_OFF:
                return f"local day off: {self.detail}"
            case DayKind.LOCAL_WORKING_DAY:
                return f"declared working day: {self.detail}"


_ORDINARY = DayInfo(DayKind.ORDINARY)
_SATURDAY = DayInfo(DayKind.SATURDAY)
_SUNDAY = DayInfo(DayKind.SUNDAY)


@cache
def _statutory_year(year: int) -> tuple[dict[date, str], frozenset[date], str]:
    """Return the statutory days off of ``year`` (English names), declared working days, format.

    ``weekend_workdays`` may hold days of other years (a swap across New Year is recorded with
    the year of its day off), so callers filter by date. The third item is the date format that
    ``holidays`` uses inside "Day off (substituted from …)" names, used to pair swapped days.
    """
    calendar = holidays.country_holidays("VN", years=year, language="en_US")
    date_format = ""
    translate = getattr(calendar, "tr", None)
    raw_format = getattr(calendar, "substituted_date_format", None)
    if callable(translate) and isinstance(raw_format, str):
        translated = translate(raw_format)
        date_format = translated if isinstance(translated, str) else ""
    days_off = {day: str(name) for day, name in calendar.items()}
    return days_off, frozenset(calendar.weekend_workdays), date_format


def holiday_name(day: date, language: str) -> str:
    """Return the statutory holiday name of ``day`` in ``language`` ("en_US" or "vi"), or ""."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return ""
    return _holiday_names(day.year, language).get(day, "")


@lru_cache(maxsize=64)
def _holiday_names(year: int, language: str) -> dict[date, str]:
    calendar = holidays.country_holidays("VN", years=year, language=language)
    return {day: str(name) for day, name in calendar.items()}


class Window:
    """An immutable snapshot of whole years [lo, hi] of one calendar, indexed by day ordinal."""

    __slots__ = ("cum", "first", "flags", "hi", "info", "last", "lo", "ordinals")

    def __init__(self, lo: int, hi: int, flags: bytearray, info: dict[int, DayInfo]) -> None:
        self.lo = lo
        self.hi = hi
        self.first = date(lo, 1, 1).toordinal()
        self.last = date(hi, 12, 31).toordinal()
        self.flags = flags
        self.info = info
        first = self.first
        self.ordinals = [first + i for i, flag in enumerate(flags) if flag]
        # cum[i] = number of working days strictly before ordinal first + i, so the working day
        # at ordinal o (if any) is ordinals[cum[o - first]], and the first working day strictly
        # after o is ordinals[cum[o - first + 1]].
        self.cum = [0, *accumulate(flags)]


class OutOfWindowError(Exception):
    """Internal signal: a computation needs a day outside the calendar's current window."""

    def __init__(self, ordinal: int) -> None:
        super().__init__(ordinal)
        self.ordinal = ordinal


class WorkingCalendar:
    """The working days and office hours of one unit: the statutory base plus administrator entries.

    Monday to Friday are working days except public holidays and declared days off; weekend days
    declared working days are working days (domain.md §6; Labour Code 2019 Art. 111-112). Entries
    later in ``entries`` override earlier ones for the same day: pass province-wide entries first,
    then the unit's own. A calendar is immutable from the outside and safe to share between
    threads; build one per (unit, entries version) and reuse it.
    """

    def __init__(
        self,
        *,
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        entries: Iterable[CalendarEntry] = (),
        tz: ZoneInfo = VN_TZ,
    ) -> None:
        """Build a calendar; nothing is computed until the first question about a date."""
        self.office_hours = office_hours
        self.tz = tz
        self._entries: dict[date, CalendarEntry] = {}
        for entry in entries:
            self._entries.pop(entry.day, None)  # keep insertion order = override order
            self._entries[entry.day] = entry
        self._window: Window | None = None
        self._lock = threading.Lock()
        # Office periods in microseconds from midnight, for the engine's arithmetic.
        self.periods_us: tuple[tuple[int, int], ...] = tuple(
            (time_to_us(s), time_to_us(e)) for s, e in office_hours.periods
        )
        self.opening_us = self.periods_us[0][0]
        self.closing_us = self.periods_us[-1][1]
        self.day_us = sum(e - s for s, e in self.periods_us)

    def __repr__(self) -> str:
        """Return a short description: office hours, entry count and time zone."""
        return (
            f"WorkingCalendar(office_hours={str(self.office_hours)!r}, "
            f"entries={len(self._entries)}, tz={self.tz.key!r})"
        )

    @property
    def entries(self) -> tuple[CalendarEntry, ...]:
        """Return the effective administrator entries, one per day."""
        return tuple(self._entries.values())

    # -- public questions about days ---------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Return True if ``day`` is a working day."""
        ordinal = day.toordinal()
        window = self.window_for(ordinal)
        return bool(window.flags[ordinal - window.first])

    def day_info(self, day: date) -> DayInfo:
        """Return the status of ``day`` with the reason behind it."""
        ordinal = day.toordinal()
        return self.window_for(ordinal).info.get(ordinal, _ORDINARY)

    def day_reason(self, day: date) -> str:
        """Return why ``day`` is or is not a working day, in English; "" for an ordinary one.

        For example "Saturday", "Sunday", "public holiday: Lunar New Year", "declared working
        day: …", "declared day off: …" (a statutory swap), "local day off: …".
        """
        return self.day_info(day).english()

    def next_working_day(self, day: date) -> date:
        """Return the first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def add_working_days(self, day: date, n: int) -> date:
        """Return the n-th working day strictly after ``day`` (strictly before it if n < 0).

        ``day`` itself is never counted (Civil Code 2015 Art. 147: the first day is not counted),
        whether or not it is a working day. ``n == 0`` is a ValueError.
        """
        if n == 0:
            raise ValueError("add_working_days() needs a non-zero number of working days.")
        ordinal = day.toordinal()
        while True:
            window = self.window_for(ordinal)
            i = ordinal - window.first
            if n > 0:
                index = window.cum[i + 1] + n - 1
                if index < len(window.ordinals):
                    return date.fromordinal(window.ordinals[index])
                self.extend_window(window.last + 1)
            else:
                index = window.cum[i] + n
                if index >= 0:
                    return date.fromordinal(window.ordinals[index])
                self.extend_window(window.first - 1)

    # -- the window (used by the engine; not for other apps) ---------------------------------

    def window_for(self, ordinal: int) -> Window:
        """Return a window that covers the day ``ordinal``, building or extending it if needed."""
        window = self._window
        if window is not None and window.first <= ordinal <= window.last:
            return window
        return self.extend_window(ordinal)

    def extend_window(self, ordinal: int) -> Window:
        """Return a new window covering the current one and the day ``ordinal``.

        Raises ValueError for a day outside MIN_YEAR-MAX_YEAR, the years ``holidays`` covers.
        """
        if not date(MIN_YEAR, 1, 1).toordinal() <= ordinal <= date(MAX_YEAR, 12, 31).toordinal():
            raise ValueError(
                f"The working calendar covers {MIN_YEAR}-{MAX_YEAR} only; a computation needed "
                f"a day outside it."
            )
        year = date.fromordinal(ordinal).year
        with self._lock:
            window = self._window
            if window is not None and window.first <= ordinal <= window.last:
                return window
            if window is None:
                lo, hi = year - 1, year + 3
            else:
                # Grow by a margin so that a run of computations does not rebuild every time.
                lo, hi = min(window.lo, year - 1), max(window.hi, year + 2)
            window = self._build(max(lo, MIN_YEAR), min(hi, MAX_YEAR))
            self._window = window
            return window

    def _build(self, lo: int, hi: int) -> Window:
        first = date(lo, 1, 1).toordinal()
        last = date(hi, 12, 31).toordinal()
        size = last - first + 1
        flags = bytearray(size)
        info: dict[int, DayInfo] = {}
        for i in range(size):
            weekday = (first + i - 1) % 7  # ordinal 1 (1 Jan 0001) is a Monday
            if weekday < 5:
                flags[i] = 1
            else:
                info[first + i] = _SATURDAY if weekday == 5 else _SUNDAY

        def put(day: date, status: DayInfo) -> None:
            ordinal = day.toordinal()
            if first <= ordinal <= last:
                flags[ordinal - first] = status.working
                info[ordinal] = status

        # Neighbouring years too: a swap across New Year lives in the other year's data.
        names: dict[date, str] = {}
        workdays: set[date] = set()
        date_format = ""
        for year in range(max(lo - 1, MIN_YEAR), min(hi + 1, MAX_YEAR) + 1):
            year_names, year_workdays, date_format = _statutory_year(year)
            names.update(year_names)
            workdays.update(year_workdays)
        for day, name in names.items():
            put(day, DayInfo(DayKind.HOLIDAY, name))
        for workday in sorted(workdays):
            token = workday.strftime(date_format) if date_format else None
            day_off = next((d for d, n in names.items() if token and token in n), None)
            put(workday, DayInfo(DayKind.SWAP_WORKING_DAY, "", day_off))
            if day_off is not None:
                put(day_off, DayInfo(DayKind.SWAP_DAY_OFF, names[day_off], workday))
        for entry in self._entries.values():
            kind = DayKind.LOCAL_WORKING_DAY if entry.working else DayKind.LOCAL_DAY_OFF
            put(entry.day, DayInfo(kind, entry.reason))
        return Window(lo, hi, flags, info)
