"""The PDF of an electronic result before it is signed: the notice of the result of a dossier
(*thông báo kết quả giải quyết*), with its code `<dossier code>-KQ<n>`, a QR code to the public
verification page and an empty box where the agency's visible signature goes (signing.pades).

A4 portrait, the bundled Liberation Serif, the header of the forms (forms.layout).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Image, SimpleDocTemplate, Spacer, Table, TableStyle

from motcua.documents.forms.data import Header
from motcua.documents.forms.layout import (
    BOLD,
    NO_PADDING,
    REGULAR,
    Page,
    clean,
    esc,
    header_block,
    labelled,
    moment_words,
    para,
    register_fonts,
    styles_for,
    title,
)
from motcua.documents.forms.receipt import qr_png
from motcua.documents.signing.pades import Placement

A4_PORTRAIT = Page(A4, 25 * mm, 18 * mm, 18 * mm, 18 * mm, 12, 11, 0.45)
QR_SIZE = 28 * mm
# The visible signature block: bottom right of the first page, 85 x 26 mm, above the margin.
SIGNATURE_BOX = (
    int(A4[0] - A4_PORTRAIT.right - 85 * mm),
    int(A4_PORTRAIT.bottom + 8 * mm),
    int(A4[0] - A4_PORTRAIT.right),
    int(A4_PORTRAIT.bottom + 34 * mm),
)
PLACEMENT = Placement(page=0, box=SIGNATURE_BOX)


@dataclass(frozen=True)
class ResultDocument:
    """What the result PDF prints."""

    header: Header
    result_code: str
    dossier_code: str
    procedure: str
    applicant_name: str
    applicant_id: str
    received_at: datetime | None
    issued_at: datetime
    body: str  # the decision or conclusion, one paragraph per line
    verify_url: str
    signer_role: str = "Thủ trưởng cơ quan"


def render_result(document: ResultDocument) -> bytes:
    """Return the unsigned PDF of the result (reproducible for the same input)."""
    register_fonts()
    page = A4_PORTRAIT
    style = styles_for(page)
    story: list[Any] = [header_block(document.header, page), Spacer(1, 6 * mm)]
    story.append(title("Thông báo kết quả giải quyết thủ tục hành chính", page))
    story.append(para(f"<b>Mã kết quả: {esc(document.result_code)}</b>", style.centre))
    story.append(Spacer(1, 4 * mm))
    facts: list[Any] = [
        labelled("Mã hồ sơ", document.dossier_code, style.body, bold=True),
        labelled("Thủ tục", document.procedure, style.body),
        labelled("Người nộp hồ sơ", document.applicant_name, style.body),
    ]
    if document.applicant_id:
        facts.append(labelled("Số định danh", document.applicant_id, style.body))
    if document.received_at is not None:
        facts.append(labelled("Tiếp nhận lúc", moment_words(document.received_at), style.body))
    facts.append(labelled("Ngày cấp kết quả", moment_words(document.issued_at), style.body))
    qr = [
        Image(io.BytesIO(qr_png(document.verify_url)), width=QR_SIZE, height=QR_SIZE),
        para("Quét mã để xác thực", style.small),
    ]
    table = Table([[facts, qr]], colWidths=[page.width - QR_SIZE - 6 * mm, QR_SIZE + 6 * mm])
    table.setStyle(TableStyle([*NO_PADDING, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    story.append(Spacer(1, 5 * mm))
    for line in clean(document.body).splitlines():
        if line.strip():
            story.append(para(esc(line), style.text))
    story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            "<i>Văn bản điện tử này được ký số bởi cơ quan giải quyết theo Nghị định "
            "45/2020/NĐ-CP, có giá trị pháp lý như bản giấy. Xác thực tại: "
            f"{esc(document.verify_url)}</i>",
            style.small,
        )
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page.size,
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top,
        # Keep the signature box free: the text of the first page ends above it.
        bottomMargin=SIGNATURE_BOX[3] + 12 * mm,
        title=f"Kết quả {document.result_code}",
        author=clean(document.header.unit_name),
        subject=document.result_code,
        keywords=document.result_code,
        creator="motcua",
        invariant=True,
        initialFontName=REGULAR,
    )
    role = clean(document.signer_role).upper()

    def signer_title(canvas: Any, _doc: Any) -> None:
        # The signer's title right above the box the visible signature fills.
        canvas.saveState()
        canvas.setFont(BOLD, page.font_size)
        centre = (SIGNATURE_BOX[0] + SIGNATURE_BOX[2]) / 2
        canvas.drawCentredString(centre, SIGNATURE_BOX[3] + 3 * mm, role)
        canvas.restoreState()

    doc.build(story, onFirstPage=signer_title)
    return buffer.getvalue()
