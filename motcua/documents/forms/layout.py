"""Building blocks every form shares: fonts, page sizes, text helpers, the two-block header,
titles, signatures and tables (ReportLab's Platypus; docs/forms.md)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, LongTable, Paragraph, Spacer, Table, TableStyle

from motcua.core.time import local

from .data import Header

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR, BOLD, ITALIC = "LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"

# A dotted blank, as on the printed templates, where the system has no value to print.
BLANK = "." * 24
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@cache
def register_fonts() -> None:
    """Register the bundled Liberation Serif (SIL OFL 1.1) once per process.

    ReportLab embeds only the glyphs a document uses (subsets), with a ToUnicode map, so
    Vietnamese text is both printed and extractable. There is no bold italic file: bold stands in.
    """
    for name, filename in (
        (REGULAR, "LiberationSerif-Regular.ttf"),
        (BOLD, "LiberationSerif-Bold.ttf"),
        (ITALIC, "LiberationSerif-Italic.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD
    )


@dataclass(frozen=True)
class Page:
    """A page format: size, margins and the body font size chosen for it."""

    size: tuple[float, float]
    left: float
    right: float
    top: float
    bottom: float
    font_size: float
    header_font_size: float
    # Share of the width for the issuing unit's block; the motto's block takes the rest and
    # must hold "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on one line.
    header_split: float

    @property
    def width(self) -> float:
        """Return the width between the margins."""
        return self.size[0] - self.left - self.right


# A5 portrait for forms 01-06 (TT 01/2018 templates); A4 landscape for the register (form 07).
A5_PORTRAIT = Page(A5, 14 * mm, 10 * mm, 10 * mm, 12 * mm, 10, 9, 0.44)
A4_LANDSCAPE = Page(landscape(A4), 15 * mm, 12 * mm, 12 * mm, 14 * mm, 10, 11, 0.5)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one page format."""

    body: ParagraphStyle
    text: ParagraphStyle
    centre: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_centre: ParagraphStyle
    head_cell: ParagraphStyle
    title: ParagraphStyle
    header: ParagraphStyle


@cache
def styles_for(page: Page) -> Styles:
    """Return the styles of `page` (built once per format)."""
    register_fonts()
    size = page.font_size
    body = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=size, leading=size * 1.3, alignment=TA_JUSTIFY
    )
    cell = ParagraphStyle("cell", body, fontSize=size - 1, leading=(size - 1) * 1.2)
    cell.alignment = TA_LEFT
    return Styles(
        body=body,
        # Running text of a letter: indented first line, a little space between paragraphs.
        text=ParagraphStyle("text", body, firstLineIndent=7 * mm, spaceBefore=size * 0.3),
        centre=ParagraphStyle("centre", body, alignment=TA_CENTER),
        small=ParagraphStyle(
            "small", body, fontSize=size - 2, leading=(size - 2) * 1.25, alignment=TA_LEFT
        ),
        cell=cell,
        cell_centre=ParagraphStyle("cell_centre", cell, alignment=TA_CENTER),
        head_cell=ParagraphStyle("head_cell", cell, fontName=BOLD, alignment=TA_CENTER),
        title=ParagraphStyle(
            "title",
            body,
            fontName=BOLD,
            fontSize=size + 2.5,
            leading=(size + 2.5) * 1.25,
            alignment=TA_CENTER,
            spaceBefore=3 * mm,
            spaceAfter=1 * mm,
        ),
        header=ParagraphStyle(
            "header",
            body,
            fontSize=page.header_font_size,
            leading=page.header_font_size * 1.25,
            alignment=TA_CENTER,
        ),
    )


def clean(text: str) -> str:
    """Return `text` in NFC with surrounding space removed.

    Vietnamese typed on some keyboards arrives decomposed (a letter, then combining marks); the
    font has the precomposed letters, and search and extraction expect them.
    """
    return unicodedata.normalize("NFC", text).strip()


def esc(text: str) -> str:
    """Return `text` cleaned and escaped for Paragraph markup (names may contain "&" or "<")."""
    return escape(clean(text))


def value(text: str) -> str:
    """Return `text` escaped for markup, or a dotted blank when it is empty."""
    return esc(text) or BLANK


def upper(text: str) -> str:
    """Return `text` in capitals: NFC first, so that "ư" becomes "Ư", not "U" plus a hook."""
    return clean(text).upper()


def date_words(d: date) -> str:
    """Return "ngày 05 tháng 02 năm 2026", "ngày 23 tháng 11 năm 2026", "ngày 01 tháng 3 năm 2026".

    NĐ 30/2020 Annex I: a day below 10 and the months 1 and 2 take a leading zero.
    """
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def date_line(place: str, d: date) -> str:
    """Return the date line under the motto: "Thục Phán, ngày 23 tháng 11 năm 2026"."""
    return f"{clean(place) or BLANK[:12]}, {date_words(d)}"


def moment_words(moment: datetime) -> str:
    """Return "08 giờ 15 phút, ngày 23 tháng 11 năm 2026" in Vietnam time (aware only)."""
    at = local(moment)
    return f"{at.hour:02d} giờ {at.minute:02d} phút, {date_words(at.date())}"


def short_moment(moment: datetime | None, *, separator: str = " ") -> str:
    """Return "23/11/2026 08:15" in Vietnam time, or "" for None (table cells)."""
    if moment is None:
        return ""
    return local(moment).strftime(f"%d/%m/%Y{separator}%H:%M")


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    """Return a Paragraph of already escaped markup."""
    return Paragraph(markup, style)


def labelled(label: str, text: str, style: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    """Return "Label: value" with the value escaped (bold if asked), or a blank if empty."""
    shown = value(text)
    if bold and clean(text):
        shown = f"<b>{shown}</b>"
    return Paragraph(f"{label}: {shown}", style)


def balanced(text: str, font: str, size: float, width: float) -> str:
    """Return `text` escaped, broken into as few lines as fit `width`, made about equally long.

    A long unit name then reads "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG / PHƯỜNG THỤC PHÁN" rather
    than leaving one word alone on the last line. A binary search on the width keeps the count
    of lines that the full width needs.
    """
    lines = simpleSplit(clean(text), font, size, width)
    low, high = width / max(len(lines), 1), width
    for _ in range(12):
        middle = (low + high) / 2
        if len(simpleSplit(clean(text), font, size, middle)) > len(lines):
            low = middle
        else:
            high = middle
    return "<br/>".join(escape(line) for line in simpleSplit(clean(text), font, size, high))


# Every table sets its font: a table cell left to ReportLab's default would reference
# Helvetica, a font that is not embedded.
NO_PADDING = [
    ("FONT", (0, 0), (-1, -1), REGULAR),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]


class _Rule(Flowable):  # type: ignore[misc]  # ReportLab ships no type hints
    """A short horizontal rule, centred: the line under the unit's name and under the motto."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.rule_width = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail_width = avail_width
        return avail_width, 4.5

    def draw(self) -> None:
        start = (self.avail_width - self.rule_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(start, 1.2, start + self.rule_width, 1.2)


def header_block(header: Header, page: Page) -> Table:
    """Return the two-block header: issuing unit on the left, national motto on the right.

    NĐ 30/2020 Annex I: the governing authority in capitals, the issuing unit in bold capitals
    with a short rule under it; the country's name in bold capitals, the motto in bold with a
    rule of its length under it, then the place and date in italics.
    """
    style = styles_for(page).header
    size = page.header_font_size
    left_width = page.width * page.header_split
    right_width = page.width - left_width
    authority = balanced(upper(header.authority_name), REGULAR, size, left_width - 2)
    unit = balanced(upper(header.unit_name), BOLD, size, left_width - 2)
    left: list[Any] = [
        *([para(authority, style)] if header.authority_name else []),  # none above a province
        para(f"<b>{unit}</b>", style),
        _Rule(left_width * 0.35),
    ]
    if header.number:
        left.append(para(f"Số: {esc(header.number)}", style))
    right: list[Any] = [
        para(f"<b>{NATIONAL_NAME}</b>", style),
        para(f"<b>{MOTTO}</b>", style),
        _Rule(pdfmetrics.stringWidth(MOTTO, BOLD, size)),
        Spacer(1, 1 * mm),
        para(f"<i>{esc(date_line(header.place_name, header.issued_on))}</i>", style),
    ]
    table = Table([[left, right]], colWidths=[left_width, right_width])
    table.setStyle(TableStyle(NO_PADDING))
    return table


def title(text: str, page: Page) -> Paragraph:
    """Return the form's title in bold capitals, centred, its lines balanced."""
    style = styles_for(page).title
    return para(balanced(upper(text), BOLD, style.fontSize, page.width), style)


def signature(
    role: str, name: str, page: Page, *, note: str = "(Ký và ghi rõ họ tên)"
) -> list[Any]:
    """Return one signature column: role in bold capitals, the note in italics, space to sign,
    then the printed name (or a blank line to write it by hand)."""
    style = styles_for(page).centre
    return [
        para(f"<b>{esc(upper(role))}</b>", style),
        para(f"<i>{esc(note)}</i>", style),
        Spacer(1, 15 * mm),
        para(f"<b>{esc(name)}</b>" if clean(name) else BLANK, style),
    ]


def signatures(columns: Sequence[list[Any]], page: Page) -> Table:
    """Return signature columns side by side; a single one stands on the right half."""
    cells: list[Any] = list(columns)
    if len(cells) == 1:
        cells.insert(0, "")
    table = Table([cells], colWidths=[page.width / len(cells)] * len(cells))
    table.setStyle(TableStyle(NO_PADDING))
    table.spaceBefore = 3 * mm
    return table


GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
    ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
]
CELL_PADDING = 5.0  # LEFTPADDING + RIGHTPADDING above


def grid_table(
    head: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    page: Page,
    *,
    centred: Sequence[int] = (0,),
) -> LongTable:
    """Return a ruled table whose header row repeats on every page it breaks onto.

    `widths` are fractions of the page width. A string in `rows` ("\n" between lines) is drawn
    as plain text when each of its lines fits the column, and wrapped as a paragraph otherwise;
    it is centred in the columns `centred` (the number column by default). Flowables are placed
    as given. LongTable sizes the columns once, and plain cells skip paragraph layout: together
    they keep a register of 2,500 rows at a few seconds.
    """
    style = styles_for(page)
    column_widths = [fraction * page.width for fraction in widths]
    cell_styles = [
        style.cell_centre if index in centred else style.cell for index in range(len(head))
    ]
    size = style.cell.fontSize

    def cell(text: Any, index: int) -> Any:
        if not isinstance(text, str):
            return text
        text = clean(text)
        room = column_widths[index] - CELL_PADDING
        if all(pdfmetrics.stringWidth(line, REGULAR, size) <= room for line in text.split("\n")):
            return text
        return para(esc(text).replace("\n", "<br/>"), cell_styles[index])

    header_row = [para(esc(text), style.head_cell) for text in head]
    body = [[cell(text, index) for index, text in enumerate(row)] for row in rows]
    table = LongTable([header_row, *body], colWidths=column_widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, size, style.cell.leading),
                *GRID,
                *(("ALIGN", (index, 1), (index, -1), "CENTER") for index in centred),
            ]
        )
    )
    table.spaceBefore = 1.5 * mm
    table.spaceAfter = 2 * mm
    return table
