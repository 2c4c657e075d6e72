"""Explain a computed deadline step by step: every due time must be explainable (domain.md §6).

Built only when :meth:`Deadline.explain` is called, never in the hot path: it recomputes the
deadline with a trace and walks the days involved. Lines are translatable (named placeholders);
without Django settings they are English.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from motcua.deadlines.calendar import DayInfo, DayKind, WorkingCalendar, format_clock, holiday_name
from motcua.deadlines.engine import Deadline, compute_trace
from motcua.deadlines.i18n import _, active_language, gettext_noop, ngettext
from motcua.deadlines.limits import LimitUnit
from motcua.deadlines.timeline import Trace

_WEEKDAYS = (
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
)
_MONTHS = (
    gettext_noop("Jan"),
    gettext_noop("Feb"),
    gettext_noop("Mar"),
    gettext_noop("Apr"),
    gettext_noop("May"),
    gettext_noop("Jun"),
    gettext_noop("Jul"),
    gettext_noop("Aug"),
    gettext_noop("Sep"),
    gettext_noop("Oct"),
    gettext_noop("Nov"),
    gettext_noop("Dec"),
)
# Beyond this many days the per-day lines are summarised (a 365-calendar-day limit would
# otherwise produce hundreds of lines).
_MAX_DAYS_LISTED = 62


def _date_values(day: date) -> dict[str, object]:
    return {
        "weekday": _(_WEEKDAYS[day.weekday()]),
        "day": day.day,
        "month": _(_MONTHS[day.month - 1]),
        "month_number": day.month,
        "year": day.year,
    }


def format_day(day: date) -> str:
    """Return ``day`` as "Thu 5 Mar 2026" in the active language.

    The pattern is translatable and may use %(weekday)s, %(day)d, %(month)s, %(month_number)d and
    %(year)d, so a catalogue can say "Thứ Năm, 05/03/2026".
    """
    return _("%(weekday)s %(day)d %(month)s %(year)d") % _date_values(day)


def format_moment(moment: datetime) -> str:
    """Return ``moment`` as "Thu 5 Mar 2026 09:00" (in its own zone)."""
    return f"{format_day(moment.date())} {format_clock(moment.time())}"


def _short(day: date, *, year: bool) -> str:
    if year:
        return _("%(day)d %(month)s %(year)d") % _date_values(day)
    return _("%(day)d %(month)s") % _date_values(day)


def format_range(first: date, last: date) -> str:
    """Return a range such as "16-20 Feb 2026" (with an en dash), or a single "23 Feb 2026"."""
    if first == last:
        return _short(first, year=True)
    if (first.year, first.month) == (last.year, last.month):
        values = {"first": first.day, "last": _short(last, year=True)}
        return _("%(first)d–%(last)s") % values  # noqa: RUF001 - an en dash in date ranges
    values = {
        "first": _short(first, year=first.year != last.year),
        "last": _short(last, year=True),
    }
    return _("%(first)s – %(last)s") % values  # noqa: RUF001


def format_duration(value: timedelta) -> str:
    """Return "4 h", "1 h 30 min" or "45 min" (seconds are shown only when present)."""
    total = int(value.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(_("%(hours)d h") % {"hours": hours})
    if minutes:
        parts.append(_("%(minutes)d min") % {"minutes": minutes})
    if seconds or not parts:
        parts.append(_("%(seconds)d s") % {"seconds": seconds})
    return " ".join(parts)


def _runs(days: list[date]) -> list[tuple[date, date]]:
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _holiday_label(info: DayInfo, day: date, language: str) -> str:
    # The five Tết days have five names in ``holidays``; one label groups them into one range.
    if "Lunar New Year" in info.detail:
        return _("Lunar New Year")
    if language.startswith("vi"):
        return holiday_name(day, "vi") or info.detail
    return info.detail


def skip_label(info: DayInfo, day: date, language: str) -> str:
    """Return the translated reason a non-working day is skipped, shared by a range of days."""
    if info.kind in (DayKind.SATURDAY, DayKind.SUNDAY):
        return _("weekend")
    if info.kind is DayKind.HOLIDAY:
        return _("public holiday: %(name)s") % {"name": _holiday_label(info, day, language)}
    if info.kind is DayKind.SWAP_DAY_OFF:
        if info.other_day is not None:
            return _("declared day off in exchange for working on %(day)s") % {
                "day": format_day(info.other_day)
            }
        return _("declared day off: %(name)s") % {"name": info.detail}
    if info.kind is DayKind.LOCAL_DAY_OFF:
        return _("local day off: %(reason)s") % {"reason": info.detail}
    return ""


def _skipped_lines(calendar: WorkingCalendar, first: date, last: date) -> list[str]:
    """Return one line per run of consecutive non-working days with the same reason."""
    if last < first:
        return []
    if (last - first).days > _MAX_DAYS_LISTED:
        count = sum(
            1
            for offset in range((last - first).days + 1)
            if not calendar.is_working_day(first + timedelta(days=offset))
        )
        return [
            _("Skipped %(count)d non-working days between %(range)s.")
            % {"count": count, "range": format_range(first, last)}
        ]
    language = active_language()
    groups: list[tuple[date, date, str]] = []
    day = first
    while day <= last:
        info = calendar.day_info(day)
        if not info.working:
            label = skip_label(info, day, language)
            previous = groups[-1] if groups else None
            if previous and previous[2] == label and (day - previous[1]).days == 1:
                groups[-1] = (previous[0], day, label)
            else:
                groups.append((day, day, label))
        day += timedelta(days=1)
    return [
        _("Skipped %(days)s: %(reason)s.") % {"days": format_range(a, b), "reason": label}
        for a, b, label in groups
    ]


def _reason(calendar: WorkingCalendar, day: date) -> str:
    info = calendar.day_info(day)
    if info.kind is DayKind.SATURDAY:
        return _("Saturday")
    if info.kind is DayKind.SUNDAY:
        return _("Sunday")
    return skip_label(info, day, active_language())


def _receipt_line(deadline: Deadline, calendar: WorkingCalendar, trace: Trace) -> str:
    values = {
        "closing": format_clock(calendar.office_hours.closing),
        "day": format_day(deadline.received_on),
    }
    if trace.receipt == "before_closing":
        return (
            _(
                "Received on a working day before closing time (%(closing)s); the receipt day "
                "is %(day)s."
            )
            % values
        )
    if trace.receipt == "after_closing":
        return _("Received after closing time (%(closing)s); the receipt day is %(day)s.") % values
    values["reason"] = _reason(calendar, deadline.start.date())
    return _("Received on a non-working day (%(reason)s); the receipt day is %(day)s.") % values


def _working_days_lines(deadline: Deadline, calendar: WorkingCalendar, due: datetime) -> list[str]:
    count = deadline.limit.value
    received = deadline.received_on
    if count == 0:
        return [_("A limit of 0 working days ends at closing time of the receipt day (rule 2).")]
    lines = [
        ngettext(
            "The limit of %(count)d working day runs from the day after the receipt day (Civil "
            "Code 2015 Art. 147) and ends at closing time of that day (rule 2).",
            "The limit of %(count)d working days runs from the day after the receipt day (Civil "
            "Code 2015 Art. 147) and ends at closing time of the last of them (rule 2).",
            count,
        )
        % {"count": count}
    ]
    last = due.date()
    span = (last - received).days
    if span <= _MAX_DAYS_LISTED:
        counted = [
            received + timedelta(days=offset)
            for offset in range(1, span + 1)
            if calendar.is_working_day(received + timedelta(days=offset))
        ]
        lines.append(
            _("Working days counted (%(count)d): %(days)s.")
            % {
                "count": len(counted),
                "days": ", ".join(format_range(a, b) for a, b in _runs(counted)),
            }
        )
    return lines


def _working_hours_lines(
    deadline: Deadline, calendar: WorkingCalendar, trace: Trace, due: datetime
) -> list[str]:
    start = deadline.start
    begin = trace.counting_start or start
    values = {
        "start": format_moment(begin),
        "closing": format_clock(calendar.office_hours.closing),
    }
    if begin == start:
        first = _("Counting starts at the receipt time, %(start)s.") % values
    elif trace.receipt == "non_working":
        values["reason"] = _reason(calendar, start.date())
        first = _("Received on a non-working day (%(reason)s); counting starts at %(start)s.") % (
            values
        )
    elif trace.receipt == "after_closing":
        first = _("Received after closing time (%(closing)s); counting starts at %(start)s.") % (
            values
        )
    elif begin.time() == calendar.office_hours.opening:
        first = _("Received before opening time; counting starts at %(start)s.") % values
    else:
        first = (
            _("Received during a break between office periods; counting starts at %(start)s.")
            % values
        )
    lines = [
        first,
        ngettext(
            "The limit of %(count)d working hour counts only office hours (%(hours)s) of "
            "working days (rule 4).",
            "The limit of %(count)d working hours counts only office hours (%(hours)s) of "
            "working days (rule 4).",
            deadline.limit.value,
        )
        % {"count": deadline.limit.value, "hours": str(calendar.office_hours)},
    ]
    if (due.date() - begin.date()).days > _MAX_DAYS_LISTED or due <= begin:
        return lines
    pauses = [(a, b) for a, b, _pushed in trace.pause_effects]
    day = begin.date()
    while day <= due.date():
        if calendar.is_working_day(day):
            segments = []
            total = timedelta(0)
            for period_start, period_end in calendar.office_hours.periods:
                lo = max(datetime.combine(day, period_start, tzinfo=calendar.tz), begin)
                hi = min(datetime.combine(day, period_end, tzinfo=calendar.tz), due)
                for a, b in _subtract(lo, hi, pauses):
                    segments.append(f"{format_clock(a.time())}–{format_clock(b.time())}")  # noqa: RUF001
                    total += b - a
            if segments:
                lines.append(
                    _("%(day)s: %(periods)s (%(duration)s).")
                    % {
                        "day": format_day(day),
                        "periods": ", ".join(segments),
                        "duration": format_duration(total),
                    }
                )
        day += timedelta(days=1)
    return lines


def _subtract(
    lo: datetime, hi: datetime, pauses: list[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    """Return [lo, hi) minus the (sorted, disjoint) pauses, as non-empty intervals."""
    pieces: list[tuple[datetime, datetime]] = []
    cursor = lo
    for a, b in pauses:
        if b <= cursor or a >= hi:
            continue
        if a > cursor:
            pieces.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < hi:
        pieces.append((cursor, hi))
    return pieces


def _same_day_line(deadline: Deadline, calendar: WorkingCalendar, trace: Trace) -> str:
    values = {"cutoff": format_clock(deadline.cutoff)}
    if trace.same_day == "before_cutoff":
        return (
            _(
                "Received on a working day before the cut-off time (%(cutoff)s); due at closing "
                "time the same day (rule 3)."
            )
            % values
        )
    if trace.same_day == "after_cutoff":
        return (
            _(
                "Received at or after the cut-off time (%(cutoff)s); due at closing time of the "
                "next working day (rule 3)."
            )
            % values
        )
    values["reason"] = _reason(calendar, deadline.start.date())
    return (
        _(
            "Received on a non-working day (%(reason)s); due at closing time of the next "
            "working day (rule 3)."
        )
        % values
    )


def _calendar_days_lines(deadline: Deadline, calendar: WorkingCalendar, trace: Trace) -> list[str]:
    count = deadline.limit.value
    nth = trace.nth_day or deadline.received_on
    lines = [
        ngettext(
            "The limit of %(count)d calendar day counts every day from the day after the receipt "
            "day (Civil Code 2015 Art. 147); day %(count)d is %(day)s.",
            "The limit of %(count)d calendar days counts every day from the day after the receipt "
            "day (Civil Code 2015 Art. 147); day %(count)d is %(day)s.",
            count,
        )
        % {"count": count, "day": format_day(nth - timedelta(days=trace.paused_days))}
    ]
    if trace.paused_days:
        lines.append(
            ngettext(
                "The paused time, rounded up to whole days, moves that day %(days)d day later, "
                "to %(day)s.",
                "The paused time, rounded up to whole days, moves that day %(days)d days later, "
                "to %(day)s.",
                trace.paused_days,
            )
            % {"days": trace.paused_days, "day": format_day(nth)}
        )
    if not calendar.is_working_day(nth):
        following = calendar.next_working_day(nth)
        lines.extend(_skipped_lines(calendar, nth, following - timedelta(days=1)))
        lines.append(
            _(
                "%(day)s is not a working day; the limit ends on the next working day, "
                "%(next)s (Civil Code 2015 Art. 148)."
            )
            % {"day": format_day(nth), "next": format_day(following)}
        )
    return lines


def _pause_lines(deadline: Deadline, trace: Trace) -> list[str]:
    lines = []
    working = deadline.limit.unit is not LimitUnit.CALENDAR_DAYS
    for start, end, pushed in trace.pause_effects:
        values = {
            "start": format_moment(start),
            "end": format_moment(end),
            "duration": format_duration(pushed),
        }
        if not pushed:
            lines.append(
                _("Paused from %(start)s to %(end)s: no counted time inside, nothing added.")
                % values
            )
        elif working:
            lines.append(
                _("Paused from %(start)s to %(end)s: %(duration)s of working time not counted.")
                % values
            )
        else:
            lines.append(_("Paused from %(start)s to %(end)s: %(duration)s not counted.") % values)
    if trace.base_due is not None and working and trace.pause_effects:
        total = sum((pushed for _a, _b, pushed in trace.pause_effects), timedelta(0))
        if total:
            lines.append(
                _(
                    "Without the pauses the due time would be %(due)s; it moves later by the "
                    "paused working time, %(duration)s."
                )
                % {"due": format_moment(trace.base_due), "duration": format_duration(total)}
            )
    if deadline.paused_since is not None:
        lines.append(
            _(
                "Paused since %(start)s and not resumed: the clock is stopped. The due time "
                "below assumes it resumes at once; it is recomputed when the pause ends."
            )
            % {"start": format_moment(deadline.paused_since)}
        )
    return lines


def explain_deadline(deadline: Deadline) -> list[str]:
    """Return the explanation lines of ``deadline``: receipt, skipped days, counting, due time."""
    lines: list[str] = []
    if deadline.restarted_from is not None:
        lines.append(
            _(
                "A supplement was requested after appraisal; the time limit restarted from zero "
                "when the complete dossier was received (NĐ 61/2018 Art. 19(4)). The previous "
                "due time, %(previous)s, no longer applies."
            )
            % {"previous": format_moment(deadline.restarted_from.due_at)}
        )
    original = deadline.original_due_at
    calendar = deadline.calendar
    if calendar is None:
        lines.append(_("Due at %(due)s.") % {"due": format_moment(original)})
    else:
        lines.extend(_computation_lines(deadline, calendar, original))
    if deadline.extended:
        lines.append(
            _(
                "Extended once with a new appointment (form 04, NĐ 61/2018 Art. 19(9)); the "
                "original due time %(original)s is kept, and finishing after it is late."
            )
            % {"original": format_moment(original)}
        )
        lines.append(_("New due time: %(due)s.") % {"due": format_moment(deadline.due_at)})
    return lines


def _computation_lines(deadline: Deadline, calendar: WorkingCalendar, due: datetime) -> list[str]:
    trace = compute_trace(deadline, calendar)
    start = deadline.start
    lines = [_("Received at %(start)s.") % {"start": format_moment(start)}]
    unit = deadline.limit.unit
    received = deadline.received_on
    if unit is LimitUnit.SAME_DAY:
        lines.append(_same_day_line(deadline, calendar, trace))
        lines.extend(_skipped_lines(calendar, start.date(), due.date()))
    elif unit is LimitUnit.WORKING_HOURS:
        lines.extend(_working_hours_lines(deadline, calendar, trace, due))
        lines.extend(_skipped_lines(calendar, start.date(), due.date()))
    else:
        # Rule 1 first: the days between the arrival and the receipt day.
        lines.append(_receipt_line(deadline, calendar, trace))
        lines.extend(_skipped_lines(calendar, start.date(), received - timedelta(days=1)))
        if unit is LimitUnit.WORKING_DAYS:
            # The days counted are those of the limit itself; pauses are explained below.
            lines.extend(_working_days_lines(deadline, calendar, trace.base_due or due))
            lines.extend(_skipped_lines(calendar, received + timedelta(days=1), due.date()))
        else:
            lines.extend(_calendar_days_lines(deadline, calendar, trace))
    lines.extend(_pause_lines(deadline, trace))
    if unit is LimitUnit.WORKING_HOURS or deadline.pauses:
        lines.append(_("Due at %(due)s.") % {"due": format_moment(due)})
    else:
        lines.append(
            _("Due at closing time (%(closing)s) of %(day)s.")
            % {"closing": format_clock(due.time()), "day": format_day(due.date())}
        )
    return lines
