"""Workbooks of the catalogue in the column layout provinces use (openpyxl).

Three sheets: "Thủ tục" (one row per procedure), "Thành phần hồ sơ" (one row per required
document, by procedure code) and "Quy trình nội bộ" (one row per step of an internal process, by
procedure code and receiving unit). Row 1 holds the Vietnamese headers, row 2 the stable English
keys the import matches columns by, so columns may be moved or added; a sheet without the key
row is matched by its Vietnamese headers. Data starts on the row after. Reading collects every
problem with its sheet, row and column (motcua.catalog.transfer.items.Issue); the database
checks and the writes are motcua.catalog.transfer.importer's. docs/catalog-import.md describes
the layout.

The headers and the words accepted in cells ("Tỉnh", "Có", "giờ làm việc") are the file format,
the same whatever the interface language, so they are constants here rather than translations.
"""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from motcua.accounts.models import Role
from motcua.catalog.content import DocumentContent, TermContent, VersionContent
from motcua.catalog.models import Channel, Field, LimitUnit, OnlineLevel, ProcedureVersion
from motcua.catalog.transfer.cells import (
    ALLOTMENT_UNITS,
    JOINT_MODES,
    KINDS,
    LEVELS,
    LIMIT_UNITS,
    NO,
    ONLINE_LEVELS,
    YES,
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
    CatalogItem,
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

# --- Columns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 18
    required: bool = False  # the sheet must have this column
    values: str = ""  # the accepted words, for the instructions sheet


@dataclass(frozen=True)
class SheetSpec:
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


def _words(labels: dict[Any, str]) -> str:
    return " / ".join(labels.values())


_CHANNEL_WORDS = {
    Channel.COUNTER: "trực tiếp",
    Channel.ONLINE: "trực tuyến",
    Channel.POSTAL: "qua bưu chính",
}


def _channel_columns() -> Iterator[Column]:
    for channel, word in _CHANNEL_WORDS.items():
        yield Column(f"{channel}_limit", f"Thời hạn {word}", 11)
        yield Column(f"{channel}_unit", f"Đơn vị thời hạn {word}", 15, values=_words(LIMIT_UNITS))
        yield Column(f"{channel}_fee", f"Phí, lệ phí {word} (đồng)", 13)
        yield Column(f"{channel}_fee_note", f"Mô tả phí, lệ phí {word}", 24)
        yield Column(f"{channel}_cutoff", f"Giờ chốt trong ngày {word}", 11, values="hh:mm")


PROCEDURES = SheetSpec(
    "Thủ tục",
    (
        Column("code", "Mã TTHC", 11, required=True, values="D.NNNNNN"),
        Column("local_code", "Mã TTHC địa phương", 24),
        Column("name", "Tên thủ tục hành chính", 50),
        Column("field", "Lĩnh vực", 22),
        Column("field_code", "Mã lĩnh vực", 12),
        Column("level", "Cấp thực hiện", 11, values=_words(LEVELS)),
        Column("implementing_agency", "Cơ quan thực hiện", 30),
        Column("authorised_agency", "Cơ quan có thẩm quyền", 30),
        Column("cooperating_agencies", "Cơ quan phối hợp", 30),
        Column("receiving_address", "Địa chỉ tiếp nhận hồ sơ", 30),
        Column("sequence", "Trình tự thực hiện", 40),
        Column("methods", "Cách thức thực hiện", 30),
        Column("subjects", "Đối tượng thực hiện", 20),
        Column("result", "Kết quả thực hiện", 30),
        Column("requirements", "Yêu cầu, điều kiện thực hiện", 30),
        Column("legal_basis", "Căn cứ pháp lý", 40),
        Column("online_level", "Dịch vụ công trực tuyến", 12, values=_words(ONLINE_LEVELS)),
        Column("decision_number", "Số quyết định công bố", 16),
        Column("decision_date", "Ngày ban hành quyết định", 12, values="dd/mm/yyyy"),
        Column("effective_date", "Ngày có hiệu lực", 12, values="dd/mm/yyyy"),
        *_channel_columns(),
    ),
)
DOCUMENTS = SheetSpec(
    "Thành phần hồ sơ",
    (
        Column("code", "Mã TTHC", 11, required=True),
        Column("position", "STT", 6),
        Column("name", "Tên thành phần hồ sơ", 50, required=True),
        Column("originals", "Số bản chính", 9),
        Column("certified_copies", "Số bản sao chứng thực", 11),
        Column("photocopies", "Số bản sao", 9),
        Column("reusable", "Tái sử dụng dữ liệu", 10, values=f"{YES} / {NO}"),
        Column("note", "Ghi chú", 30),
        Column("template", "Tệp mẫu đơn, tờ khai", 24),
    ),
)
STEPS = SheetSpec(
    "Quy trình nội bộ",
    (
        Column("code", "Mã TTHC", 11, required=True),
        Column("receiving_unit", "Mã đơn vị tiếp nhận", 16, required=True),
        Column("decision", "Quyết định phê duyệt quy trình", 20),
        Column("position", "Bước", 6, required=True),
        Column("actor_unit", "Mã đơn vị thực hiện", 16, required=True),
        Column("role", "Vai trò", 18, required=True),
        Column("task", "Nội dung công việc", 40, required=True),
        Column("allotted_value", "Thời gian thực hiện", 10, required=True),
        Column(
            "allotted_unit", "Đơn vị thời gian", 14, required=True, values=_words(ALLOTMENT_UNITS)
        ),
        Column("kind", "Loại bước", 12, values=_words(KINDS)),
        Column("joint_mode", "Hình thức liên thông", 12, values=_words(JOINT_MODES)),
        Column("lead", "Chủ trì", 8, values=f"{YES} / {NO}"),
        Column("note", "Ghi chú quy trình", 24),
    ),
)
SHEETS = (PROCEDURES, DOCUMENTS, STEPS)
INSTRUCTIONS = "Hướng dẫn"


def _max_length(model: Any, name: str) -> int:
    length = model._meta.get_field(name).max_length
    assert isinstance(length, int)  # noqa: S101 -- a CharField's
    return length


# Longer texts are refused on the cell (PostgreSQL would refuse the row; SQLite would keep it).
_MAX_LENGTHS = {
    "local_code": _max_length(ProcedureVersion, "local_code"),
    "name": _max_length(ProcedureVersion, "name"),
    "field": _max_length(Field, "name"),
    "field_code": _max_length(Field, "code"),
    "decision_number": _max_length(ProcedureVersion, "decision_number"),
}


# --- Reading ---------------------------------------------------------------------------------


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
        key: row.get(key, text_up_to(_MAX_LENGTHS[key]) if key in _MAX_LENGTHS else parse_text, "")
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
    terms = [term for channel in _CHANNEL_WORDS if (term := _term(row, channel)) is not None]
    content = VersionContent(
        name=text["name"],
        field_name=text.pop("field"),
        field_code=text.pop("field_code"),
        for_province=for_province,
        for_commune=for_commune,
        online_level=row.get("online_level", choice_parser(ONLINE_LEVELS), OnlineLevel.NONE),
        decision_number=row.get("decision_number", text_up_to(_MAX_LENGTHS["decision_number"]), ""),
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


# --- Writing ---------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_KEY_FONT = Font(italic=True, color="808080", size=9)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("="):  # text, never a formula
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if isinstance(value, time):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "HH:MM"
        return cell
    return value


def _start(workbook: Any, spec: SheetSpec) -> Any:
    sheet = workbook.create_sheet(spec.title)
    for index, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "B3" if spec is PROCEDURES else "A3"
    headers = []
    for column in spec.columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
        headers.append(cell)
    sheet.append(headers)
    keys = []
    for column in spec.columns:
        cell = WriteOnlyCell(sheet, value=column.key)
        cell.font = _KEY_FONT
        keys.append(cell)
    sheet.append(keys)
    return sheet


def _append(sheet: Any, spec: SheetSpec, values: dict[str, Any]) -> None:
    sheet.append([_cell(sheet, values.get(column.key)) for column in spec.columns])


def write_workbook(items: Iterable[CatalogItem], file: str | Path | IO[bytes]) -> None:
    """Write procedures, documents and processes to a workbook the import reads back unchanged."""
    workbook = openpyxl.Workbook(write_only=True)
    procedures = _start(workbook, PROCEDURES)
    documents = _start(workbook, DOCUMENTS)
    steps = _start(workbook, STEPS)
    roles = role_labels()
    for item in items:
        _append(procedures, PROCEDURES, _procedure_values(item))
        for position, document in enumerate(item.content.documents, start=1):
            _append(
                documents,
                DOCUMENTS,
                {
                    "code": item.code,
                    "position": position,
                    "name": document.name,
                    "originals": document.originals,
                    "certified_copies": document.certified_copies,
                    "photocopies": document.photocopies,
                    "reusable": YES if document.reusable else NO,
                    "note": document.note,
                    "template": document.template,
                },
            )
        for process in item.processes:
            for step in process.steps:
                _append(
                    steps,
                    STEPS,
                    {
                        "code": item.code,
                        "receiving_unit": process.receiving_unit,
                        "decision": process.decision,
                        "position": step.position,
                        "actor_unit": step.actor_unit,
                        "role": roles.get(step.actor_role, step.actor_role),
                        "task": step.task,
                        "allotted_value": step.allotted_value,
                        "allotted_unit": ALLOTMENT_UNITS.get(step.allotted_unit),
                        "kind": KINDS.get(step.kind),
                        "joint_mode": JOINT_MODES.get(step.joint_mode),
                        "lead": YES if step.is_lead else NO,
                        "note": process.note,
                    },
                )
    _instructions(workbook)
    workbook.save(file)


def _procedure_values(item: CatalogItem) -> dict[str, Any]:
    content = item.content
    values: dict[str, Any] = {
        "code": item.code,
        "local_code": content.local_code,
        "name": content.name,
        "field": content.field_name,
        "field_code": content.field_code,
        "level": LEVELS.get((content.for_province, content.for_commune), ""),
        "implementing_agency": content.implementing_agency,
        "authorised_agency": content.authorised_agency,
        "cooperating_agencies": content.cooperating_agencies,
        "receiving_address": content.receiving_address,
        "sequence": content.sequence,
        "methods": content.methods,
        "subjects": content.subjects,
        "result": content.result,
        "requirements": content.requirements,
        "legal_basis": content.legal_basis,
        "online_level": ONLINE_LEVELS.get(content.online_level),
        "decision_number": content.decision_number,
        "decision_date": content.decision_date,
        "effective_date": content.decision_effective_date,
    }
    for term in content.terms:
        values[f"{term.channel}_limit"] = term.limit_value
        values[f"{term.channel}_unit"] = LIMIT_UNITS.get(term.limit_unit)
        values[f"{term.channel}_fee"] = term.fee_vnd
        values[f"{term.channel}_fee_note"] = term.fee_note
        values[f"{term.channel}_cutoff"] = term.cutoff
    return values


def _instructions(workbook: Any) -> None:
    """Add a sheet listing every column: header, key, whether required, accepted values."""
    sheet = workbook.create_sheet(INSTRUCTIONS)
    for letter, width in zip("ABCDEF", (18, 7, 36, 22, 10, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    header = []
    for title in ("Trang tính", "Cột", "Tiêu đề (dòng 1)", "Khóa (dòng 2)", "Bắt buộc", "Giá trị"):
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        header.append(cell)
    sheet.append(header)
    for spec in SHEETS:
        for index, column in enumerate(spec.columns, start=1):
            sheet.append(
                [
                    spec.title,
                    get_column_letter(index),
                    column.header,
                    column.key,
                    YES if column.required else "",
                    column.values,
                ]
            )
