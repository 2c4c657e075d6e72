"""The periodic report ("sơ kết") as a workbook and as a PDF in the layout of a Vietnamese
administrative report (NĐ 30/2020 Annex I: issuing unit and national motto, title, body,
signature), in Vietnamese whatever the user's language."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from motcua.accounts.models import OrgUnit
from motcua.documents.forms.layout import (
    Page,
    grid_table,
    header_block,
    para,
    signature,
    signatures,
    styles_for,
    title,
)
from motcua.documents.printing import header_for
from motcua.reporting import evaluation as ev
from motcua.reporting.figures import Period
from motcua.reporting.index766 import BAND_NAMES, NAMES
from motcua.reporting.report import FIGURE_LABELS, RATE_LABELS, figure_value

A4_PORTRAIT = Page(A4, 25 * mm, 15 * mm, 15 * mm, 15 * mm, 11, 11, 0.45)


def _number(value: Any) -> str:
    if value is None:
        return _("n/a")
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def _cell(value: Any) -> Any:
    """A figure as a workbook cell: a number (so that it can be summed and charted), or
    "not applicable" as text."""
    return str(_("n/a")) if value is None else value


def _format(cell: Any) -> None:
    """Show a count with thousands separators, a rate or score with two decimals (in the
    reader's own separators: Excel and LibreOffice apply the locale)."""
    if isinstance(cell.value, (int, float)):
        cell.number_format = "0.00" if isinstance(cell.value, float) else "#,##0"


def _period_words(period: Period) -> str:
    return _("from %(start)s to %(end)s") % {
        "start": period.start.strftime("%d/%m/%Y"),
        "end": period.end.strftime("%d/%m/%Y"),
    }


def report_rows(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Return (number, label, value) rows of the figures and rates, as printed."""
    rows = [
        (str(index), str(label), _number(figure_value(report, key)))
        for index, (key, label) in enumerate(FIGURE_LABELS, start=1)
    ]
    rows += [
        (str(len(rows) + index), f"{label} (%)", _number(report["rates"][key]))
        for index, (key, label) in enumerate(RATE_LABELS, start=1)
    ]
    return rows


def criteria_rows(report: dict[str, Any]) -> list[list[str]]:
    index = report["index766"]
    return [
        [
            item["id"],
            str(NAMES[item["id"]]),
            _number(item["numerator"]),
            _number(item["denominator"]),
            _number(item["rate"]),
            _number(item["score"]),
            str(item["max"]),
        ]
        for item in index["criteria"]
    ]


def _workbook(sheet_title: str, heading: str, unit: OrgUnit, period: Period) -> tuple[Any, Any]:
    """Return a new workbook and its first sheet, headed by the title (bold), the unit and the
    period (rows 1-3)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 -- a new workbook has its sheet
    sheet.title = sheet_title
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([unit.name])
    sheet.append([_("Period %(period)s") % {"period": _period_words(period)}])
    return book, sheet


def report_xlsx(*, unit: OrgUnit, period: Period, report: dict[str, Any]) -> bytes:
    """Return the report as a workbook: the figures, then the 766 criteria."""
    with translation.override("vi"):
        book, sheet = _workbook(
            _("Report"), _("REPORT ON THE HANDLING OF ADMINISTRATIVE PROCEDURES"), unit, period
        )
        bold = Font(bold=True)
        sheet.append([])
        sheet.append([_("No."), _("Figure"), _("Value")])
        for cell in sheet[5]:
            cell.font = bold
        values = [figure_value(report, key) for key, _label in FIGURE_LABELS]
        values += [report["rates"][key] for key, _label in RATE_LABELS]
        for (number, label, _printed), value in zip(report_rows(report), values, strict=True):
            sheet.append([int(number), label, _cell(value)])
            _format(sheet.cell(row=sheet.max_row, column=3))
        sheet.column_dimensions["B"].width = 60
        sheet.column_dimensions["C"].width = 14
        criteria = book.create_sheet(_("766 index"))
        criteria.append(
            [_("No."), _("Criterion"), _("Numerator"), _("Denominator"), _("Rate (%)"),
             _("Score"), _("Maximum")]
        )  # fmt: skip
        for cell in criteria[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True)
        for item in report["index766"]["criteria"]:
            criteria.append(
                [item["id"], str(NAMES[item["id"]]),
                 *(_cell(item[key]) for key in ("numerator", "denominator", "rate", "score")),
                 item["max"]]
            )  # fmt: skip
            for cell in criteria[criteria.max_row][2:6]:
                _format(cell)
        index = report["index766"]
        criteria.append([])
        criteria.append(["", _("Total (out of 100)"), "", "", "", _cell(index["total"]), 100])
        _format(criteria.cell(row=criteria.max_row, column=6))
        criteria.append(["", _("Band"), "", "", "", str(BAND_NAMES.get(index["band"], "")), ""])
        criteria.column_dimensions["B"].width = 55
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def report_pdf(*, unit: OrgUnit, period: Period, report: dict[str, Any], today: date) -> bytes:
    """Return the report as an A4 PDF: header, title, figures, 766 criteria, signature."""
    page = A4_PORTRAIT
    with translation.override("vi"):
        style = styles_for(page)
        header = header_for(unit, today)
        story: list[Any] = [
            header_block(header, page),
            Spacer(1, 4 * mm),
            title(_("Report on the handling of administrative procedures"), page),
            para(_("Period %(period)s") % {"period": _period_words(period)}, style.centre),
            Spacer(1, 3 * mm),
            para("<b>{}</b>".format(_("I. Dossiers received and handled")), style.body),
            grid_table(
                [_("No."), _("Figure"), _("Value")],
                [list(row) for row in report_rows(report)],
                [0.08, 0.72, 0.2],
                page,
                centred=(0, 2),
            ),
            para("<b>{}</b>".format(_("II. The 766 index")), style.body),
            grid_table(
                [
                    _("No."),
                    _("Criterion"),
                    _("Num."),
                    _("Den."),
                    _("Rate (%)"),
                    _("Score"),
                    _("Max."),
                ],
                criteria_rows(report),
                [0.07, 0.45, 0.1, 0.1, 0.1, 0.1, 0.08],
                page,
                centred=(0, 2, 3, 4, 5, 6),
            ),
            para(
                _("Total: %(total)s / 100; band: %(band)s.")
                % {
                    "total": _number(report["index766"]["total"]),
                    "band": str(BAND_NAMES.get(report["index766"]["band"], _("n/a"))),
                },
                style.body,
            ),
            Spacer(1, 6 * mm),
            signatures([[], signature(_("Head of the unit"), "", page)], page),
        ]
        out = io.BytesIO()
        document = SimpleDocTemplate(
            out,
            pagesize=page.size,
            leftMargin=page.left,
            rightMargin=page.right,
            topMargin=page.top,
            bottomMargin=page.bottom,
            title=_("Report on the handling of administrative procedures"),
        )
        document.build(story)
        return out.getvalue()


def evaluation_xlsx(*, unit: OrgUnit, period: Period, result: dict[str, Any]) -> bytes:
    """Return the TT 01/2018 evaluation as a workbook: the unit's nine indicators with their
    measures, total and band, then the officers (Vietnamese whatever the user's language)."""
    with translation.override("vi"):
        book, sheet = _workbook(
            _("Unit"), _("EVALUATION OF DOSSIER HANDLING (TT 01/2018/TT-VPCP)"), unit, period
        )
        bold = Font(bold=True)
        sheet.append([_("Dossiers evaluated (finished in the period)"), result["dossiers"]])
        sheet.append([])
        sheet.append([_("No."), _("Indicator"), _("Score"), _("Counted"), _("How it is computed")])
        for cell in sheet[6]:
            cell.font = bold
        for row in ev.indicator_rows(result):
            score = row["score"] if row["score"] is not None else str(_("not applicable"))
            sheet.append([row["id"], str(row["name"]), score, row["counted"], str(row["how"])])
            for item in row["measures"]:
                rate = f"{_number(item['rate'])}%" if item["rate"] is not None else _("n/a")
                sheet.append(
                    [
                        "",
                        f"  {item['label']}",
                        item["score"] if item["score"] is not None else _("n/a"),
                        "",
                        _("%(num)s / %(den)s = %(rate)s (2 at %(full)s%%, 1 at %(partial)s%%)")
                        % {
                            "num": item["numerator"],
                            "den": item["denominator"],
                            "rate": rate,
                            "full": _number(item["full"]),
                            "partial": _number(item["partial"]),
                        },
                    ]
                )
        total = result["unit"]
        sheet.append([])
        sheet.append(
            ["", _("Total (out of %(max)s)") % {"max": total["max"]}, "", _number(total["total"])]
        )
        sheet.append(["", _("Band"), "", str(BAND_NAMES.get(total["band"] or "", _("n/a")))])
        sheet.column_dimensions["B"].width = 60
        sheet.column_dimensions["E"].width = 80
        officers = book.create_sheet(_("Officers"))
        officers.append(
            [_("Officer"), _("Dossiers"), *ev.DOSSIER_INDICATORS, _("Total (out of 10)"), _("Band")]
        )
        for cell in officers[1]:
            cell.font = bold
        for officer in result["officers"]:
            officers.append(
                [
                    officer["name"],
                    officer["dossiers"],
                    *(
                        officer["indicators"][key]
                        if officer["indicators"][key] is not None
                        else _("n/a")
                        for key in ev.DOSSIER_INDICATORS
                    ),
                    officer["total"],
                    str(ev.BAND_NAMES[officer["band"]]),
                ]
            )
        officers.column_dimensions["A"].width = 30
        officers.column_dimensions["I"].width = 40
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
