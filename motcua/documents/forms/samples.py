"""Realistic sample inputs of forms 01-07 (Thục Phán ward, Cao Bằng): the tests use them and
`python -m motcua.documents.forms.samples DIR` writes the seven PDFs for a person to look at
(docs/forms.md). Names and numbers are invented."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from .data import (
    ApologyForm,
    Applicant,
    ControlSlipForm,
    Form,
    HandOver,
    Header,
    ReceiptForm,
    ReceivedDocument,
    RefusalForm,
    RegisterForm,
    RegisterRow,
    StopNoticeForm,
    SupplementItem,
    SupplementRequestForm,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "000.01.27.H13-261123-0001"
CENTRE = "Trung tâm Phục vụ hành chính công phường Thục Phán"
WARD = "UBND phường Thục Phán"
PROCEDURE = "Đăng ký kết hôn"
LOOKUP_URL = f"https://motcua.example/tra-cuu/{CODE}"
APPLICANT = Applicant(
    name="Nguyễn Thị Hồng Nhung",
    address="Tổ 7, phường Thục Phán, tỉnh Cao Bằng",
    phone="0912 345 678",
    email="hongnhung.nguyen@example.com",
)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """Return an aware datetime in November 2026, Vietnam time."""
    return datetime(2026, month, day, hour, minute, tzinfo=VN)


def centre_header(issued_on: date = date(2026, 11, 23)) -> Header:
    """Return the header of the ward's one-stop centre."""
    return Header(
        authority_name=WARD, unit_name=CENTRE, place_name="Thục Phán", issued_on=issued_on
    )


def ward_header(issued_on: date, number: str = "") -> Header:
    """Return the header of the ward's People's Committee (the handling agency)."""
    return Header(
        authority_name="UBND tỉnh Cao Bằng",
        unit_name=WARD,
        place_name="Thục Phán",
        issued_on=issued_on,
        number=number,
    )


def receipt() -> ReceiptForm:
    """Return form 01 for a marriage registration received at the counter."""
    return ReceiptForm(
        header=centre_header(),
        dossier_code=CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        documents=(
            ReceivedDocument("Tờ khai đăng ký kết hôn (theo mẫu)", originals=1),
            ReceivedDocument("Giấy xác nhận tình trạng hôn nhân của bên nam", originals=1),
            ReceivedDocument(
                "Thẻ Căn cước của hai bên nam, nữ (xuất trình để đối chiếu)", photocopies=2
            ),
        ),
        time_limit_text="03 ngày làm việc",
        received_at=at(23, 8, 15),
        due_at=at(26, 8, 15),
        return_place=f"Quầy số 3, {CENTRE}",
        register_book="01",
        register_number="0001",
        officer_name="Hoàng Thị Thu Hà",
        lookup_url=LOOKUP_URL,
    )


def supplement_request() -> SupplementRequestForm:
    """Return form 02 asked at the counter (no dossier code yet)."""
    return SupplementRequestForm(
        header=centre_header(),
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        items=(
            SupplementItem(
                "Giấy xác nhận tình trạng hôn nhân của bên nam",
                "Giấy đã nộp được cấp quá 06 tháng, không còn giá trị sử dụng",
            ),
            SupplementItem(
                "Tờ khai đăng ký kết hôn",
                "Chưa ghi nơi cư trú của bên nam; đề nghị ghi đầy đủ theo Thẻ Căn cước",
            ),
        ),
        contact_name="bà Hoàng Thị Thu Hà, Trung tâm Phục vụ hành chính công",
        contact_phone="0206 3852 468",
        officer_name="Hoàng Thị Thu Hà",
    )


def refusal() -> RefusalForm:
    """Return form 03: a marriage the law does not allow yet."""
    return RefusalForm(
        header=centre_header(),
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        reasons=(
            "Bên nam chưa đủ 20 tuổi, chưa đủ điều kiện kết hôn theo điểm a khoản 1 Điều 8 "
            "Luật Hôn nhân và gia đình năm 2014",
        ),
        officer_name="Hoàng Thị Thu Hà",
    )


def apology() -> ApologyForm:
    """Return form 04: verification at the former place of residence takes longer."""
    return ApologyForm(
        header=ward_header(date(2026, 11, 25), number="125/UBND-TP"),
        addressee="Bà Nguyễn Thị Hồng Nhung",
        dossier_code=CODE,
        procedure_name=PROCEDURE,
        received_at=at(23, 8, 15),
        due_at=at(26, 8, 15),
        reason=(
            "Cần xác minh tình trạng hôn nhân của bên nam tại nơi thường trú trước đây "
            "(xã Quảng Uyên, tỉnh Cao Bằng)"
        ),
        new_due_at=at(1, 16, 0, month=12),
        signer_title="Chủ tịch",
        signer_name="Đàm Văn Lực",
    )


def stop_notice() -> StopNoticeForm:
    """Return form 05: the applicants asked to stop."""
    return StopNoticeForm(
        header=ward_header(date(2026, 11, 25), number="126/TB-UBND"),
        addressee="Bà Nguyễn Thị Hồng Nhung",
        dossier_code=CODE,
        procedure_name=PROCEDURE,
        received_at=at(23, 8, 15),
        reason="Theo đơn đề nghị dừng giải quyết hồ sơ của hai bên nam, nữ ngày 24/11/2026",
        signer_title="Phó Chủ tịch",
        signer_name="Lục Văn Thắng",
    )


HAND_OVERS = (
    HandOver(CENTRE, "Hoàng Thị Thu Hà", "Công chức Tư pháp - Hộ tịch", "Nông Văn Dũng",
             at(23, 8, 30), at(23, 8, 45), "Đúng hạn"),
    HandOver("Công chức Tư pháp - Hộ tịch", "Nông Văn Dũng", "Lãnh đạo UBND phường",
             "Lục Văn Thắng", at(24, 14, 0), at(24, 14, 20), "Trước hạn",
             "Trình ký Giấy chứng nhận kết hôn"),
    HandOver("Lãnh đạo UBND phường", "Lục Văn Thắng", "Công chức Tư pháp - Hộ tịch",
             "Nông Văn Dũng", at(25, 9, 0), at(25, 9, 10), "Trước hạn", "Đã ký"),
    HandOver("Công chức Tư pháp - Hộ tịch", "Nông Văn Dũng", CENTRE, "Hoàng Thị Thu Hà",
             at(25, 10, 0), None, "Trước hạn", "Chờ trả kết quả"),
)  # fmt: skip


def control_slip(hand_overs: tuple[HandOver, ...] = HAND_OVERS) -> ControlSlipForm:
    """Return form 06 with the four hand-overs of a marriage registration."""
    return ControlSlipForm(
        header=centre_header(),
        dossier_code=CODE,
        applicant_name=APPLICANT.name,
        procedure_name=PROCEDURE,
        handling_unit=WARD,
        hand_overs=hand_overs,
    )


APPLICANTS = ("Nguyễn Thị Hồng Nhung", "Nông Văn Bảo", "Bế Thị Lan", "Triệu Đức Thịnh")
PROCEDURES = (
    PROCEDURE,
    "Đăng ký khai sinh",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
    "Cấp Giấy xác nhận tình trạng hôn nhân",
)


def register(count: int = 30) -> RegisterForm:
    """Return form 07 with `count` dossiers received in November 2026 (number from 01)."""
    rows = []
    for index in range(count):
        # Twelve dossiers a day, every 40 minutes from 07:30, Monday to Friday from 2 November.
        day, slot = divmod(index, 12)
        week, weekday = divmod(day, 5)
        received = at(2, 7, 30) + timedelta(days=7 * week + weekday, minutes=40 * slot)
        returned = received + timedelta(days=2, hours=1) if index % 3 else None
        rows.append(
            RegisterRow(
                number=index + 1,
                dossier_code=f"000.01.27.H13-{received:%y%m%d}-{slot + 1:04d}",
                applicant_name=APPLICANTS[index % len(APPLICANTS)],
                procedure_name=PROCEDURES[index % len(PROCEDURES)],
                received_at=received,
                due_at=received + timedelta(days=3),
                returned_at=returned,
                notes="Trước hạn" if returned else "Đang giải quyết",
            )
        )
    return RegisterForm(
        header=centre_header(date(2026, 11, 30)),
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        rows=tuple(rows),
    )


def all_samples() -> dict[str, Form]:
    """Return one sample of each form, by file name."""
    return {
        "form-01": receipt(),
        "form-02": supplement_request(),
        "form-03": refusal(),
        "form-04": apology(),
        "form-05": stop_notice(),
        "form-06": control_slip(),
        "form-07": register(),
    }


def main(directory: str) -> None:
    """Write the seven sample PDFs into `directory`."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from .render import render

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for name, form in all_samples().items():
        (out / f"{name}.pdf").write_bytes(render(form))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "var/forms")
