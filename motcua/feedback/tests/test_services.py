"""The feedback lifecycle of domain.md §11 with its working-day limits, across 30 April / 1 May
and Tết 2026, in frozen time; who may act; the append-only history; photos; reactions."""

from __future__ import annotations

import pytest

from motcua.core.errors import NotFoundError, PermissionDeniedError
from motcua.feedback import selectors, services
from motcua.feedback.files import PhotoRefusedError
from motcua.feedback.lifecycle import Action
from motcua.feedback.models import FeedbackCategory, FeedbackChannel, FeedbackEvent, FeedbackState
from motcua.feedback.tests.helpers import act, at, photo, published, receive, vn

pytestmark = pytest.mark.django_db


def test_limits_across_30_april_and_1_may(officer, leader):
    # Received Wed 29 Apr 2026 10:00; 30 Apr and 1 May are holidays, 2-3 May a weekend.
    with at(2026, 4, 29, 10):
        feedback = receive()
    assert feedback.state == FeedbackState.RECEIVED
    assert feedback.due_at == vn(2026, 5, 5)  # 2 working days: Mon 4, Tue 5 May
    assert feedback.answer_due_at == vn(2026, 5, 22)  # 15 working days
    with at(2026, 5, 4, 8):
        feedback = act(feedback, Action.CLASSIFY, officer)
    assert feedback.due_at == vn(2026, 5, 8)  # 5 working days from receipt
    with at(2026, 5, 6, 9):
        feedback = act(feedback, Action.START_HANDLING, officer)
    assert feedback.state == FeedbackState.IN_HANDLING
    assert feedback.holder == officer
    assert feedback.due_at == vn(2026, 5, 22)
    with at(2026, 5, 21, 16):
        feedback = act(feedback, Action.ANSWER, officer, answer="Đã nạo vét cống.")
    assert feedback.state == FeedbackState.AWAITING_PUBLICATION
    assert feedback.due_at == vn(2026, 5, 25)  # 2 working days after Thu 21 May: Fri, Mon
    with at(2026, 5, 22, 9):
        feedback = act(feedback, Action.PUBLISH, leader)
    assert feedback.state == FeedbackState.PUBLISHED
    assert feedback.due_at is None
    assert feedback.published_at == vn(2026, 5, 22, 9, 0)
    actions = list(feedback.events.values_list("action", "from_state", "to_state"))
    assert actions == [
        ("receive", "", "received"),
        ("classify", "received", "classified"),
        ("start_handling", "classified", "in_handling"),
        ("answer", "in_handling", "awaiting_publication"),
        ("publish", "awaiting_publication", "published"),
    ]


def test_received_after_closing_before_the_holiday_counts_from_the_next_working_day(officer):
    # Wed 29 Apr 2026 18:00: after closing, so the receipt day is Mon 4 May.
    with at(2026, 4, 29, 18):
        feedback = receive()
    assert feedback.due_at == vn(2026, 5, 6)
    assert feedback.answer_due_at == vn(2026, 5, 25)


def test_tet_2026_more_information_restarts_the_15_days(officer):
    # Thu 12 Feb 2026: Tết days off for the civil service are 14-22 Feb.
    with at(2026, 2, 12, 10):
        feedback = receive()
    assert feedback.due_at == vn(2026, 2, 23)
    with at(2026, 2, 13, 9):
        feedback = act(feedback, Action.CLASSIFY, officer)
        assert feedback.due_at == vn(2026, 2, 26)
        feedback = act(feedback, Action.REQUEST_INFORMATION, officer, note="Ảnh chụp vị trí cống")
    assert feedback.state == FeedbackState.AWAITING_INFORMATION
    assert feedback.due_at is None  # the clock waits for the sender
    assert feedback.paused_since is not None
    with at(2026, 2, 24, 10):
        feedback = act(feedback, Action.PROVIDE_INFORMATION, officer, note="Ảnh đã gửi qua thư")
    assert feedback.state == FeedbackState.IN_HANDLING
    assert feedback.answer_due_at == vn(2026, 3, 17)  # 15 working days from Tue 24 Feb
    assert feedback.due_at == feedback.answer_due_at


def test_reject_and_forward_close_the_feedback(officer):
    with at(2026, 4, 29, 10):
        rejected = act(receive(), Action.REJECT, officer, note="Nội dung không rõ ràng.")
        forwarded = act(
            act(receive(), Action.CLASSIFY, officer),
            Action.FORWARD,
            officer,
            forwarded_to="Công an tỉnh Cao Bằng",
        )
    assert rejected.state == FeedbackState.REJECTED and not rejected.is_open
    assert rejected.status_notes == "Nội dung không rõ ràng."
    assert forwarded.state == FeedbackState.FORWARDED and forwarded.due_at is None
    assert "Công an tỉnh Cao Bằng" in forwarded.status_notes


def test_reject_needs_a_reason(officer):
    feedback = receive()
    with pytest.raises(services.FeedbackError) as error:
        act(feedback, Action.REJECT, officer)
    assert error.value.field == "note"


def test_classification_to_another_category_moves_it_to_that_unit(officer, office_supervisor):
    feedback = act(
        receive(),
        Action.CLASSIFY,
        officer,
        category=FeedbackCategory.objects.get(code="quy-dinh-hanh-chinh"),
    )
    assert feedback.unit.identifier == "000.00.01.H13"
    assert selectors.feedback_list_for_user(user=office_supervisor).filter(pk=feedback.pk)
    with pytest.raises(NotFoundError):
        selectors.feedback_get_for_user(user=officer, pk=feedback.pk)


def test_only_staff_of_the_unit_act_and_only_leaders_publish(
    officer, leader, other_commune_officer, province_supervisor, citizen
):
    feedback = receive()
    for outsider in (other_commune_officer, province_supervisor, citizen):
        with pytest.raises(PermissionDeniedError):
            act(feedback, Action.CLASSIFY, outsider)
    feedback = act(feedback, Action.CLASSIFY, officer)
    feedback = act(feedback, Action.START_HANDLING, officer)
    feedback = act(feedback, Action.ANSWER, officer, answer="Trả lời")
    with pytest.raises(PermissionDeniedError):
        act(feedback, Action.PUBLISH, officer)
    feedback = act(feedback, Action.RETURN_ANSWER, leader, note="Nêu rõ thời hạn sửa")
    assert feedback.state == FeedbackState.IN_HANDLING


def test_wrong_state_is_refused(officer):
    with pytest.raises(services.FeedbackError) as error:
        act(receive(), Action.PUBLISH, officer)
    assert error.value.code == "not_allowed"


def test_stale_revision_is_refused(officer):
    feedback = receive()
    act(feedback, Action.CLASSIFY, officer)
    with pytest.raises(services.FeedbackChangedError):
        act(feedback, Action.REJECT, officer, note="x", revision=feedback.revision)


def test_visibility_deny_by_default(officer, other_commune_officer, province_supervisor, citizen):
    feedback = receive()
    assert selectors.feedback_get_for_user(user=officer, pk=feedback.pk) == feedback
    assert selectors.feedback_get_for_user(user=province_supervisor, pk=feedback.pk) == feedback
    for outsider in (other_commune_officer, citizen):
        with pytest.raises(NotFoundError):
            selectors.feedback_get_for_user(user=outsider, pk=feedback.pk)


def test_sender_reopens_once_with_a_reason(officer, leader, citizen):
    with at(2026, 4, 20, 9):
        feedback = published(officer=officer, leader=leader, sender=citizen)
    with pytest.raises(PermissionDeniedError):
        act(feedback, Action.REOPEN, officer, note="x")
    with pytest.raises(services.FeedbackError):
        act(feedback, Action.REOPEN, citizen)
    with at(2026, 4, 29, 10):
        feedback = act(feedback, Action.REOPEN, citizen, note="Cống lại tắc sau một tuần.")
    assert feedback.state == FeedbackState.IN_HANDLING
    assert feedback.due_at == vn(2026, 5, 22)
    feedback = act(feedback, Action.ANSWER, officer, answer="Đã thay đoạn cống hỏng.")
    feedback = act(feedback, Action.PUBLISH, leader)
    with pytest.raises(services.FeedbackError, match="once"):
        act(feedback, Action.REOPEN, citizen, note="Lại nữa")


def test_staff_channels_need_staff(officer, citizen):
    with pytest.raises(PermissionDeniedError):
        receive(channel=FeedbackChannel.PHONE, actor=citizen)
    feedback = receive(channel=FeedbackChannel.PHONE, actor=officer)
    assert feedback.events.get().actor == officer


def test_dossier_code_links_an_existing_dossier_and_keeps_an_unknown_one(one_stop_officer):
    from motcua.dossiers.tests.helpers import receive as receive_dossier

    dossier = receive_dossier(one_stop_officer)
    linked = receive(category="giai-quyet-ho-so", dossier_code=f" {dossier.code} ")
    assert linked.dossier == dossier and linked.dossier_code == dossier.code
    feedback = receive(category="giai-quyet-ho-so", dossier_code="000.00.31.H13-260101-9999")
    assert feedback.dossier is None
    assert feedback.dossier_code == "000.00.31.H13-260101-9999"


def test_photos_are_checked_by_content():
    data = services.FeedbackInput(
        category=FeedbackCategory.objects.get(code="moi-truong"),
        sender_name="A",
        title="t",
        content="c",
    )
    feedback = services.feedback_receive(
        data=data, channel="portal", photos=[photo(), photo("PNG", "anh.png")]
    )
    assert sorted(feedback.photos.values_list("content_type", flat=True)) == [
        "image/jpeg",
        "image/png",
    ]
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(PhotoRefusedError):
        services.feedback_receive(data=data, channel="portal", photos=[fake])
    with pytest.raises(PhotoRefusedError):
        services.feedback_receive(data=data, channel="portal", photos=[photo()] * 4)


def test_latitude_and_longitude_go_together():
    from decimal import Decimal

    with pytest.raises(services.FeedbackError):
        receive(lat=Decimal("22.66"))
    with pytest.raises(services.FeedbackError):
        receive(lat=Decimal("95"), long=Decimal("106.25"))


def test_events_are_append_only():
    event = receive().events.get()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
    assert FeedbackEvent.objects.filter(pk=event.pk).exists()


def test_reactions_one_per_reader(officer, leader):
    feedback = published(officer=officer, leader=leader)
    services.feedback_react(feedback=feedback, reader="s1", value=1)
    services.feedback_react(feedback=feedback, reader="s2", value=1)
    feedback = services.feedback_react(feedback=feedback, reader="s1", value=-1)
    assert (feedback.likes, feedback.dislikes) == (1, 1)
    with pytest.raises(services.FeedbackError):
        services.feedback_react(feedback=receive(), reader="s1", value=1)


def test_published_answers_are_searchable_without_diacritics(officer, leader):
    feedback = published(officer=officer, leader=leader, title="Nước thải tràn ra đường")
    receive(title="Nước thải chưa trả lời")
    assert list(selectors.answer_list_published(query="nuoc THAI")) == [feedback]
    assert list(selectors.answer_list_published(query="nao vet")) == [feedback]
    assert not selectors.answer_list_published(query="đèn đường").exists()


def test_history_replays_to_the_columns(officer, leader, citizen):
    from motcua.feedback import history

    feedback = published(officer=officer, leader=leader, sender=citizen)
    feedback = act(feedback, Action.REOPEN, citizen, note="Chưa được")
    feedback = act(feedback, Action.REQUEST_INFORMATION, officer, note="Ảnh")
    feedback = act(feedback, Action.PROVIDE_INFORMATION, officer, note="Đã có ảnh")
    history.check(feedback)
    assert feedback.revision == 8
