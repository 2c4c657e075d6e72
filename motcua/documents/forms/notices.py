"""Forms 02-05: the one-page notices to the applicant (supplement request, refusal at intake,
apology with a new appointment, notice of stopping)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from motcua.core.time import local

from .data import (
    ApologyForm,
    Applicant,
    RefusalForm,
    StopNoticeForm,
    SupplementRequestForm,
)
from .layout import (
    A5_PORTRAIT,
    Page,
    clean,
    date_words,
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

SUPPLEMENT_TITLE = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
REFUSAL_TITLE = "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
APOLOGY_TITLE = "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
STOP_TITLE = "Thông báo dừng giải quyết hồ sơ"
HEAD_NOTE = "(Ký, ghi rõ họ tên và đóng dấu)"


def _sentence(text: str) -> str:
    """Return `text` escaped, with a final period unless it already ends a sentence."""
    shown = value(text)
    return shown if shown.endswith((".", "!", "?")) else f"{shown}."


def _applicant_lines(applicant: Applicant, page: Page) -> list[Paragraph]:
    body = styles_for(page).body
    return [
        labelled("Địa chỉ", applicant.address, body),
        para(
            f"Số điện thoại: {value(applicant.phone)}&nbsp;&nbsp;&nbsp; "
            f"Email: {value(applicant.email)}",
            body,
        ),
    ]


def _code_line(code: str, page: Page) -> list[Paragraph]:
    if not clean(code):
        return []
    return [para(f"Mã hồ sơ: <b>{esc(code)}</b>", styles_for(page).centre)]


def build_supplement_request(form: SupplementRequestForm) -> tuple[Page, str, list[Any]]:
    """Return the page format, title and flowables of form 02."""
    page = A5_PORTRAIT
    body = styles_for(page).body
    text = styles_for(page).text
    unit = value(form.header.unit_name)
    rows = [[str(i), item.item, item.reason] for i, item in enumerate(form.items, start=1)]
    story: list[Any] = [
        header_block(form.header, page),
        title(SUPPLEMENT_TITLE, page),
        *_code_line(form.dossier_code, page),
        labelled("Hồ sơ của", form.applicant.name, body, bold=True),
        *_applicant_lines(form.applicant, page),
        labelled("Nội dung yêu cầu giải quyết", form.procedure_name, body, bold=True),
        para(
            f"Sau khi xem xét, {unit} đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội "
            "dung sau:",
            body,
        ),
        grid_table(
            ["TT", "Giấy tờ, nội dung cần bổ sung, hoàn thiện", "Lý do"],
            rows,
            [0.08, 0.50, 0.42],
            page,
        ),
        para(
            "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với "
            f"{value(form.contact_name)}, số điện thoại {value(form.contact_phone)} để được "
            "hướng dẫn./.",
            text,
        ),
        signatures([signature("Người hướng dẫn", form.officer_name, page)], page),
    ]
    return page, SUPPLEMENT_TITLE, story


def build_refusal(form: RefusalForm) -> tuple[Page, str, list[Any]]:
    """Return the page format, title and flowables of form 03."""
    page = A5_PORTRAIT
    body = styles_for(page).body
    text = styles_for(page).text
    unit = value(form.header.unit_name)
    reasons = [clean(reason) for reason in form.reasons if clean(reason)]
    numbered = len(reasons) > 1
    story: list[Any] = [
        header_block(form.header, page),
        title(REFUSAL_TITLE, page),
        para(f"{unit} tiếp nhận hồ sơ của: <b>{value(form.applicant.name)}</b>", body),
        *_applicant_lines(form.applicant, page),
        labelled("Nội dung yêu cầu giải quyết", form.procedure_name, body, bold=True),
        para(
            f"Qua xem xét, {unit} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ "
            "thể như sau:",
            text,
        ),
        *(
            para(f"{f'{i}. ' if numbered else '- '}{_sentence(reason)}", body)
            for i, reason in enumerate(reasons or [""], start=1)
        ),
        para("Xin thông báo để Ông/Bà được biết và thực hiện./.", text),
        signatures([signature("Người tiếp nhận hồ sơ", form.officer_name, page)], page),
    ]
    return page, REFUSAL_TITLE, story


def _addressee(addressee: str, page: Page) -> Paragraph:
    style = styles_for(page)
    centre = ParagraphStyle("addressee", style.centre, spaceBefore=1 * mm, spaceAfter=1 * mm)
    return para(f"Kính gửi: {value(addressee)}", centre)


def _received_sentence(form: ApologyForm | StopNoticeForm) -> str:
    on = date_words(local(form.received_at).date())
    return (
        f"{on[0].upper()}{on[1:]}, {value(form.header.unit_name)} tiếp nhận hồ sơ của Ông/Bà đề "
        f"nghị giải quyết thủ tục <b>{value(form.procedure_name)}</b>, mã hồ sơ "
        f"<b>{value(form.dossier_code)}</b>."
    )


def build_apology(form: ApologyForm) -> tuple[Page, str, list[Any]]:
    """Return the page format, title and flowables of form 04 (NĐ 61/2018 Art. 19(9))."""
    page = A5_PORTRAIT
    body = styles_for(page).text
    unit = value(form.header.unit_name)
    story: list[Any] = [
        header_block(form.header, page),
        title(APOLOGY_TITLE, page),
        _addressee(form.addressee, page),
        para(_received_sentence(form), body),
        para(f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {moment_words(form.due_at)}.", body),
        para(
            f"Tuy nhiên, đến nay {unit} chưa giải quyết xong hồ sơ của Ông/Bà. Lý do: "
            f"{_sentence(form.reason)}",
            body,
        ),
        para(
            f"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {unit} xin lỗi Ông/Bà và đề nghị gia "
            "hạn thời gian giải quyết hồ sơ. Thời gian hẹn trả kết quả mới: "
            f"<b>{moment_words(form.new_due_at)}</b>.",
            body,
        ),
        para("Xin trân trọng cảm ơn./.", body),
        signatures([signature(form.signer_title, form.signer_name, page, note=HEAD_NOTE)], page),
    ]
    return page, APOLOGY_TITLE, story


def build_stop_notice(form: StopNoticeForm) -> tuple[Page, str, list[Any]]:
    """Return the page format, title and flowables of form 05."""
    page = A5_PORTRAIT
    body = styles_for(page).text
    unit = value(form.header.unit_name)
    story: list[Any] = [
        header_block(form.header, page),
        title(STOP_TITLE, page),
        _addressee(form.addressee, page),
        para(_received_sentence(form), body),
        para(
            f"{unit} thông báo dừng giải quyết hồ sơ nêu trên. Lý do: {_sentence(form.reason)}",
            body,
        ),
        para("Xin thông báo để Ông/Bà được biết./.", body),
        signatures([signature(form.signer_title, form.signer_name, page, note=HEAD_NOTE)], page),
    ]
    return page, STOP_TITLE, story
