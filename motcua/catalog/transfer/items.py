"""What catalogue files parse into, wherever they come from: items, locations, issues.

Workbooks (motcua.catalog.spreadsheet) and JSON files (jsonfile) parse into one
`ParsedCatalog`; every value keeps a `Locator` so that each problem is reported with its sheet,
row and column (or JSON item and key). The checks every format shares are here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.catalog.content import VersionContent, missing_fields
from motcua.catalog.models import base_code_validator
from motcua.catalog.transfer.processes import JointMode, StepContent, StepKind


@dataclass(frozen=True)
class Location:
    """Where a value came from: a workbook cell ("Thủ tục!F7") or a JSON item and key."""

    sheet: str
    row: int = 0  # the Excel row number, or the 1-based item number in a JSON list
    column: str = ""  # the column letter; empty for JSON and for a missing column
    header: str = ""  # the column's header, or the JSON key path

    def __str__(self) -> str:
        cell = f"{self.column}{self.row}" if self.column else (str(self.row) if self.row else "")
        place = f"{self.sheet}!{cell}" if cell else self.sheet
        return f"{place} ({self.header})" if self.header else place


@dataclass(frozen=True)
class Issue:
    """One problem of an import file: where it is and what is wrong (a full sentence)."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class Locator(Protocol):
    """Turns a column key ("code", "level", "actor_unit", ...) into the location of its value."""

    def at(self, key: str) -> Location: ...


@dataclass(frozen=True)
class ProcessContent:
    """An internal process as plain data: the receiving unit's identifier and ordered steps."""

    receiving_unit: str
    steps: tuple[StepContent, ...]
    decision: str = ""
    note: str = ""


@dataclass(frozen=True)
class CatalogItem:
    """One procedure as exported: its code, the content in force and its processes."""

    code: str
    content: VersionContent
    processes: tuple[ProcessContent, ...] = ()


@dataclass
class ParsedProcess:
    content: ProcessContent
    at: Locator  # the process's first row
    step_at: list[Locator]  # one per step, in the order of content.steps


@dataclass
class ParsedProcedure:
    code: str
    content: VersionContent
    at: Locator
    processes: list[ParsedProcess] = field(default_factory=list)
    # The file has no template column: keep the form templates of the version in force.
    keep_templates: bool = False


@dataclass
class ParsedCatalog:
    procedures: list[ParsedProcedure] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Procedures plus processes: the length of the import's progress bar."""
        return sum(1 + len(procedure.processes) for procedure in self.procedures)


def canonical_steps(steps: Iterable[StepContent]) -> list[int]:
    """Return the indexes of `steps` in stored order: by position, the lead first in a group."""
    listed = list(steps)
    return sorted(range(len(listed)), key=lambda i: (listed[i].position, not listed[i].is_lead))


# Mandatory content (missing_fields) and the column that holds each item, in the order
# missing_fields checks them; test_transfer asserts the two stay in step.
MANDATORY_KEYS = (
    "name",
    "field",
    "level",
    "implementing_agency",
    "sequence",
    "methods",
    "subjects",
    "documents",
    "counter_limit",
    "result",
    "legal_basis",
    "decision_number",
    "decision_date",
    "effective_date",
)


def mandatory_columns() -> dict[str, str]:
    """Map each label missing_fields may return (in the active language) to its column key."""
    labels = missing_fields(VersionContent(name="", field_name=""))
    return dict(zip(labels, MANDATORY_KEYS, strict=False))


def check_parsed(parsed: ParsedCatalog) -> None:
    """Add the checks every format shares: codes, duplicates, mandatory fields, field codes."""
    columns = mandatory_columns()
    # A value that could not be read is reported once, not again as missing.
    unreadable = {issue.location for issue in parsed.issues}
    first: dict[str, Location] = {}
    field_codes: dict[str, tuple[str, Location]] = {}
    for procedure in parsed.procedures:
        at = procedure.at
        try:
            base_code_validator(procedure.code)
        except ValidationError:
            parsed.issues.append(Issue(at.at("code"), _code_message(procedure.code)))
        if procedure.code in first:
            parsed.issues.append(
                Issue(
                    at.at("code"),
                    _("Code %(code)s appears twice; it is also at %(place)s.")
                    % {"code": procedure.code, "place": first[procedure.code]},
                )
            )
            continue
        first[procedure.code] = at.at("code")
        for label in missing_fields(procedure.content):
            key = columns.get(label, "code")
            if at.at("code" if key == "documents" else key) in unreadable:
                continue
            if key == "documents":
                message = _("Procedure %(code)s has no required documents.") % {
                    "code": procedure.code
                }
                parsed.issues.append(Issue(at.at("code"), message))
            elif key == "counter_limit":
                message = _("No time limit is given for any channel.")
                parsed.issues.append(Issue(at.at(key), message))
            else:
                field_label = label[:1].upper() + label[1:]
                message = _("%(field)s is mandatory and missing.") % {"field": field_label}
                parsed.issues.append(Issue(at.at(key), message))
        content = procedure.content
        if content.field_code:
            here = (content.field_code, at.at("field_code"))
            seen = field_codes.setdefault(content.field_name, here)
            if seen[0] != content.field_code:
                parsed.issues.append(
                    Issue(
                        at.at("field_code"),
                        _("Field %(field)s has code %(code)s at %(place)s.")
                        % {"field": content.field_name, "code": seen[0], "place": seen[1]},
                    )
                )


def step_issues(step: StepContent, at: Locator) -> list[Issue]:
    """Return what is wrong with one step on its own (its units are checked on import)."""
    issues = []
    if step.position < 1:
        issues.append(Issue(at.at("position"), _("The step order must be 1 or more.")))
    if not step.actor_unit:
        issues.append(Issue(at.at("actor_unit"), _("The unit identifier is missing.")))
    if step.actor_role not in Role.values:
        issues.append(Issue(at.at("role"), _("The role is missing.")))
    if not step.task.strip():
        issues.append(Issue(at.at("task"), _("The task is missing.")))
    if step.kind == StepKind.JOINT and step.joint_mode not in JointMode.values:
        issues.append(
            Issue(at.at("joint_mode"), _("Joint processing must be sequential or parallel."))
        )
    return issues


def _code_message(code: str) -> str:
    return _("%(code)s is not a national procedure code (D.NNNNNN, e.g. 1.001193).") % {
        "code": code
    }
