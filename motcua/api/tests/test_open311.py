"""Open311 GeoReport v2 under /open311/v2/: the documents in JSON and XML, the standard filters,
errors as a list of {code, description}, api keys, and no personal data in any GET."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from django.test import Client

from motcua.feedback import services
from motcua.feedback.models import ApiClient, Feedback
from motcua.feedback.tests.helpers import at, published, receive

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


def _xml(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 -- our own response, in a test


@pytest.fixture
def key() -> str:
    return services.api_client_create(name="Hạ Long Smart")[1]


def _post(client: Client, key: str, fmt: str = "json", **fields):
    data = {
        "api_key": key,
        "service_code": "moi-truong",
        "lat": "22.665",
        "long": "106.257",
        "address_string": "Tổ 5, phường Thục Phán",
        "description": "Cống bị tắc, nước thải tràn ra đường.",
        "first_name": "Nhung",
        "last_name": "Nguyễn",
        "email": "nhung@example.vn",
        "phone": "0912345678",
        **fields,
    }
    return client.post(f"{BASE}/requests.{fmt}", data)


def test_services_json_and_xml():
    client = Client()
    services_ = client.get(f"{BASE}/services.json").json()
    codes = {service["service_code"] for service in services_}
    assert {"moi-truong", "giai-quyet-ho-so"} <= codes
    first = services_[0]
    assert set(first) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    xml = _xml(client.get(f"{BASE}/services.xml"))
    assert xml.tag == "services"
    assert {node.findtext("service_code") for node in xml.findall("service")} == codes
    definition = client.get(f"{BASE}/services/giai-quyet-ho-so.json").json()
    assert definition["service_code"] == "giai-quyet-ho-so"
    assert definition["attributes"][0]["code"] == "dossier_code"
    xml = _xml(client.get(f"{BASE}/services/giai-quyet-ho-so.xml"))
    assert xml.findtext("attributes/attribute/code") == "dossier_code"


def test_discovery():
    data = Client().get(f"{BASE}/discovery.json").json()
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert _xml(Client().get("/open311/discovery.xml")).tag == "discovery"


def test_post_needs_a_valid_key(key):
    response = _post(Client(), "wrong")
    assert response.status_code == 403
    [error] = response.json()
    assert error["code"] == 403 and "api_key" in error["description"]
    response = _post(Client(), key, fmt="xml", service_code="nope")
    assert response.status_code == 404
    assert _xml(response).findtext("error/code") == "404"
    response = _post(Client(), key, media_url="javascript:alert(1)")
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("media_url:")
    response = _post(Client(), key, description="")
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("description:")


def test_post_then_read_back_without_personal_data(key):
    with at(2026, 4, 29, 10):
        response = _post(Client(), key, **{"attribute[dossier_code]": "000.00.31.H13-260429-0001"})
    assert response.status_code == 201
    [created] = response.json()
    feedback = Feedback.objects.get(pk=created["service_request_id"])
    assert feedback.channel == "api" and feedback.api_client is not None
    assert feedback.api_client.name == "Hạ Long Smart"
    assert feedback.sender_name == "Nhung Nguyễn" and feedback.dossier_code.endswith("0001")
    assert feedback.token == created["token"]
    client = Client()
    [request] = client.get(f"{BASE}/requests/{feedback.pk}.json").json()
    assert request["status"] == "open"
    assert request["service_code"] == "moi-truong"
    assert request["agency_responsible"] == feedback.unit.name
    assert request["requested_datetime"] == "2026-04-29T10:00:00+07:00"
    assert request["expected_datetime"] == "2026-05-22T17:30:00+07:00"  # 15 working days
    assert (request["lat"], request["long"]) == (22.665, 106.257)
    assert request["address"] == "Tổ 5, phường Thục Phán"
    text = json.dumps(request, ensure_ascii=False)
    for private in ("Nhung", "nhung@example.vn", "0912345678", "Cống bị tắc"):
        assert private not in text
    xml = _xml(client.get(f"{BASE}/requests/{feedback.pk}.xml"))
    assert xml.tag == "service_requests"
    assert xml.findtext("request/status") == "open"
    [token] = client.get(f"{BASE}/tokens/{feedback.token}.json").json()
    assert token == {"service_request_id": str(feedback.pk), "token": feedback.token}
    assert client.get(f"{BASE}/requests/999999.json").status_code == 404


def test_published_request_is_closed_with_the_answer(officer, leader):
    feedback = published(officer=officer, leader=leader)
    [request] = Client().get(f"{BASE}/requests/{feedback.pk}.json").json()
    assert request["status"] == "closed"
    assert request["status_notes"] == feedback.answer
    assert request["description"] == feedback.content
    assert request["expected_datetime"] is None


def test_request_filters(officer, leader):
    with at(2026, 4, 1, 9):
        old = receive(category="trat-tu-do-thi")
    with at(2026, 4, 29, 9):
        open_ = receive()
        closed = published(officer=officer, leader=leader)
    client = Client()

    def ids(**params):
        return {
            int(item["service_request_id"])
            for item in client.get(f"{BASE}/requests.json", params).json()
        }

    with at(2026, 5, 2, 9):
        assert ids() == {old.pk, open_.pk, closed.pk}  # the last 90 days
        assert ids(status="open") == {old.pk, open_.pk}
        assert ids(status="closed") == {closed.pk}
        assert ids(service_code="trat-tu-do-thi") == {old.pk}
        assert ids(start_date="2026-04-20T00:00:00+07:00", end_date="2026-05-01T00:00:00Z") == {
            open_.pk,
            closed.pk,
        }
        assert ids(service_request_id=f"{old.pk},{closed.pk}", status="open") == {old.pk, closed.pk}
        assert client.get(f"{BASE}/requests.json", {"status": "pending"}).status_code == 400
        assert client.get(f"{BASE}/requests.json", {"start_date": "yesterday"}).status_code == 400
        bad = client.get(
            f"{BASE}/requests.json", {"start_date": "2026-01-01", "end_date": "2026-05-01"}
        )
        assert bad.status_code == 400


def test_jurisdiction_id():
    client = Client()
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": "000.00.00.H13"}).json()
    response = client.get(f"{BASE}/services.json", {"jurisdiction_id": "nowhere"})
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404


def test_open311_key_command_prints_the_key_last_and_stores_a_hash(capsys):
    call_command("open311_key", "--create", "Cổng Cao Bằng")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    client = ApiClient.objects.get(name="Cổng Cao Bằng")
    assert key not in client.key_hash and len(client.key_hash) == 64
    assert _post(Client(), key).status_code == 201
    call_command("open311_key", "--revoke", "Cổng Cao Bằng")
    assert _post(Client(), key).status_code == 403


def test_request_list_query_count_is_capped(officer, leader, django_assert_max_num_queries):
    for _ in range(3):
        published(officer=officer, leader=leader)
        receive()
    with django_assert_max_num_queries(3):
        items = Client().get(f"{BASE}/requests.json").json()
    assert len(items) == 6
