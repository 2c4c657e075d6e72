"""Open311 client libraries from PyPI, unchanged, against a running motcua (live server).

`georeport` (0.3.1, the library the issue names) lists services and reads requests, in JSON and
XML, but has no call to post a request; `civicbot` (0.4.0) is a GeoReport v2 client that posts
(`Open311Client.create_request`). Between them: list, post, read back. docs/feedback.md.
"""

from __future__ import annotations

import os

import pytest
from civicbot import Endpoint, HttpTransport, Open311Client
from civicbot.http import RateLimiter
from georeport import GeoReport

from motcua.accounts.demo import load_demo
from motcua.feedback import services
from motcua.feedback.demo import load_demo_feedback_categories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def motcua_url(live_server) -> str:
    load_demo()  # transactional tests start from an empty database
    load_demo_feedback_categories()
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    return f"{live_server.url}/open311/v2"


def test_civicbot_lists_posts_and_reads_back(motcua_url):
    _, key = services.api_client_create(name="civicbot")
    endpoint = Endpoint(id="motcua", name="motcua", base_url=motcua_url, write=True)
    client = Open311Client(
        endpoint,
        HttpTransport(rate_limiter=RateLimiter(min_interval=0)),
        jurisdiction_id="000.00.00.H13",
    )
    codes = [service["service_code"] for service in client.list_services()]
    assert "moi-truong" in codes
    prepared = client.create_request(
        "giai-quyet-ho-so",
        dry_run=False,
        confirm="SEND",
        api_key=key,
        validate_remote=True,  # reads the service definition and checks the form against it
        lat=22.665,
        lng=106.257,
        address_string="Bộ phận một cửa phường Thục Phán",
        description="Hồ sơ của tôi trễ hẹn ba ngày mà chưa có thư xin lỗi.",
        first_name="Bình",
        last_name="Trần",
        email="binh@example.vn",
        attributes={"dossier_code": "000.00.31.H13-260429-0002"},
    )
    [created] = prepared.response
    request = client.get_request(created["service_request_id"])
    assert request["service_code"] == "giai-quyet-ho-so"
    assert request["status"] == "open"
    assert "binh@example.vn" not in str(request) and "Bình" not in str(request)
    [token] = client.get_token(created["token"])
    assert token["service_request_id"] == created["service_request_id"]
    listed = client.list_requests(service_code="giai-quyet-ho-so", status="open")
    assert created["service_request_id"] in {item["service_request_id"] for item in listed}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_lists_services_and_reads_back(motcua_url, fmt):
    _, key = services.api_client_create(name=f"georeport-{fmt}")
    poster = Open311Client(
        Endpoint(id="motcua", name="motcua", base_url=motcua_url, write=True),
        HttpTransport(rate_limiter=RateLimiter(min_interval=0)),
    )
    [created] = poster.create_request(
        "moi-truong",
        dry_run=False,
        confirm="SEND",
        api_key=key,
        address_string="Tổ 5",
        description="Rác chưa thu gom",
        first_name="Lan",
    ).response
    client = GeoReport(motcua_url, jurisdiction="000.00.00.H13", output_format=fmt)
    listed = client.get_service_list()
    assert "moi-truong" in {service["service_code"] for service in listed}
    definition = client.get_service_definition("moi-truong")
    assert definition["service_code"] == "moi-truong"
    request = client.get_service_request(created["service_request_id"])
    assert request["service_request_id"] == created["service_request_id"]
    assert request["status"] == "open"
    assert request["agency_responsible"]
    found = client.get_service_requests(service_request_id=created["service_request_id"])
    found = found if isinstance(found, list) else [found]  # xmltodict: one item is a dict
    assert [item["service_request_id"] for item in found] == [created["service_request_id"]]
