"""Public catalogue pages: search, filters and paging, the procedure page, versions, forms."""

import re
from dataclasses import fields
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from motcua.accounts.demo import THUC_PHAN, THUC_PHAN_CENTRE
from motcua.accounts.models import OrgUnit
from motcua.catalog import services
from motcua.catalog.content import DocumentContent, TermContent, VersionContent
from motcua.catalog.models import Field, Procedure
from motcua.catalog.tests.factories import content
from motcua.core.time import today
from motcua.workflow import services as workflow_services
from motcua.workflow.services import StepContent

pytestmark = pytest.mark.django_db

FIELD = "Lĩnh vực thử nghiệm trang"
CSS = Path(__file__).resolve().parents[1] / "static" / "web" / "site.css"


def publish(code, on=None, **changes):
    changes.setdefault("field_name", FIELD)
    changes.setdefault("local_code", f"{code}.000.00.00.H13")
    draft = services.procedure_draft_save(actor=None, code=code, content=content(**changes))
    return services.procedure_version_publish(actor=None, version=draft, effective_from=on)


def text(response):
    """The page's text without tags and with spaces collapsed, for "the page says" checks."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body)


def test_catalogue_is_public_and_linked_from_every_page(client):
    home = client.get("/")
    assert 'href="/thu-tuc/"' in home.content.decode()
    page = client.get("/thu-tuc/")
    assert page.status_code == 200
    assert "Administrative procedures" in text(page)


def test_search_without_diacritics_finds_the_procedure(client):
    page = client.get("/thu-tuc/", {"q": "dang ky ket hon"})
    body = page.content.decode()
    first = re.search(r'<ol class="results".*?<a href="([^"]+)">([^<]+)</a>', body, re.S)
    assert first is not None and first.groups() == ("/thu-tuc/1.000894/", "Thủ tục đăng ký kết hôn")
    assert "procedures found for “dang ky ket hon”" in text(page)
    upper = client.get("/thu-tuc/", {"q": "DANG KY KHAI SINH"})
    assert '<a href="/thu-tuc/1.001193/">' in upper.content.decode()


def test_no_result_gives_a_helpful_empty_state(client):
    page = client.get("/thu-tuc/", {"q": "khong co thu tuc nao ten nay", "level": "province"})
    body = text(page)
    assert page.status_code == 200
    assert "0 procedures found" in body
    assert (
        "No procedure in force matches “khong co thu tuc nao ten nay” with these filters." in body
    )
    assert "Accents and capital letters do not matter." in body
    assert 'href="?q=khong%20co%20thu%20tuc%20nao%20ten%20nay"' in page.content.decode()


def test_filters_and_paging_keep_the_query_string(client, django_assert_max_num_queries):
    for number in range(23):
        publish(f"9.9102{number:02d}", name=f"Cấp phép thử số {number:02d}")
    field = Field.objects.get(name=FIELD).pk
    with django_assert_max_num_queries(4):  # fields, matches, the page's versions, time limits
        page = client.get("/thu-tuc/", {"q": "cap phep", "field": field, "level": "commune"})
    body = page.content.decode()
    assert page.context["page"].paginator.count == 23
    assert len(page.context["page"].object_list) == 20
    assert f'href="?q=cap+phep&amp;field={field}&amp;level=commune&amp;page=2" rel="next"' in body
    assert 'aria-current="page"' in body
    second = client.get("/thu-tuc/", {"q": "cap phep", "field": field, "page": 2})
    assert [item.code for item in second.context["page"].object_list] == [
        "9.910220",
        "9.910221",
        "9.910222",
    ]
    nonsense = client.get("/thu-tuc/", {"field": "abc", "page": "zzz", "online_level": "x"})
    assert nonsense.status_code == 200  # invalid filters are shown on their field and ignored
    assert nonsense.context["page"].number == 1


@pytest.fixture
def form_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return default_storage.save("catalog/templates/2026/to-khai.docx", ContentFile(b"to khai"))


@pytest.fixture
def full(form_file):
    """A procedure with every field filled in, a form template, fees and a process."""
    body = content(
        name="Cấp giấy phép thử nghiệm đầy đủ",
        field_name=FIELD,
        field_code="G99-TN01",
        local_code="9.920001.000.00.00.H13",
        for_province=True,
        for_commune=True,
        implementing_agency="Ủy ban nhân dân xã Thử",
        authorised_agency="Sở Thử nghiệm",
        cooperating_agencies="Công an xã Thử",
        receiving_address="Trung tâm Phục vụ hành chính công xã Thử",
        sequence="Bước 1: nộp hồ sơ thử.\nBước 2: nhận kết quả thử.",
        methods="Trực tiếp hoặc trực tuyến (thử)",
        subjects="Cá nhân thử nghiệm",
        result="Giấy phép thử\nBản sao giấy phép thử",
        requirements="Đủ 18 tuổi (thử)",
        legal_basis="Luật Thử nghiệm 2026\nNghị định 1/2026/NĐ-CP (thử)",
        online_level="partial",
        decision_number="999/QĐ-UBND",
        decision_date=date(2025, 6, 20),
        decision_effective_date=date(2025, 7, 1),
        documents=(
            DocumentContent(name="Tờ khai thử", originals=1, template=form_file),
            DocumentContent(
                name="Giấy tờ tùy thân thử", certified_copies=2, photocopies=1, reusable=True
            ),
        ),
        terms=(
            TermContent("counter", Decimal(3), "working_days", fee_vnd=50_000, fee_note="Lệ phí"),
            TermContent("online", Decimal(0), "same_day", fee_vnd=0),
        ),
    )
    # Every field filled in, so that the page test covers all of them.
    assert all(getattr(body, item.name) not in ("", None, ()) for item in fields(VersionContent))
    draft = services.procedure_draft_save(actor=None, code="9.920001", content=body)
    version = services.procedure_version_publish(actor=None, version=draft)
    steps = [
        StepContent(1, THUC_PHAN_CENTRE, "one_stop_officer", "Tiếp nhận thử", Decimal(2)),
        StepContent(2, THUC_PHAN, "specialist", "Thẩm định thử", Decimal(4)),
        StepContent(3, THUC_PHAN, "agency_leader", "Ký duyệt thử", Decimal(2)),
        StepContent(4, THUC_PHAN_CENTRE, "one_stop_officer", "Trả kết quả thử", Decimal(0)),
    ]
    process = workflow_services.process_draft_save(
        actor=None,
        procedure=Procedure.objects.get(code="9.920001"),
        receiving_unit=OrgUnit.objects.get(identifier=THUC_PHAN_CENTRE),
        steps=steps,
        decision="2682/QĐ-UBND (thử)",
    )
    workflow_services.process_publish(actor=None, process=process, effective_from=date(2025, 7, 1))
    return version


def test_procedure_page_shows_every_mandatory_field(client, full, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        page = client.get("/thu-tuc/9.920001/")
    assert page.status_code == 200
    body = text(page)
    # NĐ 63/2010 Art. 8(2) and the portals' fields (content.missing_fields names the mandatory).
    for expected in [
        "Cấp giấy phép thử nghiệm đầy đủ",
        "9.920001",
        "9.920001.000.00.00.H13",
        f"{FIELD} (G99-TN01)",
        "Provincial level, Commune level",
        "Ủy ban nhân dân xã Thử",
        "Sở Thử nghiệm",
        "Công an xã Thử",
        "Trung tâm Phục vụ hành chính công xã Thử",
        "Bước 1: nộp hồ sơ thử.",
        "Bước 2: nhận kết quả thử.",
        "Trực tiếp hoặc trực tuyến (thử)",
        "Cá nhân thử nghiệm",
        "Tờ khai thử",
        "1 original",
        "Giấy tờ tùy thân thử",
        "2 certified copies",
        "1 photocopy",
        "Reusable",
        "At the counter 3 working days 50,000 VND Lệ phí",
        "Online Same day (if received before 15:00) No fee",
        "Giấy phép thử",
        "Bản sao giấy phép thử",
        "Đủ 18 tuổi (thử)",
        "Luật Thử nghiệm 2026",
        "Nghị định 1/2026/NĐ-CP (thử)",
        "Partly online",
        "999/QĐ-UBND",
        "20/06/2025",
        "01/07/2025",
        "Version 1, in force from 01/07/2025",
    ]:
        assert expected in body, expected
    html = page.content.decode()
    assert '<th scope="col">' in html and '<th scope="row">' in html
    # The internal process: steps with unit, role, task and time, and the total.
    for expected in [
        "Received at Trung tâm Phục vụ hành chính công phường Thục Phán",
        "2682/QĐ-UBND (thử)",
        "Ủy ban nhân dân phường Thục Phán Specialist Thẩm định thử 4 working hours",
        "Trả kết quả thử not timed",
        "Total 8 working hours (1 working day)",
    ]:
        assert expected in body, expected


def test_form_template_downloads(client, full):
    document = full.documents.get(position=1)
    link = f"/thu-tuc/9.920001/bieu-mau/{document.pk}/"
    assert link in client.get("/thu-tuc/9.920001/").content.decode()
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"to khai"
    assert 'attachment; filename="to-khai' in response["Content-Disposition"]
    other = full.documents.get(position=2)  # no template
    assert client.get(f"/thu-tuc/9.920001/bieu-mau/{other.pk}/").status_code == 404
    assert client.get(f"/thu-tuc/1.000894/bieu-mau/{document.pk}/").status_code == 404


def test_localised_code_and_unknown_codes(client, full):
    assert client.get("/thu-tuc/9.920001.000.00.00.H13/").status_code == 200
    assert client.get("/thu-tuc/9.999999/").status_code == 404
    assert client.get("/thu-tuc/not-a-code/").status_code == 404


def test_old_versions_stay_readable(client):
    publish("9.930001", on=date(2025, 7, 1), name="Tên cũ thử")
    publish("9.930001", on=date(2026, 1, 1), name="Tên mới thử")
    upcoming = today() + timedelta(days=20)
    publish("9.930001", on=upcoming, name="Tên sắp tới thử")
    current = client.get("/thu-tuc/9.930001/")
    body = text(current)
    assert "Tên mới thử" in body
    assert f"A new version (3) takes effect on {upcoming:%d/%m/%Y}" in body
    assert 'href="/thu-tuc/9.930001/phien-ban/1/"' in current.content.decode()
    old = client.get("/thu-tuc/9.930001/phien-ban/1/")
    assert "Tên cũ thử" in text(old)
    assert "It applied from 01/07/2025 until 01/01/2026 and is no longer in force." in text(old)
    assert "Internal processes" not in text(old)
    assert "It takes effect on" in text(client.get("/thu-tuc/9.930001/phien-ban/3/"))
    assert client.get("/thu-tuc/9.930001/phien-ban/9/").status_code == 404


def test_drafts_are_not_public(client):
    publish("9.940001", name="Đã công bố thử")
    services.procedure_draft_save(
        actor=None, code="9.940001", content=content(name="Bản nháp thử", field_name=FIELD)
    )
    assert "Bản nháp thử" not in text(client.get("/thu-tuc/9.940001/"))
    assert client.get("/thu-tuc/9.940001/phien-ban/2/").status_code == 404
    assert client.get("/thu-tuc/", {"q": "ban nhap thu"}).context["page"].paginator.count == 0


def test_abolished_procedure_answers_not_found_with_its_history(client):
    version = publish("9.950001", name="Thủ tục bãi bỏ thử")
    services.procedure_abolish(actor=None, procedure=version.procedure, on=today())
    page = client.get("/thu-tuc/9.950001/")
    assert page.status_code == 404
    assert "It was abolished from" in text(page)
    assert client.get("/thu-tuc/9.950001/phien-ban/1/").status_code == 200


def test_detail_of_a_demo_procedure_groups_identical_processes(client):
    page = client.get("/thu-tuc/3.000527/")
    body = text(page)
    assert "Received at any of 18 places" in body
    assert "The receiving centre" in body and "The agency of the receiving centre" in body


def test_procedure_page_prints_black_on_white_without_navigation():
    css = CSS.read_text(encoding="utf-8")
    printed = css[css.index("@media print") :]
    assert "header.site" in printed and "form" in printed and "#000" in printed
