"""`render(form) -> bytes`: the PDF of any of forms 01-07 (docs/forms.md)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from . import notices, receipt, tracking
from .data import (
    ApologyForm,
    ControlSlipForm,
    Form,
    ReceiptForm,
    RefusalForm,
    RegisterForm,
    StopNoticeForm,
    SupplementRequestForm,
)
from .layout import REGULAR, Page, clean, register_fonts

# Each builder returns the page format, the document title (PDF metadata) and the flowables.
Builder = Callable[[Any], tuple[Page, str, list[Any]]]

BUILDERS: dict[type, Builder] = {
    ReceiptForm: receipt.build,
    SupplementRequestForm: notices.build_supplement_request,
    RefusalForm: notices.build_refusal,
    ApologyForm: notices.build_apology,
    StopNoticeForm: notices.build_stop_notice,
    ControlSlipForm: tracking.build_control_slip,
    RegisterForm: tracking.build_register,
}


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no type hints
    """A canvas that prints "Trang i/n" at the foot of each page once n is known (n > 1 only).

    Pages are kept until `save`, then numbered: the usual ReportLab recipe for "page i of n"
    in one pass.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802  # ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if total > 1:
                self.setFont(REGULAR, 8)
                self.drawCentredString(
                    self._pagesize[0] / 2, 6 * mm, f"Trang {self._pageNumber}/{total}"
                )
            super().showPage()
        super().save()


def render(form: Form) -> bytes:
    """Return the PDF of `form` (any of the form dataclasses in `data`).

    Forms 01-06 are A5 portrait, the register (07) A4 landscape. Text is normalised to NFC;
    naive datetimes raise ValueError. The output is byte-for-byte reproducible for the same
    input (ReportLab's invariant mode: fixed document id and creation date).
    """
    builder = BUILDERS.get(type(form))
    if builder is None:
        raise TypeError(f"Not a form: {type(form).__name__}")
    register_fonts()
    page, doc_title, story = builder(form)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=page.size,
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top,
        bottomMargin=page.bottom,
        title=clean(doc_title),
        author=clean(form.header.unit_name),
        creator="motcua",
        invariant=True,
        # The canvas starts in the bundled font: ReportLab's default (Helvetica) would be
        # referenced without being embedded.
        initialFontName=REGULAR,
    )
    # No frame padding: the margins of `page` are the printed margins, and a table as wide as
    # `page.width` lines up with the paragraphs above it.
    frame = Frame(
        page.left,
        page.bottom,
        page.width,
        page.size[1] - page.top - page.bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="form", frames=[frame])])
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
