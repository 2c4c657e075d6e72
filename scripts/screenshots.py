"""Take the screenshots in docs/screenshots/ from a running server (`make run` first).

Usage: .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000] [dashboard]
(`dashboard`: only the dashboard's, after `manage.py generate_dossiers --count 20000 --year 2026
--seed 1 --until 2026-11-30` on the demo database.)
Logs in as demo personas with the demo authenticator key, as a person would, in headless Chromium.
"""

from __future__ import annotations

import os
import sys
from binascii import unhexlify
from pathlib import Path

from django_otp.oath import totp
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


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
    page.fill("#id_token", demo_code())
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/")


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


def dashboard_pages(browser: Browser, base: str) -> None:
    """The operations dashboard of the province for January-November 2026, and a drill-down."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    login(page, base, "tinh.tonghop")
    page.goto(f"{base}/bao-cao/?from=2026-01-01&to=2026-11-30")
    page.screenshot(path=OUT / "dashboard.png", full_page=True)
    page.locator(".report-cards a").nth(4).click()  # finished late
    page.wait_for_url("**/bao-cao/ho-so/**")
    page.screenshot(path=OUT / "dashboard-drilldown.png", full_page=False)


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        if sys.argv[2:] == ["dashboard"]:
            dashboard_pages(browser, base)
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
        dashboard_pages(browser, base)

        phone = browser.new_page(viewport={"width": 360, "height": 740}, locale="vi-VN")
        phone.goto(f"{base}/deadlines/?start=2026-03-05T09%3A00&value=3&unit_of_time=working_days")
        phone.screenshot(path=OUT / "deadlines-phone.png", full_page=True)
        browser.close()
    print(f"screenshots written to {OUT}")  # noqa: T201


if __name__ == "__main__":
    main()
