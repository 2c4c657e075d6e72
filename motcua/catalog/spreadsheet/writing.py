"""Writing the catalogue to a workbook the import reads back unchanged (write-only openpyxl).

One row per procedure, per required document and per process step, in the columns of
motcua.catalog.spreadsheet.columns under a styled header row and key row, then an instructions
sheet listing every column. Text is never written as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from motcua.catalog.spreadsheet.columns import (
    DOCUMENTS,
    INSTRUCTIONS,
    PROCEDURES,
    SHEETS,
    STEPS,
    SheetSpec,
)
from motcua.catalog.transfer.cells import (
    ALLOTMENT_UNITS,
    JOINT_MODES,
    KINDS,
    LEVELS,
    LIMIT_UNITS,
    NO,
    ONLINE_LEVELS,
    YES,
    role_labels,
)
from motcua.catalog.transfer.items import CatalogItem

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
