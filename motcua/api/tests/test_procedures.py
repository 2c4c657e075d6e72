"""GET /api/v1/procedures: public search, detail by code (dots in the path), versions, errors.

The catalogue is public, so there is no wrong-unit case; its counterpart is that drafts and
unknown codes get the same 404 in the standard error shape.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from motcua.catalog import services
from motcua.catalog.content import TermContent
from motcua.catalog.models import Field
from motcua.catalog.tests.factories import content
from motcua.core.time import today

pytestmark = pytest.mark.django_db

FIELD = "Lĩnh vực thử nghiệm API"


def publish(code, on=None, **changes):
    changes.setdefault("field_name", FIELD)
    changes.setdefault("local_code", f"{code}.000.00.00.H13")
    draft = services.procedure_draft_save(actor=None, code=code, content=content(**changes))
    return services.procedure_version_publish(actor=None, version=draft, effective_from=on)


def test_search_is_public_and_ignores_accents_and_case(client):
    response = client.get("/api/v1/procedures", {"q": "DANG KY KET HON"})
    assert response.status_code == 200
    body = response.json()
    assert body["page"] == 1 and body["page_size"] == 20 and body["count"] >= 2
    first = body["items"][0]
    assert first["code"] == "1.000894"
    assert first["name"] == "Thủ tục đăng ký kết hôn"
    assert first["local_code"] == "1.000894.000.00.00.H13"
    assert first["field"] == "Hộ tịch" and first["levels"] == ["commune"]
    assert first["url"] == "/thu-tuc/1.000894/"
    assert first["terms"][0] == {
        "channel": "counter",
        "limit_text": "1 working day",
        "fee_vnd": 0,
        "fee_text": "No fee",
    }


def test_filters_and_pages(client, django_assert_max_num_queries):
    for number in range(22):
        publish(
            f"9.9602{number:02d}",
            name=f"Thủ tục API số {number:02d}",
            for_province=number % 2 == 0,
            for_commune=number % 2 == 1,
            online_level="full" if number < 3 else "none",
            implementing_agency="Sở Y tế" if number == 5 else "Ủy ban nhân dân cấp xã",
            terms=(TermContent("counter", Decimal(5), "working_days", fee_vnd=100_000),),
        )
    field = Field.objects.get(name=FIELD).pk
    with django_assert_max_num_queries(3):
        first = client.get("/api/v1/procedures", {"field": field}).json()
    assert (first["count"], first["pages"], len(first["items"])) == (22, 2, 20)
    assert first["items"][0]["terms"] == [
        {"channel": "counter", "limit_text": "5 working days", "fee_vnd": 100000,
         "fee_text": "100,000 VND"}
    ]  # fmt: skip
    second = client.get("/api/v1/procedures", {"field": field, "page": 2}).json()
    assert [item["code"] for item in second["items"]] == ["9.960220", "9.960221"]
    beyond = client.get("/api/v1/procedures", {"field": field, "page": 3}).json()
    assert beyond["count"] == 22 and beyond["items"] == []
    province = client.get("/api/v1/procedures", {"field": field, "level": "province"}).json()
    assert province["count"] == 11
    assert {item["levels"][0] for item in province["items"]} == {"province"}
    online = client.get("/api/v1/procedures", {"field": field, "online_level": "full"}).json()
    assert online["count"] == 3
    agency = client.get("/api/v1/procedures", {"field": field, "agency": "so y te"}).json()
    assert [item["code"] for item in agency["items"]] == ["9.960205"]
    words = client.get("/api/v1/procedures", {"field": field, "q": "api so 07"}).json()
    assert [item["code"] for item in words["items"]] == ["9.960207"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"level": "district"}, "level"), ({"page": 0}, "page"), ({"field": "x"}, "field")],
)
def test_bad_parameters_get_422_in_the_standard_shape(client, params, field):
    response = client.get("/api/v1/procedures", params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["field"] == field and body["message"]


def test_detail_by_national_code_with_dots(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/procedures/3.000527")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "3.000527" and body["state"] == "in_force"
    assert body["version"] == 1 and body["effective_from"]
    for key in ("implementing_agency", "sequence", "methods", "subjects", "decision_number"):
        assert body[key], key
    assert body["result"] and body["legal_basis"] and body["documents"] and body["terms"]
    assert body["terms"][0]["limit_text"] == "3 working days"
    assert body["documents"][0]["position"] == 1
    assert len(body["processes"]) == 18
    process = body["processes"][0]
    assert process["total_working_hours"] == "24"
    assert process["steps"][0]["unit"]["identifier"] == process["receiving_unit"]["identifier"]
    assert process["steps"][0]["role"] == "one_stop_officer"


def test_detail_by_localised_code_and_unknown_code(client):
    by_local = client.get("/api/v1/procedures/1.001193.000.00.00.H13")
    assert by_local.status_code == 200 and by_local.json()["code"] == "1.001193"
    for code in ("9.999999", "nothing"):
        missing = client.get(f"/api/v1/procedures/{code}")
        assert missing.status_code == 404
        body = missing.json()
        assert body["code"] == "not_found" and body["field"] is None and body["message"]


def test_versions_and_a_past_version(client):
    publish("9.970001", on=date(2025, 7, 1), name="Tên cũ API")
    publish("9.970001", on=date(2026, 1, 1), name="Tên mới API")
    upcoming = today() + timedelta(days=15)
    publish("9.970001", on=upcoming, name="Tên sắp tới API")
    services.procedure_draft_save(
        actor=None, code="9.970001", content=content(name="Bản nháp API", field_name=FIELD)
    )
    versions = client.get("/api/v1/procedures/9.970001/versions").json()
    assert [(item["number"], item["state"]) for item in versions] == [
        (3, "upcoming"),
        (2, "in_force"),
        (1, "past"),
    ]
    assert versions[1]["until"] == upcoming.isoformat()
    assert versions[2]["url"] == "/thu-tuc/9.970001/phien-ban/1/"
    old = client.get("/api/v1/procedures/9.970001/versions/1").json()
    assert old["name"] == "Tên cũ API" and old["state"] == "past" and old["processes"] == []
    assert client.get("/api/v1/procedures/9.970001").json()["name"] == "Tên mới API"
    draft = client.get("/api/v1/procedures/9.970001/versions/4")
    assert draft.status_code == 404 and draft.json()["code"] == "not_found"


def test_fields_list_the_fields_in_use(client):
    publish("9.980001", name="Thủ tục có lĩnh vực")
    fields = client.get("/api/v1/procedures/fields").json()
    assert {"id", "name", "code"} == set(fields[0])
    assert FIELD in [item["name"] for item in fields]
