"""GET /api/v1/deadlines: the deadline engine over HTTP (public: calendars are published data)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from motcua.accounts.calendars import deadline_compute
from motcua.api.schemas import DeadlineOut, ErrorOut

router = Router(tags=["deadlines"])


class DeadlineQuery(Schema):
    start: str
    limit: str
    unit: str | None = None
    cutoff: str = "15:00"


@router.get("", response={200: DeadlineOut, 400: ErrorOut, 404: ErrorOut}, auth=None)
def deadline_get(request: HttpRequest, query: Query[DeadlineQuery]) -> DeadlineOut:
    """Return the due time for `start` (ISO 8601, local if no offset) and `limit`.

    `limit` is "N working_days", "N working_hours", "N calendar_days" or "same_day" (with
    `cutoff`, default 15:00); `unit` (an org unit identifier) applies that unit's office hours
    and calendar entries. The explanation says how the due time was reached.
    """
    answer = deadline_compute(
        start=query.start, limit=query.limit, unit_identifier=query.unit, cutoff=query.cutoff
    )
    deadline = answer.deadline
    return DeadlineOut(
        start=deadline.start,
        received_on=deadline.received_on,
        limit=str(deadline.limit),
        due_at=deadline.due_at,
        due_at_local=deadline.due_at.strftime("%Y-%m-%dT%H:%M"),
        unit=answer.unit.identifier if answer.unit else None,
        explanation=answer.explanation,
    )
