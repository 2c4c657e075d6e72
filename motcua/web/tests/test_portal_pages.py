"""The citizen portal's pages: sign-up, the application form, my dossiers, ratings, the counter
tablet; a citizen never reaches another citizen's dossier, draft or document."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.accounts.demo import THUC_PHAN_CENTRE
from motcua.accounts.models import OrgUnit, User
from motcua.accounts.services import user_create_citizen
from motcua.catalog.selectors import procedure_get_by_code
from motcua.documents.services import result_issue
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.helpers import at, fresh
from motcua.portal import services
from motcua.portal.models import ApplicationDraft, StoredDocument

pytestmark = pytest.mark.django_db
ONLINE = "1.012994"
PDF = b"%PDF-1.4\n%motcua\n"


def pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def other_citizen(db: None) -> User:
    """A second citizen: must get "not found" for the first one's dossiers and documents."""
    return user_create_citizen(
        username="tran.b",
        password="khac-mat-khau-1",
        full_name="Trần Văn B",
        id_number="004188007766",
    )


def test_sign_up_then_confirm_with_the_code_logs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dang-ky/",
            {
                "full_name": "Lê Thị Mai",
                "id_number": "004198001122",
                "email": "mai@example.vn",
                "password": "hoa-sen-2026",
            },
        )
    assert response["Location"] == "/dang-ky/xac-nhan/"
    code = next(w.strip(".") for w in mail.outbox[-1].body.split() if w.strip(".").isdigit())
    assert client.post("/dang-ky/xac-nhan/", {"code": "12"}).status_code == 200  # form error
    response = client.post("/dang-ky/xac-nhan/", {"code": code})
    assert response["Location"] == "/cong-dan/ho-so/"
    assert client.get("/cong-dan/ho-so/").status_code == 200


def test_sign_up_shows_each_problem_on_its_field(client):
    response = client.post("/dang-ky/", {"full_name": "A", "id_number": "1", "password": "1"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"id_number", "email", "password"} <= set(errors)


def _applied(citizen: User) -> Dossier:
    with at(2026, 3, 5, 9):
        draft = services.draft_start(user=citizen, version=procedure_get_by_code(code=ONLINE))
        services.draft_save(
            user=citizen,
            draft=draft,
            details=services.DraftDetails(
                receiving_unit=OrgUnit.objects.get(identifier=THUC_PHAN_CENTRE),
                return_method="online",
            ),
        )
        services.draft_attach(user=citizen, draft=draft, position=1, file=pdf())
        return services.draft_submit(user=citizen, draft=draft, declared=True)


def test_the_application_page_uploads_reuses_and_submits(login, citizen):
    client = login(citizen)
    stored = services.stored_document_add(
        user=citizen, name="Phương án bồi thường, hỗ trợ, tái định cư", file=pdf()
    )
    detail = client.get(f"/thu-tuc/{ONLINE}/")
    assert "Apply online" in detail.content.decode()
    started = client.post(f"/nop-truc-tuyen/{ONLINE}/")
    draft = ApplicationDraft.objects.get(user=citizen)
    assert started["Location"] == f"/cong-dan/ho-so-nhap/{draft.pk}/"
    page = client.get(started["Location"])
    assert page.status_code == 200
    assert "No fee" in page.content.decode()  # the fee, before submission
    url = started["Location"]
    client.post(url, {"op": "attach", "position": 1, "file": pdf("de-nghi.pdf")})
    client.post(url, {"op": "reuse", "position": 2, "stored": stored.pk})
    assert draft.documents.count() == 2
    bad = client.post(
        url, {"op": "attach", "position": 3, "file": SimpleUploadedFile("x.pdf", b"no")}
    )
    assert bad.status_code == 302 and draft.documents.count() == 2  # refused, said in a message
    centre = OrgUnit.objects.get(identifier=THUC_PHAN_CENTRE)
    missing = client.post(
        url, {"op": "submit", "receiving_unit": centre.pk, "return_method": "online"}
    )
    assert missing.status_code == 400  # the declaration is not ticked
    with at(2026, 3, 5, 9):
        done = client.post(
            url,
            {
                "op": "submit",
                "receiving_unit": centre.pk,
                "return_method": "online",
                "declared": "on",
            },
        )
    dossier = Dossier.objects.get(applicant_user=citizen)
    assert done["Location"] == f"/cong-dan/ho-so/{dossier.pk}/"
    assert dossier.components.filter(reused=True).count() == 1
    page = client.get(done["Location"]).content.decode()
    assert "Awaiting intake" in page and "8 working hours" in page


def test_a_citizen_never_reaches_another_citizens_dossier_draft_or_document(
    login, citizen, other_citizen
):
    dossier = _applied(citizen)
    draft = ApplicationDraft.objects.get(user=citizen)
    document = StoredDocument.objects.filter(user=citizen).first()
    assert document is not None
    intruder = login(other_citizen)
    for url in (
        f"/cong-dan/ho-so/{dossier.pk}/",
        f"/cong-dan/ho-so-nhap/{draft.pk}/",
        f"/cong-dan/giay-to/{document.pk}/",
    ):
        assert intruder.get(url).status_code == 404, url
    withdraw = {"op": "withdraw", "revision": dossier.revision, "reason": "x"}
    assert intruder.post(f"/cong-dan/ho-so/{dossier.pk}/", withdraw).status_code == 404
    assert fresh(dossier).state == "submitted"
    own = login(citizen)
    assert own.get(f"/cong-dan/giay-to/{document.pk}/").status_code == 200
    assert dossier.procedure_version.name not in intruder.get("/cong-dan/ho-so/").content.decode()


def test_staff_do_not_use_the_citizen_pages(login, one_stop_officer):
    client = login(one_stop_officer)
    assert client.get("/cong-dan/ho-so/").status_code == 403
    assert client.post(f"/nop-truc-tuyen/{ONLINE}/").status_code == 403


def _returned(dossier: Dossier, users: dict[str, User]) -> Dossier:
    one_stop, leader = users["one_stop"], users["office_leader"]
    with at(2026, 3, 5, 10):
        dossier = dossier_services.dossier_receive(
            actor=one_stop, dossier=dossier, revision=dossier.revision
        )
        dossier = dossier_services.dossier_forward(
            actor=one_stop, dossier=dossier, revision=dossier.revision
        )
        for actor, act in (
            (leader, dossier_services.dossier_complete_step),
            (users["specialist"], dossier_services.dossier_complete_step),
            (leader, dossier_services.dossier_approve),
            (users["agency_leader"], dossier_services.dossier_sign),
        ):
            dossier = act(actor=actor, dossier=dossier, revision=dossier.revision)
        result_issue(  # signed with the ward's demo certificate (conftest)
            actor=users["clerk"],
            dossier=dossier,
            revision=dossier.revision,
            verify_url=lambda code: f"http://testserver/xac-thuc/?ma={code}",
        )
        dossier = fresh(dossier)
        return dossier_services.dossier_return_result(
            actor=one_stop, dossier=dossier, revision=dossier.revision, via="online"
        )


@pytest.fixture
def staff(one_stop_officer, office_leader, officer, leader, clerk) -> dict[str, Any]:
    return {
        "one_stop": one_stop_officer,
        "office_leader": office_leader,
        "specialist": officer,
        "agency_leader": leader,
        "clerk": clerk,
    }


def test_the_applicant_rates_online_and_a_change_is_kept(login, citizen, staff):
    dossier = _returned(_applied(citizen), staff)
    client = login(citizen)
    url = f"/cong-dan/ho-so/{dossier.pk}/"
    assert "Rate the service" in client.get(url).content.decode()
    first = {"op": "rate", "revision": dossier.revision, "overall": "satisfied"}
    assert client.post(url, {**first, "criterion_attitude": "very_satisfied"}).status_code == 302
    second = {"op": "rate", "revision": fresh(dossier).revision, "overall": "not_satisfied"}
    assert client.post(url, second).status_code == 302
    dossier = fresh(dossier)
    assert dossier.rating == "not_satisfied"
    rates = list(dossier.events.filter(action="rate").values_list("data", flat=True))
    assert [rate["overall"] for rate in rates] == ["satisfied", "not_satisfied"]
    assert rates[1]["replaces"] == "satisfied" and rates[0]["via"] == "online"
    assert rates[0]["criteria"] == {"attitude": "very_satisfied"}


def test_the_counter_tablet_rates_by_code_for_its_own_units_only(
    login, citizen, staff, other_commune_officer
):
    dossier = _returned(_applied(citizen), staff)
    tablet = login(staff["one_stop"])
    page = tablet.get("/danh-gia/", {"code": dossier.code})
    assert page.status_code == 200 and page.context["dossier"] == dossier
    response = tablet.post(f"/danh-gia/?code={dossier.code}", {"overall": "very_satisfied"})
    assert response.status_code == 302
    assert fresh(dossier).rating == "very_satisfied"
    assert fresh(dossier).events.get(action="rate").data["via"] == "counter"
    elsewhere = login(other_commune_officer).get("/danh-gia/", {"code": dossier.code})
    assert elsewhere.status_code == 400 and elsewhere.context["dossier"] is None
    assert Client().get("/danh-gia/").status_code == 302  # log in first


def test_a_dossier_not_yet_returned_cannot_be_rated(login, citizen):
    dossier = _applied(citizen)
    client = login(citizen)
    response = client.post(
        f"/cong-dan/ho-so/{dossier.pk}/",
        {"op": "rate", "revision": dossier.revision, "overall": "satisfied"},
    )
    assert response.status_code == 400
    assert fresh(dossier).rating == ""


def test_my_dossiers_page_queries_are_capped(login, citizen, django_assert_max_num_queries):
    for _ in range(3):
        _applied(citizen)  # each submitted draft is done: the next one starts afresh
    client = login(citizen)
    with django_assert_max_num_queries(8):
        assert client.get("/cong-dan/ho-so/").status_code == 200


def test_the_applicant_downloads_the_signed_result_and_keeps_it_in_the_store(
    login, citizen, other_citizen, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = _returned(_applied(citizen), staff)
    result = dossier.results.get()
    own = login(citizen)
    page = own.get(f"/cong-dan/ho-so/{dossier.pk}/").content.decode()
    assert result.code in page and "Download (signed PDF)" in page
    download = own.get(f"/cong-dan/ho-so/{dossier.pk}/ket-qua/{result.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    stored = StoredDocument.objects.get(user=citizen, origin="result")
    assert stored.file.name == result.file.name and stored.dossier == dossier
    intruder = login(other_citizen)
    assert intruder.get(f"/cong-dan/ho-so/{dossier.pk}/ket-qua/{result.pk}/").status_code == 404


def test_a_signed_pdf_in_my_documents_shows_what_its_signature_says(login, citizen, staff):
    dossier = _returned(_applied(citizen), staff)
    signed = dossier.results.get().file.read()
    services.stored_document_add(
        user=citizen, name="Kết quả (bản điện tử)", file=SimpleUploadedFile("kq.pdf", signed)
    )
    at = signed.index(b"ReportLab Generated")  # a letter inside the signed range
    changed = signed[:at] + b"X" + signed[at + 1 :]
    services.stored_document_add(
        user=citizen, name="Bản sửa", file=SimpleUploadedFile("sua.pdf", changed)
    )
    verdicts = dict(
        StoredDocument.objects.filter(user=citizen, origin="uploaded").values_list(
            "name", "signatures__verdict"
        )
    )
    assert verdicts["Kết quả (bản điện tử)"] == "valid"
    assert verdicts["Bản sửa"] == "modified"
    page = login(citizen).get("/cong-dan/giay-to/").content.decode()
    assert "The signature is valid" in page
