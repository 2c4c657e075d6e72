"""/api/v1/feedback: worklist, detail with history, actions, staff entry, public answers and
reactions; the wrong unit gets "not found"."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.feedback.tests.helpers import published, receive

pytestmark = pytest.mark.django_db
BASE = "/api/v1/feedback"


def test_staff_handle_feedback_through_the_api(officer, leader, login):
    feedback = receive()
    client = login(officer)
    listed = client.get(BASE).json()
    assert feedback.pk in {item["id"] for item in listed["results"]}
    detail = client.get(f"{BASE}/{feedback.pk}").json()
    assert detail["sender_phone"] == "0912345678"
    assert detail["actions"] == ["classify", "reject", "forward"]
    assert [event["action"] for event in detail["events"]] == ["receive"]
    act = lambda action, **body: client.post(  # noqa: E731
        f"{BASE}/{feedback.pk}/actions/{action}", body, content_type="application/json"
    )
    assert act("classify", revision=1).json()["state"] == "classified"
    assert act("reject", revision=1, note="x").status_code == 409
    assert act("start_handling").json()["state"] == "in_handling"
    response = act("answer")
    assert response.status_code == 400 and response.json()["field"] == "answer"
    assert act("answer", answer="Đã xử lý.").json()["state"] == "awaiting_publication"
    assert act("publish").status_code == 403
    published_ = login(leader).post(
        f"{BASE}/{feedback.pk}/actions/publish", {}, content_type="application/json"
    )
    assert published_.json()["state"] == "published"
    assert act("nope").status_code == 404


def test_wrong_unit_gets_not_found(other_commune_officer, citizen, login):
    feedback = receive()
    for user in (other_commune_officer, citizen):
        client = login(user)
        assert client.get(f"{BASE}/{feedback.pk}").status_code == 404
        response = client.post(
            f"{BASE}/{feedback.pk}/actions/classify", {}, content_type="application/json"
        )
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_staff_enter_a_phone_call(officer, login):
    response = login(officer).post(
        BASE,
        {
            "category": "moi-truong",
            "title": "Rác",
            "content": "Rác chưa thu",
            "sender_name": "Bà Lan",
            "channel": "phone",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["channel"] == "phone"


def test_public_answers_and_reactions(officer, leader):
    feedback = published(officer=officer, leader=leader, title="Nước thải tổ 5")
    client = Client()
    page = client.get(f"{BASE}/answers", {"q": "nuoc thai"}).json()
    assert [item["id"] for item in page["results"]] == [feedback.pk]
    assert "sender_name" not in page["results"][0]
    liked = client.post(
        f"{BASE}/answers/{feedback.pk}/reactions", {"value": 1}, content_type="application/json"
    )
    assert liked.json()["likes"] == 1
    assert client.get(f"{BASE}/answers/{receive().pk}").status_code == 404
    assert client.get(BASE).status_code == 401
