"""Take the screenshots in docs/screenshots/ from a running server (`make run` first).

Usage: .venv/bin/python scripts/screenshots.py [URL] [feedback|portal|results|dashboard]
(with one of those, only those pages are taken; `--results` is the same as `results`; the
dashboard's want `manage.py generate_dossiers --count 20000 --year 2026 --seed 1 --until
2026-11-30` on the demo database first).
Logs in as demo personas with the demo authenticator key, as a person would, in headless Chromium.
"""

from __future__ import annotations

import os
import sys
import time
from binascii import unhexlify
from pathlib import Path

from django_otp.oath import totp
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop


def demo_code() -> str:
    import django

    django.setup()
    from motcua.accounts.demo import DEMO_TOTP_KEY

    return f"{totp(unhexlify(DEMO_TOTP_KEY), step=30, t0=0, digits=6):06d}"


def login(page: Page, base: str, username: str, shot: Path | None = None) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "motcua-demo")
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/verify/**")
    if shot is not None:
        page.screenshot(path=shot, full_page=True)
    for _attempt in range(2):
        page.fill("#id_token", demo_code())
        page.click("main button[type=submit]")
        try:
            page.wait_for_url("**/staff/", timeout=5_000)
            return
        except PlaywrightTimeout:
            # django-otp takes a code once: the same persona logged in within this 30-second
            # step already. Wait for the next code.
            time.sleep(31 - time.time() % 30)
    raise RuntimeError(f"{username} could not pass the second factor")


def dossier_pages(browser: Browser, base: str) -> None:
    """Receive a demo dossier at the counter through the pages, then take the dossier pages
    and the public lookup (each run adds one dossier to the demo database)."""
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    login(page, base, "thucphan.motcua")
    page.goto(f"{base}/ho-so/tiep-nhan/")
    page.select_option("#id_procedure", "3.000527")
    page.click("main form button[type=submit]:not([disabled])")
    page.wait_for_url("**/ho-so/tiep-nhan/?**")
    page.fill("#id_name", "Nguyễn Thị Hồng Nhung")
    page.fill("#id_id_number", "001203004567")
    page.fill("#id_phone", "0912345678")
    page.fill("#id_email", "nhung@example.vn")
    page.fill("#id_address", "Tổ 5, phường Thục Phán, tỉnh Cao Bằng")
    for box in page.locator("table.checklist input[type=checkbox]").all():
        box.check()
    page.screenshot(path=OUT / "dossier-intake.png", full_page=True)
    page.click("button[name=outcome][value=receive]")
    page.wait_for_url("**/ho-so/*/")
    code = page.locator("h1 .code").inner_text().strip()
    page.screenshot(path=OUT / "dossier-detail.png", full_page=True)
    page.goto(f"{base}/ho-so/?list=forward")
    page.screenshot(path=OUT / "dossier-list.png", full_page=True)
    public = browser.new_page(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    public.goto(f"{base}/tra-cuu/?ma={code}")
    public.screenshot(path=OUT / "lookup.png", full_page=True)


def feedback_pages(browser: Browser, base: str) -> None:
    """The public answers (a search typed without accents, one answer, the form to send
    feedback), then the ward specialist's worklist and the page of the demo feedback that
    waits there (load_demo leaves one received)."""
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    page.goto(f"{base}/phan-anh/?q=nuoc+thai")
    page.screenshot(path=OUT / "feedback-answers.png", full_page=True)
    page.locator(".answer-item h3 a").first.click()
    page.wait_for_url("**/phan-anh/*/")
    page.screenshot(path=OUT / "feedback-answer.png", full_page=True)
    page.goto(f"{base}/phan-anh/gui/")
    page.screenshot(path=OUT / "feedback-send.png", full_page=True)
    staff = browser.new_page(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    login(staff, base, "thucphan.chuyenvien")
    staff.goto(f"{base}/phan-anh/xu-ly/")
    staff.screenshot(path=OUT / "feedback-worklist.png", full_page=True)
    staff.get_by_role("link", name="Vỉa hè bị lấn chiếm trước chợ").click()
    staff.wait_for_url("**/phan-anh/xu-ly/*/")
    staff.screenshot(path=OUT / "feedback-detail.png", full_page=True)


def portal_pages(browser: Browser, base: str) -> None:
    """The citizen portal on a phone: sign-up, then the demo citizen's dossiers, an application
    form offering a stored document, and the demo online dossier awaiting intake."""
    phone = browser.new_page(viewport={"width": 360, "height": 780}, locale="vi-VN")
    phone.goto(f"{base}/dang-ky/")
    phone.screenshot(path=OUT / "portal-sign-up.png", full_page=True)
    phone.goto(f"{base}/accounts/login/")
    phone.fill("#id_username", "congdan@example.vn")
    phone.fill("#id_password", "motcua-demo")
    phone.click("main button[type=submit]")
    phone.wait_for_url("**/cong-dan/ho-so/")
    phone.screenshot(path=OUT / "portal-my-dossiers.png", full_page=True)
    phone.locator("table a").first.click()
    phone.wait_for_url("**/cong-dan/ho-so/*/")
    phone.screenshot(path=OUT / "portal-dossier.png", full_page=True)
    phone.goto(f"{base}/thu-tuc/1.012994/")
    phone.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    phone.wait_for_url("**/cong-dan/ho-so-nhap/*/")
    phone.screenshot(path=OUT / "portal-draft.png", full_page=True)


def result_pages(browser: Browser, base: str) -> None:
    """The demo signed result (load_demo): the public verification page by its code and with
    a changed copy uploaded, the results on the dossier page, the scan page, and the result's
    first page as an image (pdftoppm)."""
    import subprocess
    import tempfile

    demo_code()  # sets Django up
    from motcua.documents.models import Result
    from motcua.documents.tests.test_signing import _modified

    result = Result.objects.select_related("dossier").filter(revoked_at__isnull=True).last()
    if result is None:
        print("no demo result: run `make demo` first")  # noqa: T201
        return
    public = browser.new_page(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    public.goto(f"{base}/xac-thuc/?ma={result.code}")
    public.screenshot(path=OUT / "verify-result.png", full_page=True)
    content = result.file.open("rb").read()
    public.goto(f"{base}/xac-thuc/")
    public.locator("input[type=file]").set_input_files(
        {"name": "da-sua.pdf", "mimeType": "application/pdf", "buffer": _modified(content)}
    )
    public.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    public.wait_for_selector("section.verification")
    public.screenshot(path=OUT / "verify-modified.png", full_page=True)
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    login(page, base, "thucphan.vanthu")
    page.goto(f"{base}/ho-so/{result.dossier_id}/")
    page.locator("#results-heading").scroll_into_view_if_needed()
    page.locator("#results-heading").locator("xpath=..").screenshot(
        path=OUT / "dossier-results.png"
    )
    counter = browser.new_page(viewport={"width": 1200, "height": 900}, locale="vi-VN")
    login(counter, base, "thucphan.motcua")
    counter.goto(f"{base}/ho-so/{result.dossier_id}/so-hoa/")
    counter.screenshot(path=OUT / "digitise.png", full_page=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "result.pdf"
        pdf.write_bytes(content)
        subprocess.run(  # noqa: S603 -- a fixed tool on our own file
            [
                "/usr/bin/pdftoppm",
                "-png",
                "-r",
                "80",
                "-singlefile",
                str(pdf),
                str(OUT / "result-pdf"),
            ],
            check=True,
        )


def dashboard_pages(browser: Browser, base: str) -> None:
    """The operations dashboard of the province for January-November 2026, a drill-down, and
    the TT 01/2018 evaluation of the same unit and period."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    login(page, base, "tinh.tonghop")
    page.goto(f"{base}/bao-cao/?from=2026-01-01&to=2026-11-30")
    page.screenshot(path=OUT / "dashboard.png", full_page=True)
    page.locator(".report-cards a").nth(4).click()  # finished late
    page.wait_for_url("**/bao-cao/ho-so/**")
    page.screenshot(path=OUT / "dashboard-drilldown.png", full_page=False)
    page.goto(f"{base}/bao-cao/?from=2026-01-01&to=2026-11-30")
    page.get_by_role("link", name="Đánh giá (TT 01/2018)").click()
    page.wait_for_url("**/bao-cao/danh-gia/**")
    page.screenshot(path=OUT / "evaluation.png", full_page=True)


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    only_results = "--results" in sys.argv[2:]
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        only = {
            "feedback": feedback_pages,
            "portal": portal_pages,
            "results": result_pages,
            "dashboard": dashboard_pages,
        }
        chosen = "results" if only_results else (sys.argv[2] if sys.argv[2:] else "")
        if chosen in only:
            only[chosen](browser, base)
            browser.close()
            return
        page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="vi-VN")
        page.goto(
            f"{base}/deadlines/?start=2026-02-06T17%3A45&value=5&unit_of_time=working_days"
            "&cutoff=15%3A00&unit="
        )
        page.screenshot(path=OUT / "deadlines.png", full_page=True)

        # The public catalogue: a search typed without accents, then a procedure's page with its
        # internal process (a demo procedure that has one).
        page.goto(f"{base}/thu-tuc/?q=dang+ky&level=commune")
        page.screenshot(path=OUT / "catalog-list.png", full_page=True)
        page.goto(f"{base}/thu-tuc/1.012994/")
        page.screenshot(path=OUT / "catalog-detail.png", full_page=True)

        login(page, base, "tinh.tonghop", shot=OUT / "verify.png")
        page.screenshot(path=OUT / "staff-home.png", full_page=True)
        page.get_by_role("link", name="Ủy ban nhân dân phường Thục Phán").first.click()
        page.screenshot(path=OUT / "unit-detail.png", full_page=True)

        dossier_pages(browser, base)
        feedback_pages(browser, base)
        portal_pages(browser, base)
        result_pages(browser, base)
        dashboard_pages(browser, base)

        phone = browser.new_page(viewport={"width": 360, "height": 740}, locale="vi-VN")
        phone.goto(f"{base}/deadlines/?start=2026-03-05T09%3A00&value=3&unit_of_time=working_days")
        phone.screenshot(path=OUT / "deadlines-phone.png", full_page=True)
        browser.close()
    print(f"screenshots written to {OUT}")  # noqa: T201


if __name__ == "__main__":
    main()
