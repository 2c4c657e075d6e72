"""The feedback pages as people use them, in headless Chromium (the setup of test_browser.py).

A reader searches the published answers without diacritics and likes one; the sender logs in
and reopens it; a ward specialist classifies, takes and answers a feedback and the ward leader
publishes it; an officer of another commune gets 404.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD
from motcua.accounts.models import User
from motcua.feedback.demo import load_demo_feedback_categories
from motcua.feedback.models import Feedback, FeedbackState
from motcua.feedback.tests.helpers import published, receive
from motcua.web.tests.browser import BROWSER
from motcua.web.tests.test_browser import code_for

pytestmark = BROWSER


def _login(page: Page, base: str, username: str, next_url: str, staff: bool = True) -> None:
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if staff:
        page.wait_for_url("**/accounts/verify/**")
        page.get_by_label("Mã 6 chữ số").fill(code_for(username))
        page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"**{next_url}")


def test_reader_searches_likes_and_the_sender_reopens(browser_page, live_server):
    load_demo_feedback_categories()
    officer = User.objects.get(username="thucphan.chuyenvien")
    leader = User.objects.get(username="thucphan.lanhdao")
    citizen = User.objects.get(username="congdan")
    feedback = published(
        officer=officer, leader=leader, sender=citizen, title="Nước thải tràn ra đường tổ 5"
    )
    published(officer=officer, leader=leader, title="Đèn đường hỏng", content="Ba cột đèn tắt.")
    page = browser_page
    page.goto(f"{live_server.url}/phan-anh/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trả lời phản ánh, kiến nghị")
    page.get_by_role("textbox", name="Tìm trong các trả lời").fill("nuoc thai")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator(".answer-item")).to_have_count(1)
    page.get_by_role("link", name="Nước thải tràn ra đường tổ 5").click()
    expect(page.locator(".answer")).to_contain_text("Đã nạo vét cống")
    assert "0912345678" not in page.content()  # the sender's phone is never public
    page.get_by_role("button", name=re.compile("^👍 Hài lòng")).click()
    expect(page.locator("[role=status]")).to_contain_text("Cảm ơn")
    expect(page.get_by_role("button", name=re.compile("^👍"))).to_contain_text("1")
    answer_url = f"/phan-anh/{feedback.pk}/"
    _login(page, live_server.url, "congdan", answer_url, staff=False)
    page.get_by_label("Vì sao bạn chưa hài lòng với trả lời?").fill("Cống lại tắc sau một tuần.")
    page.get_by_role("button", name="Mở lại").click()
    page.wait_for_url("**/phan-anh/cua-toi/")
    expect(page.locator("tbody")).to_contain_text("Đang xử lý")
    feedback.refresh_from_db()
    assert feedback.state == FeedbackState.IN_HANDLING
    assert feedback.reopen_reason == "Cống lại tắc sau một tuần."


def test_staff_classify_answer_and_publish(browser_page, live_server):
    load_demo_feedback_categories()
    feedback = receive(title="Rác chưa thu gom ở tổ 3")
    page = browser_page
    _login(page, live_server.url, "thucphan.chuyenvien", "/phan-anh/xu-ly/")
    page.get_by_role("link", name="Rác chưa thu gom ở tổ 3").click()
    expect(page.locator(".tag.state")).to_have_text("Mới tiếp nhận")
    page.locator("#action-classify button[type=submit]").click()
    expect(page.locator(".tag.state")).to_have_text("Đã phân loại")
    page.locator("#action-start_handling button[type=submit]").click()
    expect(page.locator(".tag.state")).to_have_text("Đang xử lý")
    page.locator("#action-answer button[type=submit]").click()  # empty: refused, says why
    expect(page.locator(".error-summary")).to_be_visible()
    page.locator("#action-answer textarea").fill(
        "Đã thu gom rác ngày 2/12; lịch thu gom nay là hằng ngày."
    )
    page.locator("#action-answer button[type=submit]").click()
    expect(page.locator(".tag.state")).to_have_text("Trả lời chờ công khai")
    assert page.locator("#action-publish").count() == 0  # only a leader publishes
    expect(page.locator("section[aria-labelledby=history-heading] tbody tr")).to_have_count(4)

    leader_page = page.context.browser.new_page(locale="vi-VN")
    _login(leader_page, live_server.url, "thucphan.lanhdao", f"/phan-anh/xu-ly/{feedback.pk}/")
    leader_page.locator("#action-publish button[type=submit]").click()
    expect(leader_page.locator(".tag.state")).to_have_text("Đã công khai trả lời")
    leader_page.goto(f"{live_server.url}/phan-anh/{feedback.pk}/")
    expect(leader_page.locator(".answer")).to_contain_text("Đã thu gom rác")
    assert Feedback.objects.get(pk=feedback.pk).state == FeedbackState.PUBLISHED

    other = page.context.browser.new_page(locale="vi-VN")
    _login(other, live_server.url, "hoaan.motcua", "/phan-anh/xu-ly/")
    expect(other.locator("tbody tr")).to_have_count(0)
    response = other.goto(f"{live_server.url}/phan-anh/xu-ly/{feedback.pk}/")
    assert response is not None and response.status == 404
