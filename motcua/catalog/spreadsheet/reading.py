"""Reading a workbook (or, by extension, a JSON export) into a ParsedCatalog.

Columns are matched by key or header (`_Sheet`), cells read through the parsers of
motcua.catalog.transfer.cells (`_Row`), and every unreadable cell, missing column or unknown
code is recorded as an Issue at its sheet, row and column rather than stopping the read.
"""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from motcua.accounts.models import Role
from motcua.catalog.content import DocumentContent, TermContent, VersionContent
from motcua.catalog.models import LimitUnit, OnlineLevel
from motcua.catalog.spreadsheet.columns import (
    CHANNEL_WORDS,
    DOCUMENTS,
    MAX_LENGTHS,
    PROCEDURES,
    SHEETS,
    STEPS,
    SheetSpec,
)
from motcua.catalog.transfer.cells import (
    ALLOTMENT_UNITS,
    JOINT_MODES,
    KINDS,
    LIMIT_UNITS,
    ONLINE_LEVELS,
    BadCellError,
    choice_parser,
    parse_code,
    parse_date,
    parse_decimal,
    parse_fee,
    parse_integer,
    parse_level,
    parse_text,
    parse_time,
    parse_yes_no,
    role_labels,
    text_up_to,
)
from motcua.catalog.transfer.items import (
    Issue,
    Location,
    ParsedCatalog,
    ParsedProcedure,
    ParsedProcess,
    ProcessContent,
    canonical_steps,
    check_parsed,
    step_issues,
)
from motcua.catalog.transfer.jsonfile import read_json
from motcua.catalog.transfer.processes import StepContent, StepKind
from motcua.core.text import fold


class _Sheet:
    """A sheet's columns, matched by key (row 2) or by Vietnamese header (row 1)."""

    def __init__(self, worksheet: Any, spec: SheetSpec, issues: list[Issue]) -> None:
        self.spec = spec
        self.title = worksheet.title
        self.issues = issues
        # Other tools often write a wrong sheet size, which read-only mode would trust.
        worksheet.reset_dimensions()
        self._rows = worksheet.iter_rows(values_only=True)
        first = list(next(self._rows, ()))
        second = list(next(self._rows, ()))
        keys = {column.key for column in spec.columns}
        by_header = {fold(column.header): column.key for column in spec.columns}
        self.columns: dict[str, int] = {}
        self._pending: list[tuple[Any, ...]] = []
        if any(fold(parse_text(value)) in keys for value in second if value is not None):
            self.start = 3
            for index, value in enumerate(second):
                key = fold(parse_text(value)) if value is not None else ""
                if key in keys:
                    self.columns.setdefault(key, index)
        else:
            self.start = 2
            self._pending = [tuple(second)] if second else []
        for index, value in enumerate(first):
            if value is None:
                continue
            header = fold(parse_text(value))
            match = by_header.get(header, header)
            if match in keys and match not in self.columns and index not in self.columns.values():
                self.columns[match] = index
        self.headers = {index: parse_text(value) for index, value in enumerate(first) if value}
        for column in spec.columns:
            if column.required and column.key not in self.columns:
                message = _("The sheet has no column %(header)s (key %(key)s).") % {
                    "header": column.header,
                    "key": column.key,
                }
                issues.append(Issue(Location(self.title, 1, "", column.header), message))
        self.usable = all(c.key in self.columns for c in spec.columns if c.required)

    def rows(self) -> Iterator[_Row]:
        number = self.start - 1
        for values in itertools.chain(self._pending, self._rows):
            number += 1
            if any(value is not None and parse_text(value) for value in values):
                yield _Row(self, number, values)


class _Row:
    """One data row: typed reads by column key, unreadable cells recorded as Issues."""

    def __init__(self, sheet: _Sheet, number: int, values: tuple[Any, ...]) -> None:
        self.sheet = sheet
        self.number = number
        self.values = values

    def at(self, key: str) -> Location:
        index = self.sheet.columns.get(key)
        header = self.sheet.spec.column(key).header
        if index is None:
            return Location(self.sheet.title, self.number, "", header)
        return Location(
            self.sheet.title,
            self.number,
            get_column_letter(index + 1),
            self.sheet.headers.get(index, header),
        )

    def raw(self, key: str) -> Any:
        index = self.sheet.columns.get(key)
        if index is None or index >= len(self.values):
            return None
        value = self.values[index]
        return None if isinstance(value, str) and not value.strip() else value

    def get(self, key: str, parse: Callable[[Any], Any], default: Any = None) -> Any:
        value = self.raw(key)
        if value is None:
            return default
        try:
            return parse(value)
        except BadCellError as bad:
            self.fail(key, bad.message)
            return default

    def need(self, key: str, parse: Callable[[Any], Any], default: Any = None) -> Any:
        """Read a cell that must not be empty."""
        if self.raw(key) is None:
            self.fail(key, _("The value is missing."))
            return default
        return self.get(key, parse, default)

    def fail(self, key: str, message: str) -> None:
        self.sheet.issues.append(Issue(self.at(key), message))


def read_file(file: str | Path | IO[bytes], name: str = "") -> ParsedCatalog:
    """Read a workbook (.xlsx) or a JSON export (.json), by the name's extension."""
    name = name or str(file)
    if name.lower().endswith(".json"):
        if isinstance(file, str | Path):
            return read_json(Path(file).read_bytes())
        return read_json(file.read())
    return read_workbook(file, name)


def read_workbook(file: str | Path | IO[bytes], name: str = "") -> ParsedCatalog:
    """Read the three sheets into a ParsedCatalog, every problem with its cell."""
    parsed = ParsedCatalog()
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        where = Location(Path(name or str(file)).name)
        parsed.issues.append(Issue(where, _("The file is not an Excel workbook (.xlsx).")))
        return parsed
    try:
        sheets = {fold(sheet.title): sheet for sheet in workbook.worksheets}
        found = {}
        for spec in SHEETS:
            worksheet = sheets.get(fold(spec.title))
            if worksheet is None:
                if spec is not STEPS:  # a workbook without processes is fine
                    message = _("The workbook has no sheet %(sheet)s.") % {"sheet": spec.title}
                    parsed.issues.append(Issue(Location(spec.title), message))
                continue
            found[spec.title] = _Sheet(worksheet, spec, parsed.issues)
        procedures = found.get(PROCEDURES.title)
        if procedures is None or not procedures.usable:
            return parsed
        by_code: dict[str, ParsedProcedure] = {}
        for row in procedures.rows():
            procedure = _procedure(row)
            if procedure is not None:
                parsed.procedures.append(procedure)
                by_code.setdefault(procedure.code, procedure)
        documents = found.get(DOCUMENTS.title)
        if documents is not None and documents.usable:
            _documents(documents, by_code)
        steps = found.get(STEPS.title)
        if steps is not None and steps.usable:
            _steps(steps, by_code)
    finally:
        workbook.close()
    check_parsed(parsed)
    return parsed


def _procedure(row: _Row) -> ParsedProcedure | None:
    code = row.need("code", parse_code, "")
    if not code:
        return None
    for_province, for_commune = row.get("level", parse_level, (False, False))
    text = {
        key: row.get(key, text_up_to(MAX_LENGTHS[key]) if key in MAX_LENGTHS else parse_text, "")
        for key in (
            "local_code",
            "name",
            "field",
            "field_code",
            "implementing_agency",
            "authorised_agency",
            "cooperating_agencies",
            "receiving_address",
            "sequence",
            "methods",
            "subjects",
            "result",
            "requirements",
            "legal_basis",
        )
    }
    terms = [term for channel in CHANNEL_WORDS if (term := _term(row, channel)) is not None]
    content = VersionContent(
        name=text["name"],
        field_name=text.pop("field"),
        field_code=text.pop("field_code"),
        for_province=for_province,
        for_commune=for_commune,
        online_level=row.get("online_level", choice_parser(ONLINE_LEVELS), OnlineLevel.NONE),
        decision_number=row.get("decision_number", text_up_to(MAX_LENGTHS["decision_number"]), ""),
        decision_date=row.get("decision_date", parse_date),
        decision_effective_date=row.get("effective_date", parse_date),
        terms=tuple(terms),
        **{key: value for key, value in text.items() if key != "name"},
    )
    return ParsedProcedure(code=code, content=content, at=row)


_LIMIT_UNIT = choice_parser(LIMIT_UNITS, ("ngày lịch", LimitUnit.CALENDAR_DAYS))


def _term(row: _Row, channel: str) -> TermContent | None:
    keys = {part: f"{channel}_{part}" for part in ("limit", "unit", "fee", "fee_note", "cutoff")}
    if all(row.raw(keys[part]) is None for part in ("limit", "unit", "fee", "fee_note")):
        return None
    unit = row.need(keys["unit"], _LIMIT_UNIT)
    if unit == LimitUnit.SAME_DAY and row.raw(keys["limit"]) is None:
        limit = Decimal(0)
    else:
        limit = row.need(keys["limit"], parse_decimal)
    if unit is None or limit is None:
        return None
    return TermContent(
        channel=str(channel),
        limit_value=limit,
        limit_unit=unit,
        cutoff=row.get(keys["cutoff"], parse_time, time(15, 0)),
        fee_vnd=row.get(keys["fee"], parse_fee, 0),
        fee_note=row.get(keys["fee_note"], parse_text, ""),
    )


def _unknown_code(row: _Row, code: str) -> None:
    row.fail(
        "code",
        _("No procedure has the code %(code)s in the sheet %(sheet)s.")
        % {"code": code, "sheet": PROCEDURES.title},
    )


def _documents(sheet: _Sheet, by_code: dict[str, ParsedProcedure]) -> None:
    listed: dict[str, list[tuple[float, int, DocumentContent]]] = {}
    positions: dict[tuple[str, int], int] = {}
    for row in sheet.rows():
        code = row.need("code", parse_code, "")
        name = row.need("name", parse_text, "")
        position = row.get("position", parse_integer)
        if position is not None:
            earlier = positions.setdefault((code, position), row.number)
            if earlier != row.number:
                row.fail(
                    "position",
                    _("Order %(position)s is already used in row %(row)s.")
                    % {"position": position, "row": earlier},
                )
        document = DocumentContent(
            name=name,
            originals=row.get("originals", parse_integer, 0),
            certified_copies=row.get("certified_copies", parse_integer, 0),
            photocopies=row.get("photocopies", parse_integer, 0),
            reusable=row.get("reusable", parse_yes_no, False),
            note=row.get("note", parse_text, ""),
            template=row.get("template", parse_text, ""),
        )
        if code and code not in by_code:
            _unknown_code(row, code)
        elif code and name:
            order = float(position) if position is not None else float("inf")
            listed.setdefault(code, []).append((order, row.number, document))
    keep_templates = "template" not in sheet.columns
    for code, procedure in by_code.items():
        documents = tuple(document for *_order, document in sorted(listed.get(code, [])))
        procedure.content = replace(procedure.content, documents=documents)
        procedure.keep_templates = keep_templates


_ROLE_SYNONYMS: tuple[tuple[str, str], ...] = tuple(
    (str(label), str(code)) for code, label in Role.choices
)


def _steps(sheet: _Sheet, by_code: dict[str, ParsedProcedure]) -> None:
    role = choice_parser(role_labels(), *_ROLE_SYNONYMS)
    groups: dict[tuple[str, str], list[tuple[StepContent, _Row]]] = {}
    for row in sheet.rows():
        code = row.need("code", parse_code, "")
        receiving_unit = row.need("receiving_unit", parse_text, "")
        step = StepContent(
            position=row.need("position", parse_integer, 0),
            actor_unit=row.need("actor_unit", parse_text, ""),
            actor_role=row.need("role", role, ""),
            task=row.need("task", parse_text, ""),
            allotted_value=row.need("allotted_value", parse_decimal, Decimal(0)),
            allotted_unit=row.need("allotted_unit", choice_parser(ALLOTMENT_UNITS), ""),
            kind=row.get("kind", choice_parser(KINDS), StepKind.STANDARD),
            joint_mode=row.get("joint_mode", choice_parser(JOINT_MODES), ""),
            is_lead=row.get("lead", parse_yes_no, False),
        )
        reported = {issue.location for issue in sheet.issues}
        sheet.issues.extend(
            issue for issue in step_issues(step, row) if issue.location not in reported
        )
        if code and code not in by_code:
            _unknown_code(row, code)
        elif code and receiving_unit:
            groups.setdefault((code, receiving_unit), []).append((step, row))
    for (code, receiving_unit), members in groups.items():
        decision = _same(members, "decision")
        note = _same(members, "note")
        order = canonical_steps(step for step, _row in members)
        content = ProcessContent(
            receiving_unit=receiving_unit,
            steps=tuple(members[i][0] for i in order),
            decision=decision,
            note=note,
        )
        rows = [members[i][1] for i in order]
        process = ParsedProcess(content=content, at=members[0][1], step_at=list(rows))
        by_code[code].processes.append(process)


def _same(members: list[tuple[StepContent, _Row]], key: str) -> str:
    """Return the process-wide value of a column; the rows must not disagree."""
    value, first = "", 0
    for _step, row in members:
        text = row.get(key, parse_text, "")
        if text and not value:
            value, first = text, row.number
        elif text and text != value:
            row.fail(
                key,
                _("Row %(row)s of this process says %(value)s; each row must say the same.")
                % {"row": first, "value": value},
            )
    return value
