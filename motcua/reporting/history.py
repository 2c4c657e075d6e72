"""A dossier's history in the form the indicators read it: the JSON Lines format of
docs/history-import.md, whether it comes from an import file or from the events the services
recorded (`from_events`). Pure: no ORM; validation errors name the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

CHANNELS = ("counter", "online", "postal")
PAY_METHODS = ("online", "cash", "transfer")
LEVELS = ("very_satisfied", "satisfied", "not_satisfied")
VIAS = ("counter", "online", "postal")
ENDINGS = ("refused", "stopped", "withdrawn")
EVENT_TYPES = (
    "supplement_requested",
    "supplement_completed",
    "extended",
    "processed",
    "returned",
    "refused",
    "stopped",
    "withdrawn",
    "paid",
    "rated",
)
FLAGS = ("digitised_components", "reused_data", "e_result", "synced_national")
# Optional flags: read when present, written only when true, so that files made before them
# still export identically.
OPTIONAL_FLAGS = ("data_store",)
# What may follow what: the open states of the lifecycle (domain.md §5) as the file sees them.
_OPEN, _WAITING, _PROCESSED, _RETURNED, _ENDED = "open", "waiting", "processed", "returned", "ended"
_ALLOWED: dict[str, frozenset[str]] = {
    "supplement_requested": frozenset({_OPEN}),
    "supplement_completed": frozenset({_WAITING}),
    "extended": frozenset({_OPEN}),
    "processed": frozenset({_OPEN}),
    "returned": frozenset({_OPEN, _PROCESSED}),
    "refused": frozenset({_OPEN}),
    "stopped": frozenset({_OPEN, _WAITING}),
    "withdrawn": frozenset({_OPEN, _WAITING}),
    "paid": frozenset({_OPEN, _WAITING, _PROCESSED}),
    "rated": frozenset({_PROCESSED, _RETURNED, _ENDED}),
}
_AFTER = {
    "supplement_requested": _WAITING,
    "supplement_completed": _OPEN,
    "processed": _PROCESSED,
    "returned": _RETURNED,
    "refused": _ENDED,
    "stopped": _ENDED,
    "withdrawn": _ENDED,
}


class HistoryError(ValueError):
    """A line of a history file is not a valid dossier history."""


@dataclass(frozen=True)
class Event:
    """One event of the file format; `data` holds its own fields (new_due_at, via, ...)."""

    type: str
    at: datetime
    new_due_at: datetime | None = None
    via: str = ""
    amount: int = 0
    method: str = ""
    level: str = ""


@dataclass
class History:
    """One dossier as the indicators read it (one line of the file format)."""

    code: str
    procedure: str
    unit: str
    channel: str
    received_at: datetime
    due_at: datetime
    events: list[Event]
    applicant: dict[str, Any] = field(default_factory=dict)
    digitised_components: bool = False
    reused_data: bool = False
    e_result: bool = False
    synced_national: bool = False
    # Components taken from, or results sent to, the citizen's data store (766 criterion 4.5).
    data_store: bool = False
    unit_name: str = ""
    procedure_name: str = ""


def parse_time(value: Any, name: str) -> datetime:
    """Return the aware datetime of an ISO 8601 string with an offset, or raise HistoryError."""
    if not isinstance(value, str):
        raise HistoryError(f"{name}: an ISO 8601 time with offset is required")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise HistoryError(f"{name}: {value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise HistoryError(f"{name}: {value!r} has no UTC offset")
    return moment


def _text(record: dict[str, Any], key: str, *, required: bool = True) -> str:
    value = record.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise HistoryError(f"{key}: a non-empty string is required")
    return value.strip()


def _event(raw: Any, index: int) -> Event:
    name = f"events[{index}]"
    if not isinstance(raw, dict):
        raise HistoryError(f"{name}: an object is required")
    kind = raw.get("type")
    if kind not in EVENT_TYPES:
        raise HistoryError(f"{name}.type: unknown event type {kind!r}")
    at = parse_time(raw.get("at"), f"{name}.at")
    known = {"type", "at"}
    event = Event(type=kind, at=at)
    if kind in ("supplement_completed", "extended"):
        known.add("new_due_at")
        value = raw.get("new_due_at")
        if value is None and kind == "extended":
            raise HistoryError(f"{name}.new_due_at: required for an extension")
        if value is not None:
            event = Event(type=kind, at=at, new_due_at=parse_time(value, f"{name}.new_due_at"))
    elif kind == "returned":
        known.add("via")
        via = raw.get("via", "counter")
        if via not in VIAS:
            raise HistoryError(f"{name}.via: one of {', '.join(VIAS)}")
        event = Event(type=kind, at=at, via=via)
    elif kind == "paid":
        known |= {"amount", "method"}
        amount, method = raw.get("amount"), raw.get("method")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise HistoryError(f"{name}.amount: a non-negative whole number of VND")
        if method not in PAY_METHODS:
            raise HistoryError(f"{name}.method: one of {', '.join(PAY_METHODS)}")
        event = Event(type=kind, at=at, amount=amount, method=method)
    elif kind == "rated":
        known.add("level")
        level = raw.get("level")
        if level not in LEVELS:
            raise HistoryError(f"{name}.level: one of {', '.join(LEVELS)}")
        event = Event(type=kind, at=at, level=level)
    extra = set(raw) - known
    if extra:
        raise HistoryError(f"{name}: unknown field(s) {', '.join(sorted(extra))}")
    return event


def from_record(record: Any) -> History:
    """Return the history of one decoded JSON line, or raise HistoryError naming the field."""
    if not isinstance(record, dict):
        raise HistoryError("a JSON object is required")
    channel = record.get("channel")
    if channel not in CHANNELS:
        raise HistoryError(f"channel: one of {', '.join(CHANNELS)}")
    applicant = record.get("applicant", {})
    if not isinstance(applicant, dict):
        raise HistoryError("applicant: an object is required")
    raw_events = record.get("events", [])
    if not isinstance(raw_events, list):
        raise HistoryError("events: a list is required")
    history = History(
        code=_text(record, "code"),
        procedure=_text(record, "procedure"),
        unit=_text(record, "unit"),
        channel=channel,
        received_at=parse_time(record.get("received_at"), "received_at"),
        due_at=parse_time(record.get("due_at"), "due_at"),
        events=[_event(raw, index) for index, raw in enumerate(raw_events)],
        applicant=applicant,
        unit_name=_text(record, "unit_name", required=False),
        procedure_name=_text(record, "procedure_name", required=False),
    )
    for flag in (*FLAGS, *OPTIONAL_FLAGS):
        value = record.get(flag, False)
        if not isinstance(value, bool):
            raise HistoryError(f"{flag}: true or false")
        setattr(history, flag, value)
    if len(history.code) > 40:
        raise HistoryError("code: at most 40 characters")
    extra = set(record) - {
        "code",
        "procedure",
        "unit",
        "channel",
        "applicant",
        "received_at",
        "due_at",
        "events",
        "unit_name",
        "procedure_name",
        *FLAGS,
        *OPTIONAL_FLAGS,
    }
    if extra:
        raise HistoryError(f"unknown field(s) {', '.join(sorted(extra))}")
    check_sequence(history)
    return history


def check_sequence(history: History) -> None:
    """Raise HistoryError unless the events are in time order and follow the lifecycle."""
    if history.due_at < history.received_at:
        raise HistoryError("due_at: before received_at")
    state, last = _OPEN, history.received_at
    for index, event in enumerate(history.events):
        if event.at < last:
            raise HistoryError(f"events[{index}].at: before the previous event or the receipt")
        if state not in _ALLOWED[event.type]:
            raise HistoryError(f"events[{index}]: {event.type} is not possible after {state}")
        state, last = _AFTER.get(event.type, state), event.at


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def to_record(history: History) -> dict[str, Any]:
    """Return the JSON object of one line (keys in the documented order)."""
    record: dict[str, Any] = {
        "code": history.code,
        "procedure": history.procedure,
        "unit": history.unit,
    }
    if history.unit_name:
        record["unit_name"] = history.unit_name
    if history.procedure_name:
        record["procedure_name"] = history.procedure_name
    record.update(
        channel=history.channel,
        applicant=history.applicant,
        received_at=_iso(history.received_at),
        due_at=_iso(history.due_at),
        events=[_event_record(event) for event in history.events],
    )
    for flag in FLAGS:
        record[flag] = getattr(history, flag)
    for flag in OPTIONAL_FLAGS:
        if getattr(history, flag):
            record[flag] = True
    return record


def _event_record(event: Event) -> dict[str, Any]:
    record: dict[str, Any] = {"type": event.type, "at": _iso(event.at)}
    if event.new_due_at is not None:
        record["new_due_at"] = _iso(event.new_due_at)
    if event.type == "returned":
        record["via"] = event.via
    if event.type == "paid":
        record["amount"], record["method"] = event.amount, event.method
    if event.type == "rated":
        record["level"] = event.level
    return record
