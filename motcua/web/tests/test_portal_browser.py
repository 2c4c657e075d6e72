"""The citizen portal in headless Chromium, as a new citizen would use it (issue: done-when):
sign up, apply online reusing a stored document, answer the officer's supplement request,
receive the result and rate the service. Every portal page is checked by axe-core (no serious or
critical violation, WCAG 2.1 AA rules) and at a 360-pixel-wide phone screen."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.db import connection
from playwright.sync_api import Page

from motcua.accounts.models import User
from motcua.catalog.demo import load_demo_catalog
from motcua.documents.demo import load_demo_pki
from motcua.documents.services import result_issue
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.web.tests.browser import BROWSER
from motcua.workflow.demo import load_demo_processes

ONLINE = "1.012994"  # fully online, with a process at every commune centre of the demo
PDF = {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%scan\n"}
pytestmark = BROWSER
AXE = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def accessible(page: Page) -> None:
    """Assert axe-core finds no serious or critical violation, and nothing scrolls sideways at
    the width the page is shown."""
    results = AXE.run(page, options={"resultTypes": ["violations"], **WCAG_AA})
    serious = [
        f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:3]})"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not serious, f"{page.url}: {serious}"
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None
    assert width <= viewport["width"] + 1, f"{page.url} scrolls sideways ({width}px)"


def _staff(username: str) -> User:
    return User.objects.get(username=username)


def _officers_ask_for_a_supplement(dossier: Dossier) -> Dossier:
    one_stop = _staff("thucphan.motcua")
    dossier = services.dossier_receive(actor=one_stop, dossier=dossier, revision=dossier.revision)
    dossier = services.dossier_forward(actor=one_stop, dossier=dossier, revision=dossier.revision)
    dossier = services.dossier_complete_step(
        actor=_staff("thucphan.truongphong"), dossier=dossier, revision=dossier.revision
    )
    return services.dossier_request_supplement(
        actor=_staff("thucphan.chuyenvien"),
        dossier=dossier,
        revision=dossier.revision,
        items=["Bảng kê thanh toán kinh phí bồi thường, hỗ trợ, tái định cư (bản chính)"],
    )


def _officers_finish_and_return(dossier: Dossier, base: str) -> Dossier:
    leader = _staff("thucphan.truongphong")
    for actor, act in (
        (_staff("thucphan.chuyenvien"), services.dossier_complete_step),
        (leader, services.dossier_approve),
        (_staff("thucphan.lanhdao"), services.dossier_sign),
    ):
        dossier = act(actor=actor, dossier=dossier, revision=dossier.revision)
    # The clerk issues the result as a signed PDF (the ward's demo certificate).
    result_issue(
        actor=_staff("thucphan.vanthu"),
        dossier=dossier,
        revision=dossier.revision,
        verify_url=lambda code: f"{base}/xac-thuc/?ma={code}",
    )
    dossier = Dossier.objects.get(pk=dossier.pk)
    return services.dossier_return_result(
        actor=_staff("thucphan.motcua"), dossier=dossier, revision=dossier.revision, via="online"
    )


def _officers_finish_and_return_on_a_thread(pk: int, base: str) -> None:
    try:
        _officers_finish_and_return(Dossier.objects.get(pk=pk), base)
    finally:
        connection.close()


def test_a_new_citizen_applies_online_answers_a_supplement_and_rates(
    browser_page, live_server, tmp_path
):
    load_demo_catalog()
    load_demo_processes()
    load_demo_pki(directory=tmp_path)
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 780})  # a phone
    base = live_server.url

    # Sign up with an e-mail address; the code arrives by e-mail.
    page.goto(f"{base}/dang-ky/")
    accessible(page)
    page.get_by_label("Họ và tên").fill("Lê Thị Mai")
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("004198001122")
    page.get_by_label("Thư điện tử").fill("mai@example.vn")
    page.get_by_label("Mật khẩu").fill("hoa-sen-2026")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_url("**/dang-ky/xac-nhan/")
    accessible(page)
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert code is not None
    page.get_by_label("Mã xác nhận").fill(code.group(1))
    page.get_by_role("button", name="Xác nhận", exact=True).click()
    page.wait_for_url("**/cong-dan/ho-so/")
    accessible(page)

    # A document of their own goes into the store first.
    page.get_by_role("link", name="Giấy tờ của tôi").click()
    page.get_by_label("Tên giấy tờ").fill(
        "Phương án bồi thường, hỗ trợ, tái định cư đã được phê duyệt"
    )
    page.get_by_label("Tệp (PDF, JPEG hoặc PNG, tối đa 20 MB)").set_input_files(PDF)
    page.get_by_role("button", name="Thêm vào giấy tờ của tôi").click()
    page.wait_for_url("**/cong-dan/giay-to/")
    accessible(page)

    # Apply online from the procedure's page: one upload, one document reused from the store.
    page.goto(f"{base}/thu-tuc/{ONLINE}/")
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    page.wait_for_url("**/cong-dan/ho-so-nhap/*/")
    accessible(page)
    assert "Không thu phí" in page.inner_text("dl.summary")  # the fee before submitting
    cards = page.locator("ol.cards > li")
    cards.nth(0).locator("input[type=file]").set_input_files(PDF)
    cards.nth(0).get_by_role("button", name="Tải lên").click()
    page.wait_for_load_state()
    cards.nth(1).get_by_role("button", name="Dùng giấy tờ này").click()
    page.wait_for_load_state()
    assert "Từ kho giấy tờ" in page.locator("ol.cards > li").nth(1).inner_text()
    page.get_by_label("Nộp hồ sơ tại").select_option(
        label="Trung tâm Phục vụ hành chính công phường Thục Phán"
    )
    page.get_by_label("Trực tuyến: tải kết quả điện tử tại đây").check()
    page.get_by_label("Tôi cam đoan thông tin và giấy tờ đã cung cấp là đúng sự thật.").check()
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    page.wait_for_url("**/cong-dan/ho-so/*/")
    accessible(page)
    assert "Chờ tiếp nhận" in page.inner_text("dl.summary")
    dossier = Dossier.objects.get(applicant_user__email="mai@example.vn")
    assert dossier.components.filter(reused=True).count() == 1

    # The officers receive it and ask for a supplement; the citizen answers online.
    _officers_ask_for_a_supplement(dossier)
    page.reload()
    accessible(page)
    supplement = page.locator("section[aria-labelledby=supplement]")
    supplement.locator("input[type=file]").first.set_input_files(PDF)
    supplement.get_by_role("button", name="Nộp bổ sung").click()
    page.wait_for_url("**/cong-dan/ho-so/*/")
    assert "Hoàn thành bổ sung" in page.inner_text("dl.summary")

    # Processed and returned online: the result is listed and the citizen rates the service.
    # pyHanko signs through asyncio.run, which cannot run inside Playwright's event loop: the
    # officers work on a thread of their own (as they would, on another machine).
    with ThreadPoolExecutor(1) as officers:
        officers.submit(_officers_finish_and_return_on_a_thread, dossier.pk, base).result()
    page.reload()
    accessible(page)
    assert f"{dossier.code}-KQ1" in page.inner_text("section[aria-labelledby=results]")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về (PDF đã ký)").click()
    signed = Path(download.value.path()).read_bytes()
    assert signed.startswith(b"%PDF") and b"/ByteRange" in signed  # the signed result
    # It is in the citizen's store now, for the next procedure that asks for it.
    page.goto(f"{base}/cong-dan/giay-to/")
    assert "Kết quả đã nhận" in page.inner_text("main")
    page.go_back()
    overall = page.get_by_role("group", name="Nhìn chung, bạn hài lòng với dịch vụ ở mức nào?")
    overall.get_by_label("Rất hài lòng").check()
    page.get_by_role("group", name="Thời gian giải quyết").get_by_label(
        "Hài lòng", exact=True
    ).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_url("**/cong-dan/ho-so/*/")
    assert "Cảm ơn bạn đã đánh giá dịch vụ." in page.get_by_role("status").inner_text()
    dossier.refresh_from_db()
    assert dossier.rating == "very_satisfied"
    rate = dossier.events.get(action="rate")
    assert rate.data["criteria"] == {"timeliness": "satisfied"}


def test_the_other_portal_pages_pass_axe_at_phone_and_desktop_width(browser_page, live_server):
    load_demo_catalog()
    load_demo_processes()
    page = browser_page
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/", "/accounts/login/", "/dang-ky/", "/thu-tuc/", f"/thu-tuc/{ONLINE}/"):
            page.goto(f"{live_server.url}{path}")
            accessible(page)
