"""Feedback pages: public answers (search without diacritics, reactions, reopening by the
sender), sending with photos, the officers' worklist and actions, and wrong-unit 404s."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from motcua.feedback.models import Feedback, FeedbackState
from motcua.feedback.tests.helpers import photo, published, receive

pytestmark = pytest.mark.django_db


def test_answers_page_searches_without_diacritics_and_hides_personal_data(
    officer, leader, django_assert_max_num_queries
):
    feedback = published(
        officer=officer, leader=leader, title="Nước thải tràn ra đường", sender_phone="0999888777"
    )
    receive(title="Chưa trả lời: nước thải")
    client = Client()
    with django_assert_max_num_queries(6):
        page = client.get(reverse("web:feedback_answers"), {"q": "nuoc thai"})
    text = page.content.decode()
    assert "Nước thải tràn ra đường" in text and "Chưa trả lời" not in text
    detail = client.get(reverse("web:feedback_answer", args=[feedback.pk])).content.decode()
    assert "Đã nạo vét cống" in detail
    assert "0999888777" not in detail and "nhung@example.vn" not in detail
    assert "Nguyễn Thị Hồng Nhung" not in detail


def test_unpublished_feedback_is_not_public():
    feedback = receive()
    assert Client().get(reverse("web:feedback_answer", args=[feedback.pk])).status_code == 404


def test_like_and_dislike_once_per_reader(officer, leader):
    feedback = published(officer=officer, leader=leader)
    client = Client()
    url = reverse("web:feedback_react", args=[feedback.pk])
    client.post(url, {"value": "like"})
    client.post(url, {"value": "like"})
    Client().post(url, {"value": "dislike"})
    feedback.refresh_from_db()
    assert (feedback.likes, feedback.dislikes) == (1, 1)


def test_sender_reopens_from_the_answer_page(officer, leader, citizen, login):
    feedback = published(officer=officer, leader=leader, sender=citizen)
    client = login(citizen)
    page = client.get(reverse("web:feedback_answer", args=[feedback.pk])).content.decode()
    assert "Reopen" in page
    assert (
        client.post(reverse("web:feedback_reopen", args=[feedback.pk]), {"note": ""}).status_code
        == 400
    )
    response = client.post(reverse("web:feedback_reopen", args=[feedback.pk]), {"note": "Vẫn tắc"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.state == FeedbackState.IN_HANDLING and feedback.reopen_reason == "Vẫn tắc"
    # Someone else cannot reopen it.
    other = published(officer=officer, leader=leader, sender=citizen)
    assert (
        login(officer)
        .post(reverse("web:feedback_reopen", args=[other.pk]), {"note": "x"})
        .status_code
        == 404
    )


def test_portal_sends_feedback_with_photos(citizen, login):
    client = login(citizen)
    response = client.post(
        reverse("web:feedback_send"),
        {
            "category": "trat-tu-do-thi",
            "title": "Đèn đường hỏng",
            "content": "Ba cột đèn không sáng.",
            "sender_name": "Nguyễn Văn Công Dân",
            "photos": [photo(), photo("PNG", "b.png")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    feedback = Feedback.objects.get(title="Đèn đường hỏng")
    assert feedback.sender_user == citizen and feedback.photos.count() == 2
    assert feedback.channel == "portal"


def test_a_fake_photo_is_refused_on_the_form(citizen, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(citizen).post(
        reverse("web:feedback_send"),
        {
            "category": "trat-tu-do-thi",
            "title": "x",
            "content": "y",
            "sender_name": "z",
            "photos": [SimpleUploadedFile("a.jpg", b"GIF89a....", content_type="image/jpeg")],
        },
    )
    assert response.status_code == 200
    assert "JPEG or PNG" in response.content.decode()


def test_staff_enter_phone_feedback_and_handle_it(officer, leader, login):
    client = login(officer)
    response = client.post(
        reverse("web:feedback_send"),
        {
            "channel": "phone",
            "category": "moi-truong",
            "title": "Rác chưa thu gom",
            "content": "Rác ở tổ 3 ba ngày chưa thu.",
            "sender_name": "Bà Lan",
            "sender_phone": "0912000222",
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get(title="Rác chưa thu gom")
    assert feedback.channel == "phone" and feedback.sender_user is None
    worklist = client.get(reverse("web:feedback_worklist")).content.decode()
    assert "Rác chưa thu gom" in worklist
    url = lambda action: reverse("web:feedback_action", args=[feedback.pk, action])  # noqa: E731
    detail = client.get(reverse("web:feedback_detail", args=[feedback.pk])).content.decode()
    assert "Bà Lan" in detail and "0912000222" in detail
    assert client.post(url("classify"), {"revision": 1}).status_code == 302
    assert client.post(url("start_handling"), {"revision": 2}).status_code == 302
    assert client.post(url("answer"), {"revision": 3, "answer": ""}).status_code == 400
    assert client.post(url("answer"), {"revision": 3, "answer": "Đã thu gom."}).status_code == 302
    assert client.post(url("publish"), {"revision": 4}).status_code == 400  # not a leader
    assert login(leader).post(url("publish"), {"revision": 4}).status_code == 302
    feedback.refresh_from_db()
    assert feedback.state == FeedbackState.PUBLISHED


def test_other_unit_gets_404(other_commune_officer, citizen, login):
    feedback = receive()
    for user in (other_commune_officer, citizen):
        client = login(user)
        assert client.get(reverse("web:feedback_detail", args=[feedback.pk])).status_code == 404
        assert (
            client.post(
                reverse("web:feedback_action", args=[feedback.pk, "classify"]), {"revision": 1}
            ).status_code
            == 404
        )
    assert (
        "Nước thải"
        not in login(other_commune_officer).get(reverse("web:feedback_worklist")).content.decode()
    )


def test_worklist_query_count(officer, login, django_assert_max_num_queries):
    for _ in range(5):
        receive()
    client = login(officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("web:feedback_worklist")).status_code == 200
