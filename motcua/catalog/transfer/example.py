"""The example of docs/catalog-template.xlsx (`manage.py export_catalog --template`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from motcua.accounts.models import Role
from motcua.catalog.content import DocumentContent, TermContent, VersionContent
from motcua.catalog.models import Channel, LimitUnit, OnlineLevel
from motcua.catalog.transfer.items import CatalogItem, ProcessContent
from motcua.catalog.transfer.processes import AllotmentUnit, StepContent


def example_items() -> list[CatalogItem]:
    """Return the example of docs/catalog-template.xlsx: a commune procedure and its process.

    Its process uses units of the demo province (motcua/accounts/demo.py), so the template
    imports as it is into a demo database.
    """
    centre, ward = "000.01.31.H13", "000.00.31.H13"  # demo THUC_PHAN_CENTRE, THUC_PHAN

    def step(position: int, unit: str, role: str, task: str, hours: int) -> StepContent:
        return StepContent(position, unit, role, task, Decimal(hours), AllotmentUnit.WORKING_HOURS)

    content = VersionContent(
        name="Đăng ký kết hôn",
        field_name="Hộ tịch",
        local_code="1.000894.000.00.00.H13",
        for_commune=True,
        implementing_agency="Ủy ban nhân dân cấp xã",
        receiving_address="Trung tâm Phục vụ hành chính công phường Thục Phán",
        sequence=(
            "Bước 1: Người yêu cầu nộp hồ sơ.\nBước 2: Công chức tư pháp - hộ tịch kiểm tra, "
            "xác minh.\nBước 3: Chủ tịch Ủy ban nhân dân cấp xã ký Giấy chứng nhận kết hôn.\n"
            "Bước 4: Trả kết quả."
        ),
        methods="Trực tiếp; Trực tuyến; Qua bưu chính",
        subjects="Công dân Việt Nam",
        result="Giấy chứng nhận kết hôn",
        requirements="Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; việc kết hôn do nam và nữ tự nguyện.",
        legal_basis="Luật Hộ tịch năm 2014\nNghị định số 123/2015/NĐ-CP",
        online_level=OnlineLevel.FULL,
        decision_number="163/QĐ-BTP",
        decision_date=date(2025, 6, 20),
        decision_effective_date=date(2025, 7, 1),
        documents=(
            DocumentContent(name="Tờ khai đăng ký kết hôn", originals=1),
            DocumentContent(
                name="Giấy xác nhận tình trạng hôn nhân",
                originals=1,
                reusable=True,
                note="Không phải nộp nếu đã có trong Cơ sở dữ liệu hộ tịch điện tử",
            ),
        ),
        terms=(
            TermContent(
                Channel.COUNTER, Decimal(3), LimitUnit.WORKING_DAYS, fee_note="Miễn lệ phí"
            ),
            TermContent(Channel.ONLINE, Decimal(3), LimitUnit.WORKING_DAYS),
            TermContent(Channel.POSTAL, Decimal(3), LimitUnit.WORKING_DAYS),
        ),
    )
    process = ProcessContent(
        receiving_unit=centre,
        decision="2682/QĐ-UBND",
        steps=(
            step(1, centre, Role.ONE_STOP_OFFICER, "Tiếp nhận, kiểm tra hồ sơ, chuyển xử lý", 4),
            step(2, ward, Role.SPECIALIST, "Thẩm định, dự thảo kết quả", 12),
            step(3, ward, Role.AGENCY_LEADER, "Ký duyệt kết quả", 4),
            step(4, ward, Role.CLERK, "Vào sổ, đóng dấu, phát hành", 2),
            step(5, centre, Role.ONE_STOP_OFFICER, "Trả kết quả cho người yêu cầu", 2),
        ),
    )
    return [CatalogItem("1.000894", content, (process,))]
