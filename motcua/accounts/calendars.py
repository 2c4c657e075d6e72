"""Compute due times in a unit's calendar: the bridge between the database and the pure engine.

Used by the `deadline` command, the API and the web calculator, so that all three parse input
and apply a unit's office hours and calendar entries the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.utils.translation import gettext as _

from motcua.accounts.models import OrgUnit
from motcua.accounts.selectors import org_unit_get_by_identifier, working_calendar_for_unit
from motcua.core.errors import DomainError
from motcua.deadlines.calendar import VN_TZ
from motcua.deadlines.engine import Deadline, TimeLimit, due_time


class DeadlineInputError(DomainError):
    """The start, limit, cut-off or unit given to the deadline calculator is not usable."""


@dataclass(frozen=True)
class DeadlineAnswer:
    deadline: Deadline
    unit: OrgUnit | None
    explanation: list[str]


def parse_start(text: str) -> datetime:
    """Parse an ISO 8601 start; a time without offset is local time (Asia/Ho_Chi_Minh)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DeadlineInputError(
            _("The start %(value)s is not an ISO 8601 date and time such as 2026-03-05T09:00.")
            % {"value": text},
            field="start",
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


def parse_limit(text: str) -> TimeLimit:
    """Parse a limit such as "3 working_days", with a clear error naming the accepted units."""
    try:
        return TimeLimit.parse(text)
    except ValueError as exc:
        raise DeadlineInputError(str(exc), field="limit") from None


def parse_cutoff(text: str) -> time:
    """Parse a same-day cut-off such as 15:00."""
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise DeadlineInputError(
            _("The cut-off %(value)s is not a time such as 15:00.") % {"value": text},
            field="cutoff",
        ) from None


def deadline_compute(
    *, start: str, limit: str, unit_identifier: str | None = None, cutoff: str = "15:00"
) -> DeadlineAnswer:
    """Return the due time for a start and limit, in the unit's calendar if one is named.

    Calendar data is public (office hours and days off are published), so no access check.
    """
    unit = org_unit_get_by_identifier(identifier=unit_identifier) if unit_identifier else None
    calendar = working_calendar_for_unit(unit=unit)
    deadline = due_time(
        start=parse_start(start),
        limit=parse_limit(limit),
        calendar=calendar,
        cutoff=parse_cutoff(cutoff),
    )
    return DeadlineAnswer(deadline=deadline, unit=unit, explanation=deadline.explain())
