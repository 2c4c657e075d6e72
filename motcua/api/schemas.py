"""Request and response shapes of the API (OpenAPI components)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class ErrorOut(Schema):
    """The one error shape of the API: a stable code, a sentence for people, the input at fault."""

    code: str
    message: str
    field: str | None = None


class DeadlineOut(Schema):
    start: datetime
    received_on: date
    limit: str
    due_at: datetime
    due_at_local: str
    unit: str | None
    explanation: list[str]


class OrgUnitOut(Schema):
    id: int
    identifier: str
    name: str
    kind: str
    level: int
    parent_id: int | None
    office_hours: str
    valid_from: date
    valid_until: date | None
    end_reason: str
    successor_id: int | None


class MembershipOut(Schema):
    id: int
    user_id: int
    user_name: str
    unit_id: int
    role: str
    valid_from: date
    valid_until: date | None


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    kind: str
    memberships: list[MembershipOut]


class CalendarEntryIn(Schema):
    day: date
    working: bool
    reason: str


class CalendarEntryOut(Schema):
    id: int
    unit_id: int | None
    day: date
    working: bool
    reason: str
