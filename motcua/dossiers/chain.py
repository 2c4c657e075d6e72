"""The tamper-evident history (product.md: "The event history is tamper-evident (hash chain)
with a verification command").

Each dossier's events form a chain: an event's `chain_hash` is the SHA-256 of the previous
event's hash and the event's own content in a canonical form; the dossier keeps the hash of its
latest event (`Dossier.history_hash`). Changing, removing or inserting an event anywhere (say with
SQL behind the application's back) breaks the chain from there on, and `manage.py
verify_history` reports the first broken event of each dossier. Pure functions: no queries.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

GENESIS = "0" * 64  # the "previous hash" of a dossier's first event


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(previous: str, content: dict[str, Any]) -> str:
    """Return the hash of an event from the previous hash and its canonical content."""
    return hashlib.sha256(previous.encode() + b"\n" + canonical(content)).hexdigest()


def canonical(content: dict[str, Any]) -> bytes:
    """Return the canonical form: JSON with sorted keys, no spaces, UTF-8 unescaped.

    orjson writes the same bytes as ``json.dumps(sort_keys=True, ensure_ascii=False,
    separators=(",", ":"))`` for the values events hold (strings, integers, booleans, null,
    lists, objects with string keys), 4x faster (the history import hashes every event);
    anything orjson refuses (say a non-string key) goes through `json` as before."""
    try:
        return orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return json.dumps(
            content, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode()


def event_content(event: Any) -> dict[str, Any]:
    """Return what the hash covers: every recorded field of the event, by id and value."""
    return {
        "dossier": event.dossier_id,
        "sequence": event.sequence,
        "action": event.action,
        "at": _moment(event.at),
        "actor": event.actor_id,
        "actor_unit": event.actor_unit_id,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "from_position": event.from_position,
        "to_position": event.to_position,
        "to_unit": event.to_unit_id,
        "to_holder": event.to_holder_id,
        "note": event.note,
        "data": event.data,
    }


@dataclass(frozen=True)
class Break:
    """Where a dossier's chain stops holding: the first event that does not match, or the head
    kept on the dossier (sequence None) when the events themselves are consistent."""

    dossier_id: int
    sequence: int | None
    reason: str


def verify(dossier_id: int, head: str, events: list[Any]) -> Break | None:
    """Check one dossier's events (in sequence order) against their hashes and the head."""
    previous = GENESIS
    for expected, event in enumerate(events, start=1):
        if event.sequence != expected:
            return Break(dossier_id, event.sequence, "an event is missing before this one")
        if event_hash(previous, event_content(event)) != event.chain_hash:
            return Break(dossier_id, event.sequence, "the event differs from what was recorded")
        previous = event.chain_hash
    if previous != (head or GENESIS):
        return Break(dossier_id, None, "the latest events are missing")
    return None


class _Row:
    """A bulk-written event given as column values (the history import writes rows, not
    models): the attributes `event_content` reads, with the defaults of the model."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.dossier_id = values["dossier_id"]
        self.sequence = values["sequence"]
        self.action = values["action"]
        self.at = values["at"]
        self.actor_id = values.get("actor_id")
        self.actor_unit_id = values.get("actor_unit_id")
        self.from_state = values.get("from_state", "")
        self.to_state = values["to_state"]
        self.from_position = values.get("from_position")
        self.to_position = values.get("to_position")
        self.to_unit_id = values.get("to_unit_id")
        self.to_holder_id = values.get("to_holder_id")
        self.note = values.get("note", "")
        self.data = values.get("data", {})


def chain_rows(rows: list[dict[str, Any]], previous: str = GENESIS) -> str:
    """Set `chain_hash` on one dossier's event rows (in sequence order); return the head."""
    for values in rows:
        values["chain_hash"] = event_hash(previous, event_content(_Row(values)))
        previous = values["chain_hash"]
    return previous
