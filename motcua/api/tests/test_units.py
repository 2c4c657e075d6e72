"""Every organisation endpoint: anonymous 401, wrong unit 404, own unit 200, supervisor subtree."""

import json

import pytest

from motcua.accounts.demo import HOA_AN_CENTRE, PROVINCE, THUC_PHAN, THUC_PHAN_CENTRE
from motcua.accounts.models import CalendarEntry

pytestmark = pytest.mark.django_db

UNIT_ENDPOINTS = ["/api/v1/units/{pk}", "/api/v1/units/{pk}/members", "/api/v1/units/{pk}/calendar"]


def test_anonymous_gets_401_everywhere(client, unit):
    pk = unit(THUC_PHAN).pk
    for url in ["/api/v1/me", "/api/v1/units", *[u.format(pk=pk) for u in UNIT_ENDPOINTS]]:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json()["code"] == "unauthenticated"


def test_staff_without_second_factor_gets_401(client, officer):
    client.force_login(officer)
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert response.json()["code"] == "second_factor_required"


@pytest.mark.parametrize("url", UNIT_ENDPOINTS)
def test_wrong_unit_is_not_found(url, login, unit, other_commune_officer):
    client = login(other_commune_officer)
    hidden = client.get(url.format(pk=unit(THUC_PHAN).pk))
    missing = client.get(url.format(pk=10**9))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert hidden.json()["code"] == "not_found"


@pytest.mark.parametrize("url", UNIT_ENDPOINTS)
def test_own_unit_is_visible(url, login, unit, officer):
    response = login(officer).get(url.format(pk=unit(THUC_PHAN).pk))
    assert response.status_code == 200


@pytest.mark.parametrize("url", UNIT_ENDPOINTS)
def test_supervisor_sees_subtree(url, login, unit, province_supervisor):
    client = login(province_supervisor)
    for identifier in (THUC_PHAN, HOA_AN_CENTRE, PROVINCE):
        assert client.get(url.format(pk=unit(identifier).pk)).status_code == 200


@pytest.mark.parametrize("url", UNIT_ENDPOINTS)
def test_citizen_sees_no_unit(url, login, unit, citizen):
    assert login(citizen).get(url.format(pk=unit(THUC_PHAN).pk)).status_code == 404


def test_unit_list_is_scoped(
    login, officer, province_supervisor, citizen, django_assert_max_num_queries
):
    client = login(officer)
    assert [item["identifier"] for item in client.get("/api/v1/units").json()] == [THUC_PHAN]
    supervisor_client = login(province_supervisor)
    with django_assert_max_num_queries(8):
        listed = supervisor_client.get("/api/v1/units").json()
    assert len(listed) > 50
    assert login(citizen).get("/api/v1/units").json() == []


def test_me_lists_memberships(login, officer):
    body = login(officer).get("/api/v1/me").json()
    assert body["username"] == "thucphan.chuyenvien"
    assert [m["role"] for m in body["memberships"]] == ["specialist"]


def test_members_of_own_unit(login, unit, one_stop_officer):
    body = login(one_stop_officer).get(f"/api/v1/units/{unit(THUC_PHAN_CENTRE).pk}/members").json()
    assert [m["user_name"] for m in body] == ["Nguyễn Thị Một Cửa"]


def post_entry(client, pk, **payload):
    return client.post(
        f"/api/v1/units/{pk}/calendar", data=json.dumps(payload), content_type="application/json"
    )


def test_calendar_publish_permissions(login, unit, officer, ward_admin, other_commune_officer):
    pk = unit(THUC_PHAN).pk
    payload = {"day": "2026-12-24", "working": False, "reason": "Lễ hội địa phương"}
    denied = post_entry(login(officer), pk, **payload)
    assert denied.status_code == 403 and denied.json()["code"] == "forbidden"
    hidden = post_entry(login(other_commune_officer), pk, **payload)
    assert hidden.status_code == 404
    created = post_entry(login(ward_admin), pk, **payload)
    assert created.status_code == 201, created.content
    assert created.json()["reason"] == "Lễ hội địa phương"
    assert CalendarEntry.objects.filter(unit_id=pk).count() == 1
    again = post_entry(login(ward_admin), pk, **payload)
    assert again.status_code == 400 and again.json()["field"] == "day"


def test_calendar_publish_validation_error_shape(login, unit, ward_admin):
    response = post_entry(
        login(ward_admin), unit(THUC_PHAN).pk, day="24/12/2026", working=False, reason="x"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and "day" in body["field"]
