"""Notices of every status change (NĐ 224/2026 Art. 15): written to the outbox on commit,
delivered with retries and a final failed state; the sweep warns officers."""

from datetime import timedelta

import pytest
from django.core import mail

from motcua.dossiers import services as dossier_services
from motcua.dossiers.tests.helpers import at, intake
from motcua.notifications import services
from motcua.notifications.adapters import FakeSmsAdapter
from motcua.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fake_sms():
    FakeSmsAdapter.outbox.clear()
    FakeSmsAdapter.fail_next = 0
    yield FakeSmsAdapter
    FakeSmsAdapter.fail_next = 0


def receive_with_contacts(officer):
    applicant_intake = intake()
    applicant = applicant_intake.applicant.__class__(
        **{**applicant_intake.applicant.__dict__, "email": "nhung@example.vn"}
    )
    return dossier_services.dossier_receive_at_counter(
        actor=officer,
        intake=applicant_intake.__class__(**{**applicant_intake.__dict__, "applicant": applicant}),
    )


def test_each_status_change_is_sent_by_email_and_sms_after_commit(
    one_stop_officer, django_capture_on_commit_callbacks, fake_sms
):
    with at(2026, 3, 5, 9), django_capture_on_commit_callbacks(execute=True):
        dossier = receive_with_contacts(one_stop_officer)
    assert Notification.objects.filter(dossier=dossier).count() == 2
    assert {n.state for n in Notification.objects.filter(dossier=dossier)} == {"sent"}
    (email,) = mail.outbox
    assert email.to == ["nhung@example.vn"]
    assert dossier.code in email.subject
    assert "Trung tâm Phục vụ hành chính công phường Thục Phán" in email.body
    assert "Nguyễn Thị Một Cửa" in email.body  # the officer, named (Art. 15)
    assert "17:30 10/03/2026" in email.body  # the appointment
    assert [sms.recipient for sms in fake_sms.outbox] == ["0912345678"]
    with at(2026, 3, 5, 10), django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
    assert Notification.objects.filter(dossier=dossier).count() == 4


def test_nothing_is_sent_when_the_transaction_rolls_back(
    one_stop_officer, django_capture_on_commit_callbacks, monkeypatch
):
    from motcua.dossiers.services import intake as intake_module

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(intake_module, "add_components", broken)
    with (
        at(2026, 3, 5, 9),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        receive_with_contacts(one_stop_officer)
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_failing_provider_is_retried_then_marked_failed(
    one_stop_officer, django_capture_on_commit_callbacks, fake_sms
):
    fake_sms.fail_next = 99
    with at(2026, 3, 5, 9), django_capture_on_commit_callbacks(execute=True):
        dossier = receive_with_contacts(one_stop_officer)
    sms = Notification.objects.get(dossier=dossier, channel="sms")
    assert (sms.state, sms.attempts) == ("pending", 1)
    assert sms.last_error == "fake provider unavailable"
    moment = sms.next_attempt_at
    assert moment is not None
    for _ in range(services.MAX_ATTEMPTS - 1):
        services.notification_deliver(notification_id=sms.pk, now=moment)
        sms.refresh_from_db()
        moment = (sms.next_attempt_at or moment) + timedelta(seconds=1)
    assert (sms.state, sms.attempts) == ("failed", services.MAX_ATTEMPTS)
    assert services.notification_deliver(notification_id=sms.pk) is None  # nothing more


def test_a_recovered_provider_delivers_on_the_sweep(
    one_stop_officer, django_capture_on_commit_callbacks, fake_sms
):
    fake_sms.fail_next = 1
    with at(2026, 3, 5, 9), django_capture_on_commit_callbacks(execute=True):
        dossier = receive_with_contacts(one_stop_officer)
    sms = Notification.objects.get(dossier=dossier, channel="sms")
    assert sms.state == "pending"
    with at(2026, 3, 5, 9, 2):
        assert services.notification_sweep() == 1  # immediate backend: delivered at once
    sms.refresh_from_db()
    assert sms.state == "sent"


def test_the_sweep_warns_the_officers(
    one_stop_officer, officer, django_capture_on_commit_callbacks
):
    officer.email = "chuyenvien@example.vn"
    officer.save(update_fields=["email"])
    one_stop_officer.email = "motcua@example.vn"
    one_stop_officer.save(update_fields=["email"])
    with at(2026, 3, 5, 9):
        dossier = dossier_services.dossier_receive_at_counter(
            actor=one_stop_officer, intake=intake()
        )
        dossier = dossier_services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
    with at(2026, 3, 10, 18), django_capture_on_commit_callbacks(execute=True):
        from motcua.notifications.tasks import sweep

        result = sweep.call()
    assert result["overdue"] == 1
    warned = set(Notification.objects.filter(reason="overdue").values_list("recipient", flat=True))
    assert warned == {"chuyenvien@example.vn", "motcua@example.vn"}
