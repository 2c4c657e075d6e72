"""Request and response shapes of /api/v1/feedback (OpenAPI components)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema


class FeedbackIn(Schema):
    """A feedback entered by staff (phone, letter, e-mail) or sent by a logged-in citizen."""

    category: str
    title: str
    content: str
    sender_name: str
    sender_address: str = ""
    sender_phone: str = ""
    sender_email: str = ""
    address: str = ""
    lat: Decimal | None = None
    long: Decimal | None = None
    dossier_code: str = ""
    channel: str = "portal"


class FeedbackActionIn(Schema):
    revision: int | None = None
    note: str = ""
    answer: str = ""
    category: str = ""
    forwarded_to: str = ""


class ReactionIn(Schema):
    value: int  # 1 like, -1 dislike


class FeedbackEventOut(Schema):
    sequence: int
    action: str
    at: datetime
    actor: str
    from_state: str
    to_state: str
    due_at: datetime | None
    note: str


class FeedbackSummaryOut(Schema):
    id: int
    title: str
    category: str
    unit: str
    channel: str
    state: str
    state_label: str
    received_at: datetime
    due_at: datetime | None
    answer_due_at: datetime | None
    at_risk: bool
    overdue: bool
    revision: int


class FeedbackOut(FeedbackSummaryOut):
    content: str
    address: str
    lat: Decimal | None
    long: Decimal | None
    dossier_code: str
    dossier_id: int | None
    sender_name: str
    sender_address: str
    sender_phone: str
    sender_email: str
    status_notes: str
    forwarded_to: str
    answer: str
    answer_ready_at: datetime | None
    published_at: datetime | None
    reopened_at: datetime | None
    reopen_reason: str
    likes: int
    dislikes: int
    actions: list[str]
    events: list[FeedbackEventOut]


class FeedbackPageOut(Schema):
    count: int
    results: list[FeedbackSummaryOut]


class AnswerOut(Schema):
    """A published answer: what the public sees (no personal data)."""

    id: int
    title: str
    content: str
    category: str
    unit: str
    address: str
    answer: str
    received_at: datetime
    published_at: datetime | None
    likes: int
    dislikes: int


class AnswerPageOut(Schema):
    count: int
    results: list[AnswerOut]
