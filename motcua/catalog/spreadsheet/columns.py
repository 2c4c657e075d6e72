"""The workbook's sheets and their columns: headers, keys, widths and accepted words.

Each sheet is a `SheetSpec` of `Column`s (row 1 the Vietnamese header, row 2 the stable key);
`SHEETS` lists them in workbook order, `INSTRUCTIONS` names the sheet that describes them, and
`MAX_LENGTHS` holds the text limits reading enforces on the cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from motcua.catalog.models import Channel, Field, ProcedureVersion
from motcua.catalog.transfer.cells import (
    ALLOTMENT_UNITS,
    JOINT_MODES,
    KINDS,
    LEVELS,
    LIMIT_UNITS,
    NO,
    ONLINE_LEVELS,
    YES,
)


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


CHANNEL_WORDS = {
    Channel.COUNTER: "trực tiếp",
    Channel.ONLINE: "trực tuyến",
    Channel.POSTAL: "qua bưu chính",
}


def _channel_columns() -> Iterator[Column]:
    for channel, word in CHANNEL_WORDS.items():
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
MAX_LENGTHS = {
    "local_code": _max_length(ProcedureVersion, "local_code"),
    "name": _max_length(ProcedureVersion, "name"),
    "field": _max_length(Field, "name"),
    "field_code": _max_length(Field, "code"),
    "decision_number": _max_length(ProcedureVersion, "decision_number"),
}
