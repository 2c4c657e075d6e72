"""Forms of a real dossier: built from its rows and history, with the right code and times."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from motcua.accounts.demo import THUC_PHAN_CENTRE
from motcua.core.errors import NotFoundError
from motcua.documents import printing
from motcua.dossiers import services
from motcua.dossiers.tests.helpers import at, intake, receive

pytestmark = pytest.mark.django_db
LOOKUP = "https://motcua.example/tra-cuu/?ma="


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf(dossier, number):
    return text(
        printing.dossier_form_pdf(dossier=dossier, number=number, lookup_url=LOOKUP + dossier.code)
    )


def test_form_01_and_06_of_a_received_dossier(one_stop_officer, officer):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        dossier = services.dossier_take(actor=officer, dossier=dossier, revision=dossier.revision)
    assert printing.forms_available(dossier) == [1, 6]
    receipt = pdf(dossier, 1)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in receipt
    assert dossier.code in receipt
    assert "Nguyễn Thị Hồng Nhung" in receipt
    assert "Đăng ký cai nghiện ma túy tự nguyện" in receipt
    assert "3 ngày làm việc" in receipt
    assert "17 giờ 30 phút, ngày 10 tháng 3 năm 2026" in receipt.replace("\n", " ")
    assert "Nguyễn Thị Một Cửa" in receipt
    slip = pdf(dossier, 6)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in slip
    assert "Trần Văn Chuyên" in slip  # who took it at the ward
    with pytest.raises(NotFoundError):
        pdf(dossier, 4)


def test_forms_02_to_05_follow_what_happened(one_stop_officer, officer, leader):
    with at(2026, 3, 5, 9):
        refused = services.dossier_refuse_at_intake(
            actor=one_stop_officer, intake=intake(), reason="Không thuộc thẩm quyền giải quyết"
        )
        dossier = receive(one_stop_officer)
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        dossier = services.dossier_request_supplement(
            actor=officer, dossier=dossier, revision=dossier.revision, items=["Bản sao CCCD"]
        )
        dossier = services.dossier_complete_supplement(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
    with at(2026, 3, 6, 9):
        dossier = services.dossier_request_extension(
            actor=leader,
            dossier=dossier,
            revision=dossier.revision,
            new_due_at=datetime(2026, 3, 16, 17, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
            reason="Cần xác minh thêm tại cơ sở cai nghiện",
        )
        dossier = services.dossier_stop(
            actor=leader, dossier=dossier, revision=dossier.revision, reason="Người nộp đề nghị"
        )
    assert "Không thuộc thẩm quyền giải quyết" in pdf(refused, 3)
    assert "Bản sao CCCD" in pdf(dossier, 2)
    apology = pdf(dossier, 4)
    assert "Cần xác minh thêm" in apology
    assert "16 tháng 3 năm 2026" in apology.replace("\n", " ")
    assert "Người nộp đề nghị" in pdf(dossier, 5)


def test_the_register_numbers_the_years_receipts(one_stop_officer, unit):
    with at(2026, 3, 5, 9):
        first = receive(one_stop_officer)
    with at(2026, 3, 6, 9):
        second = receive(one_stop_officer, name="Trần Văn Bình")

    register = text(
        printing.register_pdf(
            unit=unit(THUC_PHAN_CENTRE), start=date(2026, 3, 6), end=date(2026, 3, 31)
        )
    )
    assert "SỔ THEO DÕI HỒ SƠ" in register
    assert second.code in register
    assert first.code not in register  # before the period, but it counts for the number
    assert "02" in register
