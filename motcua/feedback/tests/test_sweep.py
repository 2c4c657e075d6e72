"""The sweep flags feedback at risk (under one working day left) and overdue across the
30 April / 1 May holiday, and warns the holder and supervisors through the outbox once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from motcua.feedback import services
from motcua.feedback.lifecycle import Action
from motcua.feedback.tests.helpers import act, at, receive
from motcua.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _flags(feedback):
    feedback.refresh_from_db()
    return feedback.at_risk, feedback.overdue


def test_sweep_counts_working_time_across_the_holiday(officer):
    with at(2026, 4, 29, 10):
        feedback = receive()  # due Tue 5 May 17:30
    with at(2026, 5, 1, 10):  # a holiday: 16 working hours left, not at risk
        assert services.feedback_sweep().at_risk == []
    assert _flags(feedback) == (False, False)
    with at(2026, 5, 5, 9):
        report = services.feedback_sweep()
    assert report.at_risk == [feedback]
    assert _flags(feedback) == (True, False)
    with at(2026, 5, 5, 18):
        report = services.feedback_sweep()
    assert report.overdue == [feedback]
    assert _flags(feedback) == (False, True)
    with at(2026, 5, 5, 19):
        assert services.feedback_sweep().overdue == []  # already flagged: no second warning


def test_warnings_go_to_the_unit_staff_and_supervisors_then_to_the_holder(
    officer, province_supervisor, other_commune_officer
):
    with at(2026, 4, 29, 10):
        feedback = receive()
    with at(2026, 5, 5, 9):
        services.feedback_sweep()
    recipients = set(
        Notification.objects.filter(reason="feedback_at_risk").values_list("recipient", flat=True)
    )
    assert officer.email in recipients
    assert province_supervisor.email in recipients
    assert other_commune_officer.email not in recipients
    with at(2026, 5, 6, 9):
        feedback = act(feedback, Action.CLASSIFY, officer)
        feedback = act(feedback, Action.START_HANDLING, officer)  # due 22 May
    with at(2026, 5, 23, 9):
        call_command("feedback_sweep", verbosity=0)
    overdue = set(
        Notification.objects.filter(reason="feedback_overdue").values_list("recipient", flat=True)
    )
    assert officer.email in overdue and province_supervisor.email in overdue
    assert "thucphan.lanhdao@" not in " ".join(overdue)  # the holder, not the whole unit


def test_waiting_for_information_is_never_overdue(officer):
    with at(2026, 4, 29, 10):
        feedback = act(
            act(receive(), Action.CLASSIFY, officer),
            Action.REQUEST_INFORMATION,
            officer,
            note="Địa chỉ cụ thể",
        )
    with at(2026, 7, 1, 9):
        services.feedback_sweep()
    assert _flags(feedback) == (False, False)
