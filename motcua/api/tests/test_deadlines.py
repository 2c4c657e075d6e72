import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "limit", "due"),
    [
        ("2026-03-05T09:00", "3 working_days", "2026-03-10T17:30"),
        ("2026-02-06T17:45", "5 working_days", "2026-02-23T17:30"),
        ("2026-04-29T10:00", "4 working_hours", "2026-04-29T16:00"),
        ("2026-03-05T02:00:00+00:00", "3 working_days", "2026-03-10T17:30"),
    ],
)
def test_deadline_endpoint_gives_worked_examples(client, start, limit, due):
    response = client.get("/api/v1/deadlines", {"start": start, "limit": limit})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["due_at_local"] == due
    assert body["due_at"].startswith(due) and body["due_at"].endswith("+07:00")
    assert body["explanation"]


def test_deadline_endpoint_with_unit(client):
    response = client.get(
        "/api/v1/deadlines",
        {"start": "2026-03-05T09:00", "limit": "3 working_days", "unit": "000.00.31.H13"},
    )
    assert response.json()["unit"] == "000.00.31.H13"


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"start": "soon", "limit": "3 working_days"}, 400, "start"),
        ({"start": "2026-03-05T09:00", "limit": "-1 working_days"}, 400, "limit"),
        ({"start": "2026-03-05T09:00", "limit": "3 working_days", "unit": "x"}, 404, "unit"),
        ({"start": "2026-03-05T09:00"}, 422, "limit"),
    ],
)
def test_deadline_endpoint_errors(client, params, status, field):
    response = client.get("/api/v1/deadlines", params)
    assert response.status_code == status
    body = response.json()
    assert body["field"] == field and body["message"]
