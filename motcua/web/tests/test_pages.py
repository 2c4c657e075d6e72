"""Pages: login with the second factor, throttling, scoped staff pages, the calculator."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.template.loader import get_template
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.demo import DEMO_PASSWORD, HOA_AN_CENTRE, THUC_PHAN, THUC_PHAN_CENTRE

pytestmark = pytest.mark.django_db


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_home_and_calculator_are_public(client):
    assert client.get("/").status_code == 200
    assert client.get("/deadlines/").status_code == 200


def test_staff_pages_require_login(client, unit):
    for url in ["/staff/", f"/staff/units/{unit(THUC_PHAN).pk}/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_staff_login_requires_the_second_factor(client, officer):
    response = client.post(
        "/accounts/login/", {"username": officer.username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    # Password alone does not open staff pages.
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/verify/")
    verify = client.get(response["Location"])
    assert verify.status_code == 200 and not verify.context["enrolling"]
    wrong = client.post("/accounts/verify/", {"token": "000000"})
    assert wrong.status_code == 400
    assert "not valid" in wrong.content.decode()
    device = TOTPDevice.objects.get(user=officer)
    # django-otp throttles a device after a wrong code (1 s, then 2 s, 4 s...).
    throttled = client.post("/accounts/verify/", {"token": current_code(device)})
    assert "wait a few seconds" in throttled.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        ok = client.post("/accounts/verify/?next=/staff/", {"token": current_code(device)})
        assert ok.status_code == 302 and ok["Location"] == "/staff/"
        assert client.get("/staff/").status_code == 200


def test_first_login_enrols_an_authenticator(client, officer):
    TOTPDevice.objects.filter(user=officer).delete()
    client.force_login(officer)
    page = client.get("/accounts/verify/")
    assert page.context["enrolling"]
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    client.post("/accounts/verify/", {"token": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/").status_code == 200


def test_verify_refuses_an_unsafe_next(client, officer):
    client.force_login(officer)
    device = TOTPDevice.objects.get(user=officer)
    response = client.post(
        "/accounts/verify/?next=https://evil.example/", {"token": current_code(device)}
    )
    assert response["Location"] == "/staff/"


def test_failed_logins_are_throttled(client, officer):
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"username": officer.username, "password": "wrong"}
        )
        assert response.status_code in (200, 429)
    locked = client.post(
        "/accounts/login/", {"username": officer.username, "password": DEMO_PASSWORD}
    )
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()


def test_citizen_has_no_staff_pages(login, unit, citizen):
    client = login(citizen)
    assert client.get("/staff/")["Location"] == "/cong-dan/ho-so/"  # their own dossiers
    assert client.get(f"/staff/units/{unit(THUC_PHAN).pk}/").status_code == 404


def test_staff_home_lists_visible_units(login, officer, django_assert_max_num_queries):
    client = login(officer)
    with django_assert_max_num_queries(10):
        page = client.get("/staff/")
    assert page.status_code == 200
    assert [unit.identifier for unit, _indent in page.context["tree"]] == [THUC_PHAN]


def test_unit_page_is_scoped(login, unit, officer, other_commune_officer, province_supervisor):
    url = f"/staff/units/{unit(THUC_PHAN).pk}/"
    assert login(officer).get(url).status_code == 200
    assert login(other_commune_officer).get(url).status_code == 404
    assert login(other_commune_officer).get("/staff/units/999999/").status_code == 404
    page = login(province_supervisor).get(url)
    assert "phường Sông Hiến" in page.content.decode()  # the history: formed from


def test_calculator_shows_due_time_and_explanation(client):
    page = client.get(
        "/deadlines/",
        {
            "start": "2026-02-06T17:45",
            "value": 5,
            "unit_of_time": "working_days",
            "cutoff": "15:00",
        },
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert 'datetime="2026-02-23T17:30:00+07:00"' in body
    assert page.context["answer"].explanation


def test_calculator_reports_bad_input_on_the_field(client):
    page = client.get(
        "/deadlines/", {"start": "someday", "value": 5, "unit_of_time": "working_days"}
    )
    assert page.context["form"].errors["start"]


def test_admin_is_scoped_for_unit_administrators(login, unit, ward_admin, officer):
    client = login(ward_admin)
    listing = client.get("/admin/accounts/orgunit/")
    assert listing.status_code == 200
    shown = {u.identifier for u in listing.context["cl"].result_list}
    assert shown == {THUC_PHAN, THUC_PHAN_CENTRE}
    assert (
        client.get(f"/admin/accounts/orgunit/{unit(HOA_AN_CENTRE).pk}/change/").status_code == 302
    )
    assert login(officer).get("/admin/").status_code == 302  # not an administrator: to login


def test_admin_creates_a_unit_through_services(login, unit, superuser):
    client = login(superuser)
    response = client.post(
        "/admin/accounts/orgunit/add/",
        {
            "identifier": "000.05.31.H13",
            "name": "Bộ phận mới",
            "kind": "office",
            "level": 3,
            "parent": unit(THUC_PHAN).pk,
            "office_hours": "07:30-11:30,13:30-17:30",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = unit("000.05.31.H13")
    assert created.path == f"{unit(THUC_PHAN).path}{created.pk}/"


def test_every_template_renders():
    root = Path(__file__).resolve().parents[1] / "templates"
    for path in root.rglob("*.html"):
        get_template(str(path.relative_to(root)))
