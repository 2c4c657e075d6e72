"""Complete procedure content for tests; override what a test is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from motcua.catalog.content import DocumentContent, TermContent, VersionContent

COMPLETE = VersionContent(
    name="Đăng ký kết hôn",
    field_name="Hộ tịch",
    local_code="1.999894.000.00.00.H13",
    for_commune=True,
    implementing_agency="Ủy ban nhân dân cấp xã",
    sequence="Bước 1: nộp hồ sơ. Bước 2: tiếp nhận. Bước 3: giải quyết. Bước 4: trả kết quả.",
    methods="Trực tiếp; Trực tuyến; Bưu chính",
    subjects="Cá nhân",
    result="Giấy chứng nhận kết hôn",
    legal_basis="Luật Hộ tịch 2014\nNghị định 123/2015/NĐ-CP",
    decision_number="163/QĐ-BTP",
    decision_date=date(2025, 6, 20),
    decision_effective_date=date(2025, 7, 1),
    documents=(
        DocumentContent(name="Tờ khai đăng ký kết hôn", originals=1),
        DocumentContent(name="Giấy tờ tùy thân", originals=1, note="xuất trình"),
    ),
    terms=(
        TermContent(channel="counter", limit_value=Decimal(3), limit_unit="working_days"),
        TermContent(channel="online", limit_value=Decimal(3), limit_unit="working_days"),
    ),
)


def content(**changes: Any) -> VersionContent:
    """Return complete content with `changes` applied."""
    return replace(COMPLETE, **changes)
