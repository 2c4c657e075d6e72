"""Benchmark: import a 2,000-procedure workbook (read, dry run, first import, re-import).

Generates a synthetic workbook in the layout of docs/catalog-import.md (codes 9.NNNNNN, so never a
real procedure; Vietnamese text of realistic length; five required documents each; a 5-step
internal process for every fourth procedure at a commune centre of the demo province), then
imports it into a database created for the run and dropped after it: a SQLite file in a
temporary directory by default, or a database "bench_motcua" on the PostgreSQL server of
DATABASE_URL. The working database (var/motcua.sqlite3) is never touched.

    .venv/bin/python bench/catalog_import.py [--procedures 2000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua .venv/bin/python bench/catalog_import.py

Figures are recorded in docs/catalog-import.md.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
os.environ["MOTCUA_VAR_DIR"] = str(TMP)  # settings create directories there, not in var/
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'unused.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from motcua.accounts.demo import load_demo  # noqa: E402
from motcua.accounts.models import OrgUnit  # noqa: E402
from motcua.catalog.content import DocumentContent, TermContent, VersionContent  # noqa: E402
from motcua.catalog.spreadsheet import read_workbook, write_workbook  # noqa: E402
from motcua.catalog.transfer.importer import catalog_import  # noqa: E402
from motcua.catalog.transfer.items import CatalogItem, ProcessContent  # noqa: E402
from motcua.catalog.transfer.processes import StepContent  # noqa: E402

VERBS = ["Cấp", "Cấp lại", "Cấp đổi", "Điều chỉnh", "Gia hạn", "Thu hồi", "Đăng ký", "Xác nhận"]
OBJECTS = [
    "giấy phép kinh doanh dịch vụ lữ hành nội địa",
    "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
    "giấy phép xây dựng nhà ở riêng lẻ",
    "giấy chứng nhận quyền sử dụng đất lần đầu",
    "giấy phép khai thác nước dưới đất",
    "chứng chỉ hành nghề dược",
    "giấy chứng nhận đăng ký hộ kinh doanh",
    "giấy phép vận chuyển hàng nguy hiểm",
    "giấy xác nhận tình trạng hôn nhân",
    "giấy phép tổ chức lễ hội truyền thống",
]
FIELDS = [
    (f"Lĩnh vực thử nghiệm {index:02d}", f"G{index % 9 + 1:02d}-TN{index:02d}")
    for index in range(40)
]
SEQUENCE = (
    "Bước 1: Tổ chức, cá nhân chuẩn bị hồ sơ theo quy định và nộp tại Trung tâm Phục vụ hành "
    "chính công hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.\nBước 2: Công chức tiếp nhận "
    "kiểm tra tính đầy đủ, hợp lệ của hồ sơ; hướng dẫn bổ sung nếu hồ sơ chưa đầy đủ.\nBước 3: "
    "Cơ quan có thẩm quyền thẩm định, trình lãnh đạo ký duyệt.\nBước 4: Trả kết quả."
)
DOCUMENTS = [
    "Đơn đề nghị theo Mẫu số 01 ban hành kèm theo Thông tư",
    "Bản sao giấy tờ chứng minh nhân thân của người đề nghị",
    "Bản thuyết minh về cơ sở vật chất, trang thiết bị",
    "Giấy xác nhận của cơ quan chuyên môn có liên quan",
    "Bản sao các văn bằng, chứng chỉ chuyên môn",
]


def synthetic(count: int, centres: list[tuple[str, str]]) -> list[CatalogItem]:
    """Return `count` complete procedures; every fourth has a process at a demo commune centre."""
    items = []
    for index in range(count):
        code = f"9.{index + 1:06d}"
        field_name, field_code = FIELDS[index % len(FIELDS)]
        days = Decimal(3 + index % 3 * 2)
        content = VersionContent(
            name=f"{VERBS[index % len(VERBS)]} {OBJECTS[index % len(OBJECTS)]} (mẫu {index + 1})",
            field_name=field_name,
            field_code=field_code,
            local_code=f"{code}.000.00.00.H13",
            for_province=index % 3 != 0,
            for_commune=index % 3 != 1,
            implementing_agency="Sở ban ngành cấp tỉnh; Ủy ban nhân dân cấp xã",
            authorised_agency="Ủy ban nhân dân tỉnh Cao Bằng",
            receiving_address="Trung tâm Phục vụ hành chính công tỉnh Cao Bằng",
            sequence=SEQUENCE,
            methods="Trực tiếp; Trực tuyến; Qua dịch vụ bưu chính công ích",
            subjects="Công dân Việt Nam; Tổ chức",
            result="Giấy phép hoặc văn bản trả lời nêu rõ lý do",
            requirements="Đáp ứng các điều kiện quy định tại Nghị định hướng dẫn.",
            legal_basis="Luật số 00/2025/QH15\nNghị định số 00/2025/NĐ-CP\nThông tư số 00/2025/TT",
            online_level=["full", "partial", "none"][index % 3],
            decision_number=f"{index % 900 + 100}/QĐ-UBND",
            decision_date=date(2025, 6, 20),
            decision_effective_date=date(2025, 7, 1),
            documents=tuple(
                DocumentContent(name=name, originals=1, photocopies=index % 2) for name in DOCUMENTS
            ),
            terms=(
                TermContent("counter", days, "working_days", fee_vnd=50000 * (index % 4)),
                TermContent("online", days, "working_days", fee_vnd=40000 * (index % 4)),
                TermContent("postal", days, "working_days", fee_vnd=50000 * (index % 4)),
            ),
        )
        processes: tuple[ProcessContent, ...] = ()
        if index % 4 == 0:
            centre, commune = centres[index // 4 % len(centres)]
            hours = [(centre, "one_stop_officer", 4), (commune, "specialist", 12),
                     (commune, "agency_leader", 4), (commune, "clerk", 2),
                     (centre, "one_stop_officer", 2)]  # fmt: skip
            steps = tuple(
                StepContent(position, unit, role, f"Bước {position}", Decimal(value))
                for position, (unit, role, value) in enumerate(hours, start=1)
            )
            processes = (ProcessContent(centre, steps, decision="2682/QĐ-UBND"),)
        items.append(CatalogItem(code, content, processes))
    return items


def timed(label: str, action, note: str = ""):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - start
    print(f"  {label:<34}{seconds:>7.2f} s  {note}")
    return result, seconds


def main() -> int:
    count = (
        int(sys.argv[sys.argv.index("--procedures") + 1]) if "--procedures" in sys.argv else 2000
    )
    connection.settings_dict["TEST"]["NAME"] = (
        str(TMP / "bench.sqlite3") if connection.vendor == "sqlite" else "bench_motcua"
    )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        load_demo(with_totp=False)
        centres = list(
            OrgUnit.objects.filter(kind="one_stop_centre", parent__kind="commune")
            .order_by("identifier")
            .values_list("identifier", "parent__identifier")[:10]
        )
        items = synthetic(count, centres)
        documents = sum(len(item.content.documents) for item in items)
        steps = sum(len(process.steps) for item in items for process in item.processes)
        processes = sum(len(item.processes) for item in items)
        rows = count + documents + steps
        print(
            f"catalogue import benchmark: Python {platform.python_version()}, "
            f"{platform.machine()}, {os.cpu_count()} CPUs, {connection.vendor}"
        )
        print(
            f"  {count:,} procedures, {documents:,} documents, {processes:,} processes "
            f"({steps:,} steps): {rows:,} rows"
        )
        path = TMP / "catalogue.xlsx"
        timed("write the workbook", lambda: write_workbook(items, path))
        print(f"  {'workbook size':<34}{path.stat().st_size / 1e6:>7.2f} MB")
        parsed, read_s = timed("read the workbook", lambda: read_workbook(path))
        assert not parsed.issues, parsed.issues[:5]
        report, dry_s = timed(
            "dry run (all checks, no writes)",
            lambda: catalog_import(parsed=parsed, actor=None, dry_run=True),
        )
        assert report.ok, report.issues[:5]
        report, import_s = timed(
            "first import (one transaction)", lambda: catalog_import(parsed=parsed, actor=None)
        )
        assert report.ok and report.procedures.created == count, report
        total = read_s + dry_s + import_s
        print(f"  {'read + dry run + import':<34}{total:>7.2f} s  {rows / total:,.0f} rows/s")

        def reimport():  # type: ignore[no-untyped-def]
            return catalog_import(parsed=read_workbook(path), actor=None)

        report, again_s = timed("re-import (read + checks)", reimport)
        assert report.procedures.unchanged == count and report.processes.unchanged == processes
        print(f"  {'':<34}{'':>9}{rows / again_s:,.0f} rows/s, nothing written")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(TMP, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
