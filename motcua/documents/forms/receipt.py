"""Form 01, *Giấy tiếp nhận hồ sơ và hẹn trả kết quả*, with the QR code of the dossier."""

from __future__ import annotations

import io
from typing import Any

import segno
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Image, Paragraph, Spacer, Table, TableStyle

from .data import ReceiptForm, ReceivedDocument
from .layout import (
    A5_PORTRAIT,
    NO_PADDING,
    REGULAR,
    Page,
    clean,
    esc,
    grid_table,
    header_block,
    labelled,
    moment_words,
    para,
    signature,
    signatures,
    styles_for,
    title,
    value,
)

TITLE = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
QR_SIZE = 24 * mm
# Pixels per QR module in the embedded PNG: 8 px on 0.585 mm modules is about 350 dpi, sharp
# on a 300 dpi office printer; tests read the matrix back at this scale.
QR_SCALE = 8
QR_BORDER = 2


def qr_png(url: str) -> bytes:
    """Return the PNG of the QR code of `url` (error correction M, as the TOTP QR uses)."""
    buffer = io.BytesIO()
    segno.make(clean(url), error="m").save(buffer, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return buffer.getvalue()


def _count(number: int) -> str:
    return f"{number:02d}" if number else ""


def _document_rows(documents: tuple[ReceivedDocument, ...]) -> list[list[Any]]:
    return [
        [
            str(index),
            doc.name,
            _count(doc.originals),
            _count(doc.certified_copies),
            _count(doc.photocopies),
        ]
        for index, doc in enumerate(documents, start=1)
    ]


def _qr_block(form: ReceiptForm, page: Page, width: float) -> list[Any]:
    small = styles_for(page).small
    # The code under the QR stays on one line: the font shrinks to fit a long unit identifier.
    size = min(small.fontSize, width / stringWidth(clean(form.dossier_code) or "0", REGULAR, 1))
    code_style = ParagraphStyle(
        "qr_code", small, alignment=TA_CENTER, fontSize=size, leading=size * 1.2
    )
    return [
        Image(io.BytesIO(qr_png(form.lookup_url)), width=QR_SIZE, height=QR_SIZE),
        Paragraph(esc(form.dossier_code), code_style),
    ]


def build(form: ReceiptForm) -> tuple[Page, str, list[Any]]:
    """Return the page format, title and flowables of form 01."""
    page = A5_PORTRAIT
    style = styles_for(page)
    body = style.body
    applicant = form.applicant
    intro = [
        labelled("Mã hồ sơ", form.dossier_code, body, bold=True),
        para(
            f"{value(form.header.unit_name)} tiếp nhận hồ sơ của: <b>{value(applicant.name)}</b>",
            body,
        ),
        labelled("Địa chỉ", applicant.address, body),
        labelled("Số điện thoại", applicant.phone, body),
        labelled("Email", applicant.email, body),
    ]
    qr_width = QR_SIZE + 10 * mm
    top = Table(
        [[intro, _qr_block(form, page, qr_width)]],
        colWidths=[page.width - qr_width - 2 * mm, qr_width + 2 * mm],
    )
    top.setStyle(TableStyle([*NO_PADDING, ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    book = f"Quyển số: {value(form.register_book)}, " if clean(form.register_book) else ""
    story: list[Any] = [
        header_block(form.header, page),
        title(TITLE, page),
        top,
        labelled("Nội dung yêu cầu giải quyết", form.procedure_name, body, bold=True),
        para("1. Thành phần hồ sơ nộp gồm:", body),
        grid_table(
            ["TT", "Tên giấy tờ", "Bản chính", "Bản sao chứng thực", "Bản chụp"],
            _document_rows(form.documents),
            [0.07, 0.51, 0.14, 0.14, 0.14],
            page,
            centred=(0, 2, 3, 4),
        ),
        para(f"2. Số lượng hồ sơ: {form.sets_count:02d} (bộ).", body),
        para(
            f"3. Thời gian giải quyết hồ sơ theo quy định: {value(form.time_limit_text)}.",
            body,
        ),
        para(f"4. Thời gian nhận hồ sơ: {moment_words(form.received_at)}.", body),
        para(
            f"5. Thời gian trả kết quả giải quyết hồ sơ: <b>{moment_words(form.due_at)}</b>.",
            body,
        ),
        labelled("6. Nơi trả kết quả", form.return_place, body),
        para(
            f"Vào Sổ theo dõi hồ sơ, {book}Số thứ tự: {value(form.register_number)}.",
            body,
        ),
        signatures(
            [
                signature("Người nộp hồ sơ", applicant.name, page),
                signature("Người tiếp nhận hồ sơ", form.officer_name, page),
            ],
            page,
        ),
        Spacer(1, 1.5 * mm),
        para(
            f"<i>Tra cứu hồ sơ: quét mã QR hoặc truy cập {esc(form.lookup_url)}</i>",
            style.small,
        ),
    ]
    return page, TITLE, story
