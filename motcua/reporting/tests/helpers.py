"""Hand-built histories in the file format (docs/history-import.md)."""

from __future__ import annotations

import json
from typing import Any

from motcua.accounts.demo import THUC_PHAN_CENTRE
from motcua.dossiers.tests.helpers import REHAB

UNIT = THUC_PHAN_CENTRE


def t(text: str) -> str:
    """'2026-03-05 09:00' -> an ISO time in Vietnam time."""
    day, hour = text.split(" ") if " " in text else (text, "17:30")
    return f"{day}T{hour}:00+07:00"


def line(code: str, received: str, due: str, *events: tuple[Any, ...], **more: Any) -> str:
    """One line: events are (type, time) or (type, time, {fields})."""
    record: dict[str, Any] = {
        "code": code,
        "procedure": more.pop("procedure", REHAB),
        "unit": more.pop("unit", UNIT),
        "channel": more.pop("channel", "counter"),
        "applicant": more.pop("applicant", {"kind": "individual", "name": "Nguyễn Văn A"}),
        "received_at": t(received),
        "due_at": t(due),
        "events": [
            {"type": event[0], "at": t(event[1]), **(event[2] if len(event) > 2 else {})}
            for event in events
        ],
        "digitised_components": more.pop("digitised", False),
        "reused_data": more.pop("reused", False),
        "e_result": more.pop("e_result", False),
        "synced_national": more.pop("synced", False),
    }
    record.update(more)
    return json.dumps(record, ensure_ascii=False)
