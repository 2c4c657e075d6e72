"""The pages as a person uses them, in headless Chromium (Debian's chromium, driven by Playwright).

A staff member logs in with password and authenticator code, opens a unit, is refused another
commune's unit; anyone computes a deadline; a counter officer receives a dossier that anyone then
looks up by its code. Skipped only outside CI when Chromium is missing.
"""

from __future__ import annotations

import io
import time

from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page
from pypdf import PdfReader

from motcua.accounts.demo import DEMO_PASSWORD, THUC_PHAN
from motcua.accounts.models import OrgUnit
from motcua.catalog.demo import load_demo_catalog
from motcua.documents.demo import load_demo_pki
from motcua.documents.forms.layout import date_words
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier
from motcua.web.dossier_action_forms import ACTION_LABELS
from motcua.web.tests.browser import BROWSER
from motcua.workflow.demo import load_demo_processes

pytestmark = BROWSER


def code_for(username: str) -> str:
    """The current code of the user's authenticator.

    django-otp refuses a code twice; a test that logs the same person in again within 30 s
    moves the record of the last used code one step back, as if that login had been earlier.
    """
    device = TOTPDevice.objects.get(user__username=username)
    now_t = (int(time.time()) - device.t0) // device.step
    if device.last_t >= now_t:
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=now_t - 1)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


def test_staff_logs_in_with_second_factor_and_sees_only_their_unit(browser_page, live_server):
    page = browser_page
    page.goto(f"{live_server.url}/staff/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Tên đăng nhập").fill("thucphan.chuyenvien")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/accounts/verify/**")
    page.get_by_label("Mã 6 chữ số").fill(code_for("thucphan.chuyenvien"))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url("**/staff/")
    page.get_by_role("link", name="Ủy ban nhân dân phường Thục Phán").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ủy ban nhân dân phường Thục Phán"
    other = OrgUnit.objects.get(identifier="000.00.34.H13")
    response = page.goto(f"{live_server.url}/staff/units/{other.pk}/")
    assert response is not None and response.status == 404
    own = OrgUnit.objects.get(identifier=THUC_PHAN)
    response = page.goto(f"{live_server.url}/staff/units/{own.pk}/")
    assert response is not None and response.status == 200


def test_anyone_computes_a_deadline_with_its_explanation(browser_page, live_server):
    page = browser_page
    page.goto(f"{live_server.url}/deadlines/")
    page.get_by_label("Thời điểm tiếp nhận").fill("2026-02-06T17:45")
    page.get_by_label("Thời hạn giải quyết").fill("5")
    page.get_by_label("Đơn vị thời gian").select_option("working_days")
    page.get_by_role("button", name="Tính hạn giải quyết").click()
    due = page.locator(".result time")
    assert due.get_attribute("datetime") == "2026-02-23T17:30:00+07:00"
    explanation = page.locator(".result ol").inner_text()
    assert "Tết" in explanation or "Nguyên đán" in explanation


def test_skip_link_is_the_first_tab_stop(browser_page, live_server):
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"


def test_counter_officer_receives_a_dossier_and_anyone_looks_it_up(browser_page, live_server):
    load_demo_catalog()
    load_demo_processes()
    page = browser_page
    page.goto(f"{live_server.url}/ho-so/tiep-nhan/")
    page.get_by_label("Tên đăng nhập").fill("thucphan.motcua")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/accounts/verify/**")
    page.get_by_label("Mã 6 chữ số").fill(code_for("thucphan.motcua"))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url("**/ho-so/tiep-nhan/")
    page.get_by_label("Thủ tục", exact=True).select_option("3.000527")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Họ và tên hoặc tên tổ chức").fill("Nguyễn Thị Hồng Nhung")
    page.get_by_label("Số định danh cá nhân (cá nhân)").fill("001203004567")
    for box in page.locator("table.checklist").get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Tiếp nhận (mẫu 01)").click()
    page.wait_for_url("**/ho-so/*/")
    code = Dossier.objects.get().code
    assert page.get_by_role("heading", level=1, name=f"Hồ sơ {code}").is_visible()
    assert "Đã tiếp nhận hồ sơ" in page.get_by_role("status").inner_text()
    page.context.clear_cookies()  # the public, not logged in
    page.goto(f"{live_server.url}/tra-cuu/")
    page.get_by_label("Mã số hồ sơ").fill(code)
    page.get_by_role("button", name="Tra cứu", exact=True).click()
    found = page.locator("section.lookup")
    assert code in found.inner_text() and "Mới tiếp nhận" in found.inner_text()
    assert "Nguyễn T. H. N." in found.inner_text()


def log_in(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(url)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/accounts/verify/**")
    page.get_by_label("Mã 6 chữ số").fill(code_for(username))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(url)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_a_dossier_goes_from_the_counter_through_every_step_to_return(
    browser_page, live_server, tmp_path
):
    """Done-when of the dossier issue: receive with checklist and scan, print form 01 (code,
    appointment, QR), every step of the process to return, form 06, the public timeline."""
    load_demo_catalog()
    load_demo_processes()
    load_demo_pki(directory=tmp_path)  # issuing the result signs it with the demo agency key
    page = browser_page
    log_in(page, f"{live_server.url}/ho-so/tiep-nhan/", "thucphan.motcua")
    page.get_by_label("Thủ tục", exact=True).select_option("3.000527")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Họ và tên hoặc tên tổ chức").fill("Nguyễn Thị Hồng Nhung")
    page.get_by_label("Số định danh cá nhân (cá nhân)").fill("001203004567")
    page.get_by_label("Số điện thoại").fill("0912345678")
    for box in page.locator("table.checklist").get_by_role("checkbox").all():
        box.check()
    scan = {"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%scan\n"}
    page.locator("table.checklist input[type=file]").first.set_input_files(scan)
    assert "Không thu phí" in page.locator("form.intake").inner_text()  # the fee, shown
    page.get_by_role("button", name="Tiếp nhận (mẫu 01)").click()
    page.wait_for_url("**/ho-so/*/")
    dossier = Dossier.objects.get()
    assert dossier.components.exclude(file="").count() == 1
    detail_url = page.url
    receipt = page.request.get(f"{live_server.url}/ho-so/{dossier.pk}/bieu-mau/1/")
    assert receipt.headers["content-type"] == "application/pdf"
    text = pdf_text(receipt.body())
    due = timezone.localtime(dossier.due_at)
    assert dossier.code in text
    assert date_words(due.date()) in text  # "ngày 07 tháng 12 năm 2026": NĐ 30/2020 zeros
    images = PdfReader(io.BytesIO(receipt.body())).pages[0].images
    assert images, "form 01 carries the QR code"

    def act(username: str, *actions: Action) -> None:
        log_in(page, detail_url, username)
        for action in actions:
            with translation.override("vi"):
                label = str(ACTION_LABELS[action])
            page.get_by_role("button", name=label, exact=True).first.click()
            page.wait_for_url(detail_url)
            assert page.get_by_role("status").is_visible()

    act("thucphan.motcua", Action.FORWARD)
    act("thucphan.chuyenvien", Action.TAKE, Action.COMPLETE_STEP)
    act("thucphan.truongphong", Action.APPROVE)
    act("thucphan.lanhdao", Action.SIGN)
    act("thucphan.vanthu", Action.ISSUE_RESULT)
    act("thucphan.motcua", Action.RETURN_RESULT)
    dossier.refresh_from_db()
    assert dossier.state == "returned"
    slip = pdf_text(page.request.get(f"{live_server.url}/ho-so/{dossier.pk}/bieu-mau/6/").body())
    for person in ("Nguyễn Thị Một Cửa", "Trần Văn Chuyên"):
        assert person in slip
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tra-cuu/?ma={dossier.code}")
    found = page.locator("section.lookup").inner_text()
    assert "Đã trả kết quả" in found
    assert "Chuyên" not in found  # no officer names in public


def test_a_supervisor_reads_the_dashboard_drills_down_and_sees_it_refresh(
    browser_page, live_server
):
    from datetime import date

    from motcua.accounts.demo import PROVINCE
    from motcua.reporting.figures import Period
    from motcua.reporting.report import unit_report
    from motcua.reporting.tests.helpers import line
    from motcua.reporting.tests.test_definitions import HISTORIES
    from motcua.reporting.transfer import import_histories

    load_demo_catalog()
    assert import_histories(HISTORIES).errors == []
    province = OrgUnit.objects.get(identifier=PROVINCE)
    url = f"{live_server.url}/bao-cao/?unit={province.pk}&from=2026-03-01&to=2026-03-31"
    page = browser_page
    log_in(page, f"{live_server.url}/bao-cao/", "tinh.tonghop")
    page.goto(url)
    assert page.get_by_role("heading", name="Bảng điều hành").is_visible()
    report = unit_report(unit=province, period=Period(date(2026, 3, 1), date(2026, 3, 31)))
    received = page.locator(".report-cards a", has_text="Mới tiếp nhận trong kỳ")
    assert received.locator(".card-value").inner_text() == str(report["received"])
    assert page.locator("svg.chart").count() == 4
    late = page.locator(".report-cards a", has_text="trễ hạn")
    assert late.locator(".card-value").inner_text() == str(report["finished"]["late"])
    late.click()
    page.wait_for_url("**/bao-cao/ho-so/**")
    assert page.locator("a.code").count() == report["finished"]["late"]
    page.go_back()
    # a new dossier arrives: the page refreshes itself (the timer's function, called now)
    assert import_histories([line("NEW", "2026-03-20 09:00", "2026-03-25")]).errors == []
    page.evaluate("window.motcuaRefreshReport()")
    page.wait_for_function("document.querySelector('#report-body').hasAttribute('data-refreshed')")
    assert received.locator(".card-value").inner_text() == str(report["received"] + 1)
    # a one-click period keeps the unit
    year = timezone.localdate().year
    page.locator(".period-links").get_by_role("link", name="Quý I", exact=True).click()
    page.wait_for_url(f"**/bao-cao/?unit={province.pk}&from={year}-01-01&to=*")
    assert page.locator("#id_from").input_value() == f"{year}-01-01"
    page.go_back()
    # the TT 01/2018 evaluation, from the dashboard's link: WCAG 2.1 AA at 1280 and 360 px
    from motcua.web.tests.test_portal_browser import accessible

    page.get_by_role("link", name="Đánh giá (TT 01/2018)").click()
    page.wait_for_url("**/bao-cao/danh-gia/**")
    assert page.get_by_role("heading", name="Đánh giá chất lượng giải quyết thủ tục hành chính")
    accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    accessible(page)
