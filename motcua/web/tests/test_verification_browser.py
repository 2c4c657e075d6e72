"""The verification page in headless Chromium: a result's QR address, then uploaded copies
(intact, changed, unsigned); an agency leader revokes it on the dossier page and the page says
revoked. Skipped only outside CI when Chromium is missing (like web/tests/test_browser.py)."""

from __future__ import annotations

from django.utils import translation

from motcua.catalog.demo import load_demo_catalog
from motcua.documents.demo import load_demo_pki
from motcua.documents.models import Result
from motcua.documents.tests.conftest import ready_to_issue
from motcua.documents.tests.test_services import _pdf
from motcua.documents.tests.test_signing import _modified
from motcua.dossiers.lifecycle import Action
from motcua.web.dossier_action_forms import ACTION_LABELS
from motcua.web.tests.browser import BROWSER
from motcua.web.tests.test_browser import log_in
from motcua.workflow.demo import load_demo_processes

pytestmark = BROWSER


def test_the_verification_page_answers_intact_modified_unsigned_and_revoked(
    browser_page,
    live_server,
    tmp_path,
):
    from motcua.accounts.models import User

    load_demo_catalog()
    load_demo_processes()
    load_demo_pki(directory=tmp_path / "pki")
    people = {u.username: u for u in User.objects.all()}
    dossier = ready_to_issue(
        people["thucphan.motcua"],
        people["thucphan.chuyenvien"],
        people["thucphan.truongphong"],
        people["thucphan.lanhdao"],
    )
    page = browser_page
    detail = f"{live_server.url}/ho-so/{dossier.pk}/"
    # Issued through the page: pyHanko signs with asyncio.run, which cannot run inside
    # Playwright's event loop in this thread; the live server's thread has none.
    log_in(page, detail, "thucphan.vanthu")
    with translation.override("vi"):
        label = str(ACTION_LABELS[Action.ISSUE_RESULT])
    page.get_by_role("button", name=label, exact=True).first.click()
    page.wait_for_url(detail)
    result = Result.objects.get(dossier=dossier)
    assert result.code in page.content()
    page.context.clear_cookies()
    content = result.file.open("rb").read()
    page.goto(f"{live_server.url}/xac-thuc/?ma={result.code}")  # what the QR holds
    verdict = page.locator("section.verification")
    assert verdict.get_attribute("data-verdict") == "valid"
    assert result.code in verdict.inner_text()

    def upload(name: str, data: bytes) -> str | None:
        page.goto(f"{live_server.url}/xac-thuc/")
        page.locator("input[type=file]").set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": data}
        )
        page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
        page.wait_for_selector("section.verification")
        return page.locator("section.verification").get_attribute("data-verdict")

    assert upload("ket-qua.pdf", content) == "valid"
    assert upload("da-sua.pdf", _modified(content)) == "modified"
    assert upload("khong-ky.pdf", _pdf()) == "unsigned"

    log_in(page, detail, "thucphan.lanhdao")
    page.locator(f"#reason-{result.pk}").fill("Cấp nhầm đối tượng")
    page.locator(f"#reason-{result.pk}").press("Enter")
    page.wait_for_url(detail)
    page.context.clear_cookies()
    assert upload("ket-qua.pdf", content) == "revoked"
    page.goto(f"{live_server.url}/xac-thuc/?ma={result.code}")
    assert "Cấp nhầm đối tượng" in page.locator("section.verification").inner_text()
