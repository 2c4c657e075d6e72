"""The citizen portal's services: sign-up and its code, drafts, reuse, supplement, withdrawal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from motcua.accounts.demo import THUC_PHAN_CENTRE
from motcua.accounts.models import OrgUnit, User
from motcua.catalog.selectors import procedure_get_by_code
from motcua.core.errors import DomainError, NotFoundError, PermissionDeniedError
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers import services as dossier_services
from motcua.dossiers.tests.helpers import at, fresh
from motcua.notifications.adapters import FakeSmsAdapter
from motcua.portal import selectors, services
from motcua.portal.doctypes import document_type
from motcua.portal.models import StoredDocument, VerificationCode

pytestmark = pytest.mark.django_db

ONLINE = "1.012994"  # fully online, with the Nghệ An process at every commune centre
PDF = b"%PDF-1.4\n%motcua test\n"
COMMIT: Any = None  # set per test by _deliver


def pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _deliver(django_capture_on_commit_callbacks, monkeypatch):
    """Deliver the codes as a committed transaction would (the outbox runs on commit)."""
    monkeypatch.setitem(globals(), "COMMIT", django_capture_on_commit_callbacks)


def sign_up(**overrides: str) -> User:
    data = {
        "full_name": "Lê Thị Mai",
        "id_number": "004198001122",
        "password": "hoa-sen-2026",
        "email": "mai@example.vn",
        "phone": "",
    }
    data.update(overrides)
    with COMMIT(execute=True):
        return services.citizen_sign_up(data=services.SignUp(**data))


def code_from_mail() -> str:
    body = mail.outbox[-1].body
    return next(word.strip(".") for word in body.split() if word.strip(".").isdigit())


def confirmed(**overrides: str) -> User:
    user = sign_up(**overrides)
    return services.citizen_confirm(user=user, code=code_from_mail())


def test_sign_up_by_email_sends_a_code_that_activates_the_account():
    user = sign_up()
    assert not user.is_active
    assert mail.outbox[-1].to == ["mai@example.vn"]
    assert authenticate(RequestFactory().get("/"), username="mai@example.vn", password="x") is None
    services.citizen_confirm(user=user, code=code_from_mail())
    user.refresh_from_db()
    assert user.is_active and user.kind == "citizen" and user.id_number == "004198001122"
    # Logs in with the e-mail address in any case, or the phone once it has one.
    request = RequestFactory().get("/")
    assert authenticate(request, username="MAI@example.vn", password="hoa-sen-2026") == user


def test_sign_up_by_phone_sends_the_code_by_sms():
    FakeSmsAdapter.outbox.clear()
    user = sign_up(email="", phone="0987654321")
    sent = FakeSmsAdapter.outbox[-1]
    assert sent.recipient == "0987654321"
    code = next(word.strip(".") for word in sent.body.split() if word.strip(".").isdigit())
    services.citizen_confirm(user=user, code=code)
    request = RequestFactory().get("/")
    assert authenticate(request, username="0987654321", password="hoa-sen-2026") is not None


def test_a_wrong_code_counts_and_an_old_code_expires():
    user = sign_up()
    good = code_from_mail()
    with pytest.raises(DomainError, match="not right"):
        services.citizen_confirm(user=user, code="000000" if good != "000000" else "111111")
    assert VerificationCode.objects.get(user=user).attempts == 1
    with time_machine.travel(timedelta(minutes=16)), pytest.raises(DomainError, match="no longer"):
        services.citizen_confirm(user=user, code=good)


def test_five_wrong_codes_and_the_code_is_spent():
    user = sign_up()
    good = code_from_mail()
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(DomainError):
            services.citizen_confirm(user=user, code=wrong)
    with pytest.raises(DomainError, match="no longer"):
        services.citizen_confirm(user=user, code=good)


def test_sign_up_names_every_problem():
    confirmed()
    with pytest.raises(services.SignUpError) as refused:
        sign_up(full_name=" ", id_number="12", email="", phone="123", password="123")
    assert set(refused.value.problems) == {"full_name", "id_number", "phone", "password"}
    with pytest.raises(services.SignUpError) as taken:
        sign_up(email="MAI@example.vn")
    assert set(taken.value.problems) == {"id_number", "email"}


def test_document_types_recognise_the_same_paper_under_other_names():
    assert document_type("Thẻ căn cước") == "identity"
    assert document_type("Bản sao một giấy tờ tùy thân: thẻ căn cước/CCCD, hộ chiếu") == "identity"
    assert document_type("Văn bản ủy quyền (nếu ủy quyền thực hiện)") == "authorisation"
    assert document_type("Phương án bồi thường") == "phuong an boi thuong"


def _citizen() -> User:
    return confirmed()


def _draft(user: User):
    version = procedure_get_by_code(code=ONLINE)
    draft = services.draft_start(user=user, version=version)
    centre = OrgUnit.objects.get(identifier=THUC_PHAN_CENTRE)
    services.draft_save(
        user=user,
        draft=draft,
        details=services.DraftDetails(
            receiving_unit=centre,
            return_method="online",
            applicant_address="Tổ 3, phường Thục Phán",
            applicant_phone="0987654321",
        ),
    )
    return draft


def test_only_procedures_offered_online_can_be_applied_for(citizen):
    with pytest.raises(DomainError, match="cannot be applied for online"):
        services.draft_start(user=citizen, version=procedure_get_by_code(code="3.000527"))
    first = services.draft_start(user=citizen, version=procedure_get_by_code(code=ONLINE))
    again = services.draft_start(user=citizen, version=procedure_get_by_code(code=ONLINE))
    assert first == again  # the unfinished draft is resumed, on any device


def test_an_application_reuses_a_stored_document_and_submits_once():
    user = _citizen()
    stored = services.stored_document_add(
        user=user,
        name="Phương án bồi thường, hỗ trợ, tái định cư đã được phê duyệt",
        file=pdf("phuong-an.pdf"),
    )
    with at(2026, 3, 5, 9):
        draft = _draft(user)
        checklist = selectors.draft_checklist(draft=draft)
        offered = [item for item in checklist if item.offers]
        assert [item.document.position for item in offered] == [2]
        assert offered[0].offers == [stored]
        services.draft_attach(user=user, draft=draft, position=1, file=pdf("de-nghi.pdf"))
        services.draft_attach(user=user, draft=draft, position=2, stored=stored)
        with pytest.raises(DomainError, match="Confirm"):
            services.draft_submit(user=user, draft=draft, declared=False)
        dossier = services.draft_submit(user=user, draft=draft, declared=True, client_token="t1")
        twice = services.draft_submit(user=user, draft=draft, declared=True, client_token="t1")
    assert twice == dossier
    assert dossier.state == "submitted" and dossier.channel == "online"
    assert dossier.applicant_user == user and dossier.applicant_id_number == user.id_number
    components = {c.required_document.position: c for c in dossier.components.all()}  # type: ignore[union-attr]
    assert components[2].reused and components[2].file.name == stored.file.name
    assert not components[1].reused and components[1].file
    # The new upload joins the citizen's store for the next application.
    assert StoredDocument.objects.filter(user=user, origin="application").count() == 1
    assert dossier in dossier_selectors.dossier_list_intake_queue(
        user=User.objects.get(username="thucphan.motcua")
    )
    with pytest.raises(DomainError, match="submitted"):
        services.draft_attach(user=user, draft=draft, position=3, file=pdf())


def test_a_citizen_cannot_take_another_citizens_document_or_draft(citizen):
    user = _citizen()
    theirs = services.stored_document_add(user=citizen, name="Thẻ căn cước", file=pdf())
    draft = _draft(user)
    with pytest.raises(NotFoundError):
        services.draft_attach(user=user, draft=draft, position=1, stored=theirs)
    with pytest.raises(NotFoundError):
        services.draft_save(
            user=citizen,
            draft=draft,
            details=services.DraftDetails(receiving_unit=None, return_method="online"),
        )
    with pytest.raises(NotFoundError):
        selectors.draft_get_for_user(user=citizen, pk=draft.pk)
    with pytest.raises(NotFoundError):
        selectors.stored_document_get_for_user(user=user, pk=theirs.pk)


def test_uploads_are_checked_by_content(citizen):
    fake = SimpleUploadedFile("anh.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError, match="not a PDF, JPEG or PNG"):
        services.stored_document_add(user=citizen, name="Thẻ căn cước", file=fake)


def _submitted(user: User):
    with at(2026, 3, 5, 9):
        draft = _draft(user)
        services.draft_attach(user=user, draft=draft, position=1, file=pdf())
        return services.draft_submit(user=user, draft=draft, declared=True)


def _to_supplement(dossier, one_stop_officer, office_leader, officer):
    with at(2026, 3, 5, 10):
        dossier = dossier_services.dossier_receive(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        dossier = dossier_services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        dossier = dossier_services.dossier_complete_step(
            actor=office_leader, dossier=dossier, revision=dossier.revision
        )
        return dossier_services.dossier_request_supplement(
            actor=officer,
            dossier=dossier,
            revision=dossier.revision,
            items=["Bảng kê thanh toán kinh phí bồi thường (bản chính)"],
        )


def test_the_applicant_answers_a_supplement_online_and_the_limit_restarts(
    one_stop_officer, office_leader, officer, citizen
):
    user = _citizen()
    dossier = _to_supplement(_submitted(user), one_stop_officer, office_leader, officer)
    view = selectors.dossier_citizen_view(dossier=fresh(dossier), user=user)
    assert view.supplement_items == ["Bảng kê thanh toán kinh phí bồi thường (bản chính)"]
    with pytest.raises(PermissionDeniedError):  # another citizen: not theirs
        services.dossier_answer_supplement(
            user=citizen,
            dossier=fresh(dossier),
            revision=fresh(dossier).revision,
            files=[("x", pdf())],
        )
    with at(2026, 3, 9, 9):  # Monday
        dossier = services.dossier_answer_supplement(
            user=user,
            dossier=fresh(dossier),
            revision=fresh(dossier).revision,
            files=[(view.supplement_items[0], pdf("bang-ke.pdf"))],
        )
    dossier = fresh(dossier)
    assert dossier.state == "supplement_completed"
    assert dossier.components.filter(name__startswith="Bảng kê").exclude(file="").exists()
    event = dossier.events.get(action="complete_supplement")
    assert event.actor == user and event.data["paused_to"].startswith("2026-03-09T09:00")
    # 168 working hours = 21 working days counted again from Monday 9 March 09:00.
    assert dossier.due_at is not None
    assert dossier.due_at > dossier.events.get(action="receive").at + timedelta(days=28)


def test_the_applicant_withdraws_their_own_dossier_only(citizen):
    user = _citizen()
    dossier = _submitted(user)
    with pytest.raises(PermissionDeniedError):
        services.dossier_withdraw_by_applicant(
            user=citizen, dossier=dossier, revision=dossier.revision, reason="nhầm"
        )
    dossier = services.dossier_withdraw_by_applicant(
        user=user, dossier=dossier, revision=dossier.revision, reason="Nộp nhầm thủ tục"
    )
    assert dossier.state == "withdrawn"


def test_a_citizen_sees_only_their_own_dossiers(citizen):
    user = _citizen()
    dossier = _submitted(user)
    assert list(dossier_selectors.dossier_list_for_applicant(user=user)) == [dossier]
    assert list(dossier_selectors.dossier_list_for_applicant(user=citizen)) == []
    with pytest.raises(NotFoundError):
        dossier_selectors.dossier_get_for_applicant(user=citizen, pk=dossier.pk)
    officer = User.objects.get(username="thucphan.motcua")
    assert list(dossier_selectors.dossier_list_for_applicant(user=officer)) == []
