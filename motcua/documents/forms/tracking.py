"""Forms 06 (control slip, A5) and 07 (register, A4 landscape): tables that run over pages."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph

from .data import ControlSlipForm, HandOver, RegisterForm, RegisterRow
from .layout import (
    A4_LANDSCAPE,
    A5_PORTRAIT,
    Page,
    clean,
    esc,
    grid_table,
    header_block,
    labelled,
    para,
    short_moment,
    styles_for,
    title,
    value,
)

CONTROL_SLIP_TITLE = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
REGISTER_TITLE = "Sổ theo dõi hồ sơ"

CONTROL_SLIP_HEAD = [
    "TT",
    "Tên cơ quan",
    "Thời gian giao, nhận hồ sơ",
    "Kết quả (trước hạn, đúng hạn, quá hạn)",
    "Ghi chú",
]
CONTROL_SLIP_WIDTHS = [0.06, 0.28, 0.38, 0.14, 0.14]

REGISTER_HEAD = [
    "STT",
    "Mã hồ sơ",
    "Tên tổ chức, cá nhân",
    "Tên thủ tục hành chính",
    "Ngày, giờ nhận hồ sơ",
    "Ngày, giờ hẹn trả kết quả",
    "Ngày, giờ trả kết quả",
    "Ký nhận",
    "Kết quả, ghi chú",
]
# Fractions of 270 mm: STT 12, code 46, applicant 40, procedure 62, three times 22, signature
# 18, notes 26. The code column fits a full dossier code on one line at 9 pt.
REGISTER_WIDTHS = [12 / 270, 46 / 270, 40 / 270, 62 / 270, 22 / 270, 22 / 270, 22 / 270]
REGISTER_WIDTHS += [18 / 270, 26 / 270]


def _hand_over_row(index: int, hand_over: HandOver, page: Page) -> list[Any]:
    cell = styles_for(page).cell
    received = short_moment(hand_over.received_at)
    units = f"1. Giao: {value(hand_over.from_unit)}<br/>2. Nhận: {value(hand_over.to_unit)}"
    times = (
        f"Giao: {esc(short_moment(hand_over.given_at))}<br/>"
        f"Nhận: {esc(received) or '....................'}<br/>"
        f"Người giao: {value(hand_over.from_person)}<br/>"
        f"Người nhận: {value(hand_over.to_person)}"
    )
    return [
        Paragraph(str(index), styles_for(page).cell_centre),
        Paragraph(units, cell),
        Paragraph(times, cell),
        hand_over.result,
        hand_over.note,
    ]


def build_control_slip(form: ControlSlipForm) -> tuple[Page, str, list[Any]]:
    """Return the page format, title and flowables of form 06: one row per hand-over."""
    page = A5_PORTRAIT
    style = styles_for(page)
    coordinating = ", ".join(clean(unit) for unit in form.coordinating_units if clean(unit))
    rows = [
        _hand_over_row(index, hand_over, page)
        for index, hand_over in enumerate(form.hand_overs, start=1)
    ]
    story: list[Any] = [
        header_block(form.header, page),
        title(CONTROL_SLIP_TITLE, page),
        para(f"Mã hồ sơ: <b>{value(form.dossier_code)}</b>", style.centre),
        para("<i>(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)</i>", style.centre),
        labelled("Hồ sơ của", form.applicant_name, style.body, bold=True),
        labelled("Thủ tục", form.procedure_name, style.body),
        labelled("Cơ quan (bộ phận) giải quyết hồ sơ", form.handling_unit, style.body),
        labelled("Cơ quan phối hợp giải quyết hồ sơ", coordinating or "Không", style.body),
        grid_table(CONTROL_SLIP_HEAD, rows, CONTROL_SLIP_WIDTHS, page),
    ]
    return page, CONTROL_SLIP_TITLE, story


def _register_row(row: RegisterRow) -> list[Any]:
    return [
        f"{row.number:02d}",
        row.dossier_code,
        row.applicant_name,
        row.procedure_name,
        short_moment(row.received_at, separator="\n"),
        short_moment(row.due_at, separator="\n"),
        short_moment(row.returned_at, separator="\n"),
        "",
        row.notes,
    ]


def build_register(form: RegisterForm) -> tuple[Page, str, list[Any]]:
    """Return the page format, title and flowables of form 07 (A4 landscape)."""
    page = A4_LANDSCAPE
    style = styles_for(page)
    period = f"Từ ngày {form.period_start:%d/%m/%Y} đến ngày {form.period_end:%d/%m/%Y}"
    story: list[Any] = [
        header_block(form.header, page),
        title(REGISTER_TITLE, page),
        para(f"<i>{period}</i>", style.centre),
        grid_table(
            REGISTER_HEAD,
            [_register_row(row) for row in form.rows],
            REGISTER_WIDTHS,
            page,
            centred=(0, 4, 5, 6),
        ),
    ]
    return page, REGISTER_TITLE, story
