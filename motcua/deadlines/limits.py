"""Time limits and pauses: the inputs of the deadline engine (domain.md §6)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum

__all__ = ["DEFAULT_CUTOFF", "LimitUnit", "Pause", "TimeLimit", "require_aware"]

# NĐ 61/2018 Art. 18: dossiers received after 15:00 move on the next working day.
DEFAULT_CUTOFF = time(15, 0)
_NUMBER_RE = re.compile(r"[+-]?\d+")


class LimitUnit(StrEnum):
    """The unit of a procedure's time limit (domain.md §6 rules 2-5)."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    SAME_DAY = "same_day"


_UNITS = ", ".join(unit.value for unit in LimitUnit)


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """A time limit such as 3 working days; ``same_day`` always has value 0."""

    value: int
    unit: LimitUnit

    def __post_init__(self) -> None:
        """Reject a negative or non-integer value, an unknown unit, or a valued same-day limit."""
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise ValueError(f"A time limit's value must be an integer, got {self.value!r}.")
        if self.value < 0:
            raise ValueError(f"A time limit must not be negative, got {self.value}.")
        if not isinstance(self.unit, LimitUnit):
            try:
                object.__setattr__(self, "unit", LimitUnit(self.unit))
            except ValueError:
                raise ValueError(
                    f"Unknown time-limit unit {self.unit!r}; use one of {_UNITS}."
                ) from None
        if self.unit is LimitUnit.SAME_DAY and self.value != 0:
            raise ValueError(f"A same-day limit has no value; write 'same_day', not {self.value}.")

    @classmethod
    def parse(cls, text: str) -> TimeLimit:
        """Parse a limit such as ``"3 working_days"`` (the format ``str()`` produces).

        Units: working_days, working_hours, calendar_days; ``"same_day"`` (or ``"0 same_day"``)
        has no number. Raises ValueError saying what is wrong for garbage, a
        negative or non-integer number, or an unknown unit.
        """
        parts = text.split() if isinstance(text, str) else []
        if len(parts) == 1 and parts[0].lower() == LimitUnit.SAME_DAY:
            return cls(0, LimitUnit.SAME_DAY)
        if len(parts) != 2:
            raise ValueError(
                f"Invalid time limit {text!r}; expected '<number> <unit>' with a unit among "
                f"{_UNITS}, or 'same_day'."
            )
        number, unit_text = parts
        if not _NUMBER_RE.fullmatch(number):
            raise ValueError(
                f"Invalid number {number!r} in time limit {text!r}; use a whole number of days"
                " or hours."
            )
        value = int(number)
        if value < 0:
            raise ValueError(f"A time limit must not be negative: {text!r}.")
        try:
            unit = LimitUnit(unit_text.lower())
        except ValueError:
            raise ValueError(
                f"Unknown unit {unit_text!r} in time limit {text!r}; use one of {_UNITS}."
            ) from None
        return cls(value, unit)

    def __str__(self) -> str:
        """Return the text :meth:`parse` accepts."""
        if self.unit is LimitUnit.SAME_DAY:
            return LimitUnit.SAME_DAY.value
        return f"{self.value} {self.unit.value}"


@dataclass(frozen=True, slots=True)
class Pause:
    """A stretch of time the clock does not run (e.g. waiting for a supplement).

    ``end=None`` means still paused. Overlapping pauses are merged, so time is never subtracted
    twice.
    """

    start: datetime
    end: datetime | None = None

    def __post_init__(self) -> None:
        """Refuse naive datetimes and an end before the start."""
        require_aware(self.start, "Pause.start")
        if self.end is not None:
            require_aware(self.end, "Pause.end")
            if self.end < self.start:
                raise ValueError(
                    f"A pause must not end ({self.end}) before it starts ({self.start})."
                )


def require_aware(value: datetime, name: str) -> None:
    """Raise ValueError naming ``name`` unless ``value`` is a timezone-aware datetime."""
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} must be a timezone-aware datetime, got the naive {value.isoformat()}; use "
            "django.utils.timezone.now() or attach a zone."
        )
