"""Workbook layout and cell reading: round trip, Vietnamese values, located errors (no database)."""

import io
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from motcua.catalog.spreadsheet import (
    DOCUMENTS,
    INSTRUCTIONS,
    PROCEDURES,
    STEPS,
    read_file,
    read_workbook,
    write_workbook,
)
from motcua.catalog.transfer import cells
from motcua.catalog.transfer.example import example_items
from motcua.catalog.transfer.items import CatalogItem

D = Decimal
TEMPLATE = Path(__file__).resolve().parents[3] / "docs" / "catalog-template.xlsx"


def workbook(items=None, edits=(), delete_rows=()):
    """Write items (default: the example) and apply (sheet, cell, value) edits; return bytes."""
    buffer = io.BytesIO()
    write_workbook(example_items() if items is None else items, buffer)
    if edits or delete_rows:
        book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
        for sheet, cell, value in edits:
            book[sheet][cell] = value
        for sheet, row in delete_rows:
            book[sheet].delete_rows(row)
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()


def read(data):
    return read_workbook(io.BytesIO(data))


def located(parsed):
    return [str(issue) for issue in parsed.issues]


def test_write_then_read_gives_the_same_content():
    parsed = read(workbook())
    assert parsed.issues == []
    [example] = example_items()
    [procedure] = parsed.procedures
    assert procedure.code == example.code
    assert procedure.content == example.content
    assert [process.content for process in procedure.processes] == list(example.processes)
    assert not procedure.keep_templates


def test_layout_vietnamese_headers_then_keys():
    book = openpyxl.load_workbook(io.BytesIO(workbook()), read_only=True)
    assert book.sheetnames == [PROCEDURES.title, DOCUMENTS.title, STEPS.title, INSTRUCTIONS]
    rows = list(book[PROCEDURES.title].iter_rows(max_row=3, values_only=True))
    assert rows[0][:6] == ("Mã TTHC", "Mã TTHC địa phương", "Tên thủ tục hành chính", "Lĩnh vực",
                           "Mã lĩnh vực", "Cấp thực hiện")  # fmt: skip
    assert rows[1][:6] == ("code", "local_code", "name", "field", "field_code", "level")
    assert rows[2][0] == "1.000894" and rows[2][5] == "Xã"
    steps = next(book[STEPS.title].iter_rows(min_row=3, max_row=3, values_only=True))
    assert steps[5] == "Cán bộ một cửa"  # the role's Vietnamese label
    assert steps[8] == "giờ làm việc"


def test_a_sheet_without_the_key_row_is_matched_by_its_headers():
    data = workbook(delete_rows=[(PROCEDURES.title, 2), (DOCUMENTS.title, 2), (STEPS.title, 2)])
    parsed = read(data)
    assert parsed.issues == []
    assert parsed.procedures[0].content == example_items()[0].content
    assert parsed.procedures[0].at.at("level").row == 2


def test_vietnamese_numbers_dates_and_words():
    data = workbook(
        edits=[
            (PROCEDURES.title, "S3", "20/06/2025"),  # a date typed as text
            (PROCEDURES.title, "T3", datetime(2025, 7, 1)),  # noqa: DTZ001 -- an Excel date is naive
            (PROCEDURES.title, "U3", "2,5"),  # decimal comma
            (PROCEDURES.title, "V3", "Ngày làm việc"),  # capitalised
            (PROCEDURES.title, "W3", "50.000 đồng"),
            (PROCEDURES.title, "Y3", "16h30"),
            (PROCEDURES.title, "F3", "Cấp tỉnh, cấp xã"),
            (PROCEDURES.title, "Q3", "một phần"),
            (STEPS.title, "H3", "0,25"),
            (STEPS.title, "F3", "one_stop_officer"),  # the code is accepted too
            (DOCUMENTS.title, "G4", "x"),
        ]
    )
    parsed = read(data)
    assert parsed.issues == []
    content = parsed.procedures[0].content
    assert content.decision_date == date(2025, 6, 20)
    assert content.decision_effective_date == date(2025, 7, 1)
    assert content.terms[0].limit_value == D("2.5")
    assert content.terms[0].fee_vnd == 50000
    assert content.terms[0].cutoff == time(16, 30)
    assert (content.for_province, content.for_commune) == (True, True)
    assert content.online_level == "partial"
    assert content.documents[1].reusable is True
    step = parsed.procedures[0].processes[0].content.steps[0]
    assert step.allotted_value == D("0.25") and step.actor_role == "one_stop_officer"


@pytest.mark.parametrize(
    ("parse", "value", "expected"),
    [
        (cells.parse_decimal, "0,25", D("0.25")),
        (cells.parse_decimal, "1.000,5", D("1000.5")),
        (cells.parse_decimal, 0.25, D("0.25")),
        (cells.parse_fee, "Miễn phí", 0),
        (cells.parse_fee, "1.200.000", 1200000),
        (cells.parse_fee, 70000.0, 70000),
        (cells.parse_date, "1-7-2025", date(2025, 7, 1)),
        (cells.parse_date, "2025-07-01", date(2025, 7, 1)),
        (cells.parse_date, 45839, date(2025, 7, 1)),  # an Excel serial number
        (cells.parse_time, 0.6875, time(16, 30)),
        (cells.parse_code, 1.00119, "1.001190"),  # a code Excel turned into a number
        (cells.parse_level, "Xã", (False, True)),
        (cells.parse_level, "Tỉnh; Xã", (True, True)),
        (cells.parse_yes_no, "Không", False),
    ],
)
def test_cell_values(parse, value, expected):
    assert parse(value) == expected


@pytest.mark.parametrize(
    ("parse", "value", "message"),
    [
        (cells.parse_decimal, "ba", "ba is not a number."),
        (cells.parse_decimal, "-1", "The value cannot be negative."),
        (cells.parse_integer, "1,5", "1,5 is not a whole number."),
        (cells.parse_date, "31/02/2025", "31/02/2025 is not a date (dd/mm/yyyy)."),
        (cells.parse_fee, "tùy trường hợp", "tùy trường hợp is not an amount in đồng."),
        (cells.parse_time, "25:00", "25:00 is not a time of day (hh:mm)."),
        (cells.parse_level, "Huyện", "Huyện is not one of: Tỉnh; Xã; Tỉnh, Xã."),
        (cells.parse_yes_no, "có lẽ", "có lẽ is not one of: Có, Không."),
    ],
)
def test_unreadable_cell_values(parse, value, message):
    with pytest.raises(cells.BadCellError) as error:
        parse(value)
    assert error.value.message == message


def test_a_bad_level_is_reported_at_its_cell_only():
    parsed = read(workbook(edits=[(PROCEDURES.title, "F3", "Huyện")]))
    assert located(parsed) == [
        "Thủ tục!F3 (Cấp thực hiện): Huyện is not one of: Tỉnh; Xã; Tỉnh, Xã."
    ]


def test_missing_mandatory_fields_name_their_columns():
    data = workbook(
        edits=[
            (PROCEDURES.title, "C3", None),
            (PROCEDURES.title, "P3", " "),
            (DOCUMENTS.title, "A3", None),
        ]
    )
    assert located(read(data)) == [
        "Thành phần hồ sơ!A3 (Mã TTHC): The value is missing.",
        "Thủ tục!C3 (Tên thủ tục hành chính): Name is mandatory and missing.",
        "Thủ tục!P3 (Căn cứ pháp lý): Legal basis is mandatory and missing.",
    ]


def test_a_procedure_without_documents_or_time_limits():
    [example] = example_items()
    bare = replace(example.content, documents=(), terms=())
    assert located(read(workbook([CatalogItem("1.000894", bare)]))) == [
        "Thủ tục!A3 (Mã TTHC): Procedure 1.000894 has no required documents.",
        "Thủ tục!U3 (Thời hạn trực tiếp): No time limit is given for any channel.",
    ]


def test_codes_duplicates_and_references():
    [example] = example_items()
    items = [example, replace(example, code="1.00089"), replace(example, processes=())]
    data = workbook(items, edits=[(DOCUMENTS.title, "A4", "2.000001"), (STEPS.title, "A7", "3.1")])
    assert located(read(data)) == [
        "Thành phần hồ sơ!A4 (Mã TTHC): No procedure has the code 2.000001 in the sheet Thủ tục.",
        # The duplicated procedure's documents repeat the first one's order numbers.
        "Thành phần hồ sơ!B7 (STT): Order 1 is already used in row 3.",
        "Quy trình nội bộ!A7 (Mã TTHC): No procedure has the code 3.1 in the sheet Thủ tục.",
        "Thủ tục!A4 (Mã TTHC): 1.00089 is not a national procedure code (D.NNNNNN, e.g. 1.001193).",
        "Thủ tục!A5 (Mã TTHC): Code 1.000894 appears twice; it is also at Thủ tục!A3 (Mã TTHC).",
    ]


def test_step_errors_are_located():
    data = workbook(
        edits=[
            (STEPS.title, "F4", "Giám đốc"),
            (STEPS.title, "I5", "phút"),
            (STEPS.title, "G6", None),
            (STEPS.title, "J7", "Liên thông"),
            (STEPS.title, "C7", "99/QĐ-UBND"),
        ]
    )
    roles = ", ".join(cells.role_labels().values())
    assert located(read(data)) == [
        f"Quy trình nội bộ!F4 (Vai trò): Giám đốc is not one of: {roles}.",
        "Quy trình nội bộ!I5 (Đơn vị thời gian): phút is not one of: giờ làm việc, ngày làm việc.",
        "Quy trình nội bộ!G6 (Nội dung công việc): The value is missing.",
        "Quy trình nội bộ!K7 (Hình thức liên thông): Joint processing must be sequential or "
        "parallel.",
        "Quy trình nội bộ!C7 (Quyết định phê duyệt quy trình): Row 3 of this process says "
        "2682/QĐ-UBND; each row must say the same.",
    ]


def test_field_codes_must_agree_within_the_file():
    [example] = example_items()
    items = [
        replace(example, content=replace(example.content, field_code="G03-TP01")),
        replace(example, code="1.000895", content=replace(example.content, field_code="G03-TP02")),
    ]
    assert located(read(workbook(items))) == [
        "Thủ tục!E4 (Mã lĩnh vực): Field Hộ tịch has code G03-TP01 at Thủ tục!E3 (Mã lĩnh vực)."
    ]


def test_text_that_looks_like_a_formula_stays_text():
    [example] = example_items()
    odd = replace(example.content, requirements="=SUM(A1:A2) is not a formula\x07")
    parsed = read(workbook([CatalogItem(example.code, odd)]))
    assert parsed.procedures[0].content.requirements == "=SUM(A1:A2) is not a formula"


def test_a_missing_sheet_or_column_and_not_a_workbook():
    book = openpyxl.load_workbook(io.BytesIO(workbook()))
    del book[DOCUMENTS.title]
    book[STEPS.title]["E1"] = "Đơn vị"
    book[STEPS.title]["E2"] = "actor"
    buffer = io.BytesIO()
    book.save(buffer)
    issues = located(read(buffer.getvalue()))
    assert issues[:2] == [
        "Thành phần hồ sơ: The workbook has no sheet Thành phần hồ sơ.",
        "Quy trình nội bộ!1 (Mã đơn vị thực hiện): The sheet has no column Mã đơn vị thực hiện "
        "(key actor_unit).",
    ]
    assert located(read_file(io.BytesIO(b"not a zip"), "catalogue.xlsx")) == [
        "catalogue.xlsx: The file is not an Excel workbook (.xlsx)."
    ]


def test_the_committed_template_is_current():
    parsed = read_workbook(TEMPLATE)
    assert parsed.issues == []
    [procedure] = parsed.procedures
    assert procedure.content == example_items()[0].content
    assert [p.content for p in procedure.processes] == list(example_items()[0].processes)
