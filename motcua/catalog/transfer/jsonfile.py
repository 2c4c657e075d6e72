"""The JSON export and its import: a list of {code, content, processes}.

`content` is VersionContent.as_json(); `processes` lists each receiving unit's process with its
steps. Problems are located by item number and key path ("JSON!3 (content.name)").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.catalog.content import DocumentContent, TermContent, VersionContent
from motcua.catalog.models import Channel, LimitUnit, OnlineLevel
from motcua.catalog.transfer.importer import number_text
from motcua.catalog.transfer.items import (
    CatalogItem,
    Issue,
    Location,
    Locator,
    ParsedCatalog,
    ParsedProcedure,
    ParsedProcess,
    ProcessContent,
    canonical_steps,
    check_parsed,
    step_issues,
)
from motcua.catalog.transfer.processes import AllotmentUnit, JointMode, StepContent, StepKind


def items_to_json(items: Iterable[CatalogItem]) -> list[dict[str, Any]]:
    """Return the JSON export: a list of {code, content, processes}, content as_json()."""
    return [
        {
            "code": item.code,
            "content": item.content.as_json(),
            "processes": [
                {
                    "receiving_unit": process.receiving_unit,
                    "decision": process.decision,
                    "note": process.note,
                    "steps": [
                        {
                            "position": step.position,
                            "actor_unit": step.actor_unit,
                            "actor_role": step.actor_role,
                            "task": step.task,
                            "allotted_value": number_text(step.allotted_value),
                            "allotted_unit": step.allotted_unit,
                            "kind": step.kind,
                            "joint_mode": step.joint_mode,
                            "is_lead": step.is_lead,
                        }
                        for step in process.steps
                    ],
                }
                for process in item.processes
            ],
        }
        for item in items
    ]


class _JsonAt:
    """Locations in a JSON file: the item number and the key path within it."""

    def __init__(self, number: int, prefix: str = "", keys: dict[str, str] | None = None) -> None:
        self.number = number
        self.prefix = prefix
        self.keys = keys or {}

    def at(self, key: str) -> Location:
        return Location("JSON", self.number, "", self.prefix + self.keys.get(key, key))


# Sheet column keys that name a different JSON key.
_JSON_KEYS = {
    "field": "content.field_name",
    "field_code": "content.field_code",
    "level": "content.for_province",
    "effective_date": "content.decision_effective_date",
    "counter_limit": "content.terms",
    "code": "code",
}


class _Reader:
    """Typed reads of one JSON object; a wrong value becomes an Issue and a default."""

    def __init__(self, data: Any, at: _JsonAt, path: str, issues: list[Issue]) -> None:
        self.data = data if isinstance(data, dict) else {}
        self.at = at
        self.path = path
        self.issues = issues
        if not isinstance(data, dict):
            self.fail("", _("Expected an object."))

    def fail(self, key: str, message: str) -> None:
        self.issues.append(Issue(Location("JSON", self.at.number, "", self.path + key), message))

    def get(self, key: str, convert: Callable[[Any], Any], default: Any) -> Any:
        if key not in self.data or self.data[key] is None:
            return default
        try:
            return convert(self.data[key])
        except (TypeError, ValueError, InvalidOperation):
            self.fail(
                key, _("%(value)s is not valid here.") % {"value": json.dumps(self.data[key])}
            )
            return default

    def unknown(self, known: Iterable[str]) -> None:
        for key in sorted(set(self.data) - set(known)):
            self.fail(key, _("Unknown key."))


def _json_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value.strip()


def _json_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(value)
    return value


def _json_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError(value)
    return int(value)


def _json_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(value)
    return value


def _json_decimal(value: Any) -> Decimal:
    number = Decimal(str(value))
    if not number.is_finite() or number < 0:
        raise ValueError(value)
    return number


def _json_choice(choices: Sequence[str]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in choices:
            raise ValueError(value)
        return str(value)

    return convert


_CONTENT_KEYS = list(VersionContent.__dataclass_fields__)
_TEXT_KEYS = [
    name
    for name, spec in VersionContent.__dataclass_fields__.items()
    if spec.type == "str" and name != "online_level"
]


def read_json(data: bytes | str) -> ParsedCatalog:
    """Parse a JSON export (a list of {code, content, processes}) with every problem located."""
    parsed = ParsedCatalog()
    issues = parsed.issues
    try:
        items = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        issues.append(
            Issue(Location("JSON"), _("The file is not UTF-8 JSON: %(error)s.") % {"error": exc})
        )
        return parsed
    if isinstance(items, dict) and isinstance(items.get("procedures"), list):
        items = items["procedures"]
    if not isinstance(items, list):
        issues.append(Issue(Location("JSON"), _("Expected a list of procedures.")))
        return parsed
    for number, raw in enumerate(items, start=1):
        at = _JsonAt(number, keys=_JSON_KEYS)
        item = _Reader(raw, at, "", issues)
        item.unknown(["code", "content", "processes"])
        code = item.get("code", _json_str, "")
        content = _json_content(raw.get("content") if isinstance(raw, dict) else None, at, issues)
        procedure = ParsedProcedure(code=code, content=content, at=at)
        units: set[str] = set()
        for index, raw_process in enumerate(item.get("processes", _json_list, [])):
            process = _json_process(raw_process, number, f"processes[{index}].", issues)
            if process is None:
                continue
            if process.content.receiving_unit in units:
                issues.append(
                    Issue(
                        process.at.at("receiving_unit"),
                        _("A second process for the same receiving unit."),
                    )
                )
                continue
            units.add(process.content.receiving_unit)
            procedure.processes.append(process)
        parsed.procedures.append(procedure)
    check_parsed(parsed)
    return parsed


def _json_content(raw: Any, at: _JsonAt, issues: list[Issue]) -> VersionContent:
    reader = _Reader(raw, at, "content.", issues)
    reader.unknown(_CONTENT_KEYS)
    values: dict[str, Any] = {key: reader.get(key, _json_str, "") for key in _TEXT_KEYS}
    values["for_province"] = reader.get("for_province", _json_bool, False)
    values["for_commune"] = reader.get("for_commune", _json_bool, False)
    values["online_level"] = reader.get(
        "online_level", _json_choice(OnlineLevel.values), OnlineLevel.NONE
    )
    for key in ("decision_date", "decision_effective_date"):
        values[key] = reader.get(key, date.fromisoformat, None)
    documents = []
    for index, raw_document in enumerate(reader.get("documents", _json_list, [])):
        document = _Reader(raw_document, at, f"content.documents[{index}].", issues)
        document.unknown(DocumentContent.__dataclass_fields__)
        documents.append(
            DocumentContent(
                name=document.get("name", _json_str, ""),
                originals=document.get("originals", _json_int, 0),
                certified_copies=document.get("certified_copies", _json_int, 0),
                photocopies=document.get("photocopies", _json_int, 0),
                reusable=document.get("reusable", _json_bool, False),
                note=document.get("note", _json_str, ""),
                template=document.get("template", _json_str, ""),
            )
        )
    terms = []
    for index, raw_term in enumerate(reader.get("terms", _json_list, [])):
        term = _Reader(raw_term, at, f"content.terms[{index}].", issues)
        term.unknown(TermContent.__dataclass_fields__)
        terms.append(
            TermContent(
                channel=term.get("channel", _json_choice(Channel.values), Channel.COUNTER),
                limit_value=term.get("limit_value", _json_decimal, Decimal(0)),
                limit_unit=term.get(
                    "limit_unit", _json_choice(LimitUnit.values), LimitUnit.WORKING_DAYS
                ),
                cutoff=term.get("cutoff", time.fromisoformat, time(15, 0)),
                fee_vnd=term.get("fee_vnd", _json_int, 0),
                fee_note=term.get("fee_note", _json_str, ""),
            )
        )
    return VersionContent(documents=tuple(documents), terms=tuple(terms), **values)


def _json_process(raw: Any, number: int, path: str, issues: list[Issue]) -> ParsedProcess | None:
    at = _JsonAt(number, path)
    reader = _Reader(raw, at, path, issues)
    reader.unknown(["receiving_unit", "decision", "note", "steps"])
    steps: list[StepContent] = []
    step_at: list[Locator] = []
    before = len(issues)
    for index, raw_step in enumerate(reader.get("steps", _json_list, [])):
        step_path = f"{path}steps[{index}]."
        step = _Reader(raw_step, at, step_path, issues)
        step.unknown(StepContent.__dataclass_fields__)
        steps.append(
            StepContent(
                position=step.get("position", _json_int, 0),
                actor_unit=step.get("actor_unit", _json_str, ""),
                actor_role=step.get("actor_role", _json_choice(Role.values), ""),
                task=step.get("task", _json_str, ""),
                allotted_value=step.get("allotted_value", _json_decimal, Decimal(0)),
                allotted_unit=step.get(
                    "allotted_unit", _json_choice(AllotmentUnit.values), AllotmentUnit.WORKING_HOURS
                ),
                kind=step.get("kind", _json_choice(StepKind.values), StepKind.STANDARD),
                joint_mode=step.get("joint_mode", _json_choice(["", *JointMode.values]), ""),
                is_lead=step.get("is_lead", _json_bool, False),
            )
        )
        step_at.append(_JsonAt(number, step_path, {"lead": "is_lead", "role": "actor_role"}))
        reported = {issue.location for issue in issues}
        issues.extend(
            issue for issue in step_issues(steps[-1], step_at[-1]) if issue.location not in reported
        )
    if not steps:
        reader.fail("steps", _("A process needs at least one step."))
    if len(issues) > before:
        return None
    order = canonical_steps(steps)
    receiving_unit = reader.get("receiving_unit", _json_str, "")
    if not receiving_unit:
        reader.fail("receiving_unit", _("The receiving unit is missing."))
        return None
    content = ProcessContent(
        receiving_unit=receiving_unit,
        decision=reader.get("decision", _json_str, ""),
        note=reader.get("note", _json_str, ""),
        steps=tuple(steps[i] for i in order),
    )
    return ParsedProcess(content, at, [step_at[i] for i in order])
