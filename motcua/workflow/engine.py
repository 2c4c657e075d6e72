"""Pure checks on a process's steps: allotments against the legal limit (domain.md §4).

No ORM: the services pass plain values so the rules are tested without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class StepAllotment:
    position: int
    hours: Decimal  # the step's allotted time in working hours
    is_lead: bool = False
    parallel: bool = False


def to_hours(*, value: Decimal, unit: str, hours_per_day: Decimal) -> Decimal:
    """Return an allotment or a legal limit in working hours.

    Working days count `hours_per_day` each (8 with the default office hours); a same-day limit
    counts one working day; calendar days are an upper bound of one working day each.
    """
    if unit == "working_hours":
        return value
    if unit == "same_day":
        return hours_per_day
    return value * hours_per_day


def total_hours(steps: Sequence[StepAllotment]) -> Decimal:
    """Return the working hours a process takes: steps sharing a position run in parallel.

    A parallel group (joint processing, domain.md §4) counts once, with its longest step.
    """
    longest: dict[int, Decimal] = {}
    for step in steps:
        longest[step.position] = max(longest.get(step.position, Decimal(0)), step.hours)
    return sum(longest.values(), Decimal(0))


def group_problems(steps: Sequence[StepAllotment]) -> list[int]:
    """Return the positions whose parallel group does not have exactly one lead."""
    groups: dict[int, list[StepAllotment]] = {}
    for step in steps:
        groups.setdefault(step.position, []).append(step)
    return sorted(
        position
        for position, members in groups.items()
        if len(members) > 1 and sum(member.is_lead for member in members) != 1
    )
