"""Deadline engine: due times, working time, pauses, restarts and extensions.

Counting rules are domain.md §6 "Default counting rules" 1-8; each function cites the rule and its
legal source. Everything is a pure function of its arguments: no clock, no database. All results
are aware datetimes in ``calendar.tz``; naive datetimes are refused with a ValueError. The
arithmetic lives in ``timeline``; the inputs (``TimeLimit``, ``Pause``) in ``limits``, re-exported
here.

Measured with ``bench/deadlines.py`` on the 2-core machine (CPython 3.11.7): about 235,000
due-time computations per second for the realistic mix, 190,000/s for working hours, the slowest
unit; the budget is 100,000/s. docs/calendar.md has the per-unit figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from motcua.deadlines.calendar import OutOfWindowError, WorkingCalendar
from motcua.deadlines.i18n import _
from motcua.deadlines.limits import DEFAULT_CUTOFF, LimitUnit, Pause, TimeLimit, require_aware
from motcua.deadlines.timeline import Trace, compute, normalize_pauses, position

__all__ = [
    "DEFAULT_CUTOFF",
    "Deadline",
    "ExtensionError",
    "LimitUnit",
    "Pause",
    "TimeLimit",
    "due_time",
    "extend",
    "is_at_risk",
    "is_overdue",
    "restart",
    "working_time_between",
]


class ExtensionError(ValueError):
    """An extension (form 04) that NĐ 61/2018 Art. 19(9) does not allow."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed due time with what is needed to explain it.

    ``original_due_at`` equals ``due_at`` unless extended (rule 8); a dossier finished after the
    original due time is late even after an extension. ``paused_since`` is set while an open
    pause stops the clock: ``due_at`` is then the due time had the clock resumed at once, and
    callers should show "paused" rather than "at risk"/"overdue". ``calendar`` may be None for a
    deadline rebuilt from stored fields; :meth:`explain` then says less.
    """

    start: datetime
    received_on: date
    limit: TimeLimit
    due_at: datetime
    original_due_at: datetime
    extended: bool
    paused_since: datetime | None = None
    pauses: tuple[Pause, ...] = ()
    cutoff: time = DEFAULT_CUTOFF
    calendar: WorkingCalendar | None = field(default=None, compare=False, repr=False)
    restarted_from: Deadline | None = field(default=None, repr=False)

    def explain(self) -> list[str]:
        """Return the human-readable steps that lead to the due time (built on demand)."""
        from motcua.deadlines.explain import explain_deadline

        return explain_deadline(self)


# -- helpers ----------------------------------------------------------------------------------


# The generated __init__ of a frozen dataclass sets each field through object.__setattr__ and
# costs 1.8 µs for Deadline's 11 fields, a third of a whole due-time computation; setting the
# slots directly costs 0.85 µs (measured on the 2-core machine). Only due_time() uses this;
# a test checks that it sets every field.
def _slot_setter(name: str) -> Callable[[Deadline, object], None]:
    setter: Callable[[Deadline, object], None] = vars(Deadline)[name].__set__
    return setter


_set_start = _slot_setter("start")
_set_received_on = _slot_setter("received_on")
_set_limit = _slot_setter("limit")
_set_due_at = _slot_setter("due_at")
_set_original_due_at = _slot_setter("original_due_at")
_set_extended = _slot_setter("extended")
_set_paused_since = _slot_setter("paused_since")
_set_pauses = _slot_setter("pauses")
_set_cutoff = _slot_setter("cutoff")
_set_calendar = _slot_setter("calendar")
_set_restarted_from = _slot_setter("restarted_from")
_SLOT_SETTERS = (
    _set_start,
    _set_received_on,
    _set_limit,
    _set_due_at,
    _set_original_due_at,
    _set_extended,
    _set_paused_since,
    _set_pauses,
    _set_cutoff,
    _set_calendar,
    _set_restarted_from,
)


def _new_deadline(
    start: datetime,
    received_on: date,
    limit: TimeLimit,
    due_at: datetime,
    original_due_at: datetime,
    extended: bool,
    paused_since: datetime | None,
    pauses: tuple[Pause, ...],
    cutoff: time,
    calendar: WorkingCalendar,
) -> Deadline:
    """Return a Deadline built without the dataclass __init__ (the hot path of due_time)."""
    deadline: Deadline = object.__new__(Deadline)
    _set_start(deadline, start)
    _set_received_on(deadline, received_on)
    _set_limit(deadline, limit)
    _set_due_at(deadline, due_at)
    _set_original_due_at(deadline, original_due_at)
    _set_extended(deadline, extended)
    _set_paused_since(deadline, paused_since)
    _set_pauses(deadline, pauses)
    _set_cutoff(deadline, cutoff)
    _set_calendar(deadline, calendar)
    _set_restarted_from(deadline, None)
    return deadline


def compute_trace(deadline: Deadline, calendar: WorkingCalendar) -> Trace:
    """Recompute ``deadline`` before any extension and return its intermediate results."""
    trace = Trace()
    closed, _open = normalize_pauses(deadline.pauses, calendar)
    while True:
        try:
            compute(deadline.start, deadline.limit, calendar, deadline.cutoff, closed, trace)
        except OutOfWindowError as exc:
            calendar.extend_window(exc.ordinal)
            trace = Trace()
        else:
            return trace


# -- public API -------------------------------------------------------------------------------


def due_time(
    *,
    start: datetime,
    limit: TimeLimit,
    calendar: WorkingCalendar,
    cutoff: time = DEFAULT_CUTOFF,
    pauses: Sequence[Pause] = (),
) -> Deadline:
    """Return the due time of ``limit`` started at ``start`` (domain.md §6 rules 1-5).

    - Rule 1, receipt day (NĐ 61/2018 Art. 17; Civil Code 2015 Art. 147): a working day before
      closing time is the receipt day; after closing time (17:30 itself included) or on a
      non-working day, the next working day is.
    - Rule 2, N working days (Civil Code 2015 Art. 147, the first day is not counted): closing
      time of the N-th working day after the receipt day; 0 working days is closing time of the
      receipt day.
    - Rule 3, same day with a cut-off (NĐ 61/2018 Art. 18, 15:00 by default): before the cut-off
      on a working day, closing time that day; otherwise closing time of the next working day.
    - Rule 4, N working hours: N hours of office time of working days added to the start, which
      counts from the opening if before it, from the next period in a break, and from the next
      working day's opening after closing or on a non-working day. A due time on the end of a
      period stays there. 0 working hours is the moment counting starts.
    - Rule 5, N calendar days (Civil Code 2015 Art. 147-148): closing time of the N-th day after
      the rule-1 receipt day, or of the next working day if that day is not a working day.

    Pauses (waiting time, rule 7's record): for working days, working hours and same day, the
    due time moves later by the office time of working days inside closed pauses, counted from
    when the limit starts to run (working days: the day after the receipt day); a pause that
    starts at or after the due time changes nothing. For calendar days it moves later by the
    paused calendar time from the day after the receipt day on, rounded up to whole days. An
    open pause (``end=None``) is ignored in ``due_at`` and reported as ``paused_since``.
    """
    if not isinstance(start, datetime) or start.tzinfo is None or start.utcoffset() is None:
        require_aware(start, "start")
    if cutoff.tzinfo is not None:
        raise ValueError("cutoff is a wall-clock time and must be naive.")
    local = start.astimezone(calendar.tz)
    if pauses:
        closed, open_since = normalize_pauses(pauses, calendar)
    else:
        closed, open_since = [], None
    while True:
        try:
            received_on, due = compute(local, limit, calendar, cutoff, closed, None)
            break
        except OutOfWindowError as exc:
            calendar.extend_window(exc.ordinal)
    return _new_deadline(
        local, received_on, limit, due, due, False, open_since, tuple(pauses), cutoff, calendar
    )


def working_time_between(
    *,
    start: datetime,
    end: datetime,
    calendar: WorkingCalendar,
    pauses: Sequence[Pause] = (),
) -> timedelta:
    """Return the office time of working days between ``start`` and ``end``, pauses excluded.

    Returns ``timedelta(0)`` if ``end <= start``. An open pause counts as lasting past ``end``.
    Additive: for a <= b <= c, between(a, c) == between(a, b) + between(b, c).
    """
    require_aware(start, "start")
    require_aware(end, "end")
    if end <= start:
        return timedelta(0)
    tz = calendar.tz
    local_start = start.astimezone(tz)
    local_end = end.astimezone(tz)
    closed, open_since = normalize_pauses(pauses, calendar) if pauses else ([], None)
    if open_since is not None:
        closed.append((open_since, local_end))
    while True:
        window = calendar.window_for(local_start.toordinal())
        try:
            a = position(calendar, window, local_start)
            b = position(calendar, window, local_end)
            total = b - a
            for pause_start, pause_end in closed:
                pa = max(position(calendar, window, pause_start), a)
                pb = min(position(calendar, window, pause_end), b)
                if pb > pa:
                    total -= pb - pa
        except OutOfWindowError as exc:
            calendar.extend_window(exc.ordinal)
        else:
            return timedelta(microseconds=total)


def is_overdue(*, due_at: datetime, now: datetime) -> bool:
    """Return True if ``now`` is after ``due_at`` (at ``due_at`` exactly, it is not overdue yet).

    NĐ 61/2018 Art. 19(9): a dossier finished after its original due time is late; pass the
    original due time to judge lateness, the extended one to judge the new appointment.
    """
    require_aware(due_at, "due_at")
    require_aware(now, "now")
    return now > due_at


def is_at_risk(*, due_at: datetime, now: datetime, calendar: WorkingCalendar) -> bool:
    """Return True if not yet overdue and less than one working day of office time is left.

    One working day is ``calendar.office_hours.hours_per_day`` of working time: a due time at
    closing time is not at risk the evening before (exactly 8 h left) and is from just after the
    opening of its day. NĐ 61/2018 Art. 19(9) wants the apology and new appointment (form 04)
    sent at the latest one working day before the due date; this flag is the last call for it.
    """
    if is_overdue(due_at=due_at, now=now):
        return False
    left = working_time_between(start=now, end=due_at, calendar=calendar)
    return left < calendar.office_hours.hours_per_day


def restart(
    *,
    deadline: Deadline,
    complete_at: datetime,
    calendar: WorkingCalendar,
    cutoff: time = DEFAULT_CUTOFF,
) -> Deadline:
    """Return the deadline restarted from zero when the complete dossier arrives (rule 7).

    NĐ 61/2018 Art. 19(4): after a supplement request at appraisal, the time limit restarts from
    the receipt of the complete dossier; rule 1 applies to ``complete_at``. The new deadline
    keeps the old one in ``restarted_from`` (for the explanation and the 766 index, which the
    caller computes from the recorded pause instead). Raises ValueError if ``complete_at`` is
    before the old start.
    """
    require_aware(complete_at, "complete_at")
    if complete_at < deadline.start:
        raise ValueError(
            f"The complete dossier ({complete_at.isoformat()}) cannot arrive before the clock "
            f"started ({deadline.start.isoformat()})."
        )
    fresh = due_time(start=complete_at, limit=deadline.limit, calendar=calendar, cutoff=cutoff)
    return replace(fresh, restarted_from=deadline)


def extend(*, deadline: Deadline, new_due_at: datetime) -> Deadline:
    """Return the deadline with a new appointment, allowed once only (rule 8).

    NĐ 61/2018 Art. 19(9): one new appointment (form 04); ``original_due_at`` is kept. Raises
    ExtensionError if this deadline, or one it was restarted from, was already extended, or if
    ``new_due_at`` is not after the current due time.
    """
    require_aware(new_due_at, "new_due_at")
    previous: Deadline | None = deadline
    while previous is not None:
        if previous.extended:
            raise ExtensionError(
                _("The due time has already been extended once; a second extension is not allowed.")
            )
        previous = previous.restarted_from
    tz = deadline.calendar.tz if deadline.calendar is not None else deadline.due_at.tzinfo
    new_due = new_due_at.astimezone(tz)
    if new_due <= deadline.due_at:
        raise ExtensionError(
            _("The new due time %(new)s must be after the current due time %(due)s.")
            % {"new": new_due.isoformat(), "due": deadline.due_at.isoformat()}
        )
    return replace(deadline, due_at=new_due, extended=True)
