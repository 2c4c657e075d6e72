"""The verification page (public), the scan page and the results on the dossier page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.documents import services
from motcua.documents.models import DigitisationRecord, Result
from motcua.documents.tests.conftest import ready_to_issue
from motcua.documents.tests.test_services import _image, _pdf
from motcua.documents.tests.test_signing import _modified, issue
from motcua.dossiers.tests.helpers import at, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(signing, one_stop_officer, officer, office_leader, leader, clerk):
    return issue(clerk, ready_to_issue(one_stop_officer, officer, office_leader, leader))


def _upload(content, name="ket-qua.pdf"):
    return Client().post("/xac-thuc/", {"file": SimpleUploadedFile(name, content)})


def test_the_public_page_verifies_a_result_by_its_code(result):
    page = Client().get("/xac-thuc/", {"ma": result.code})
    assert page.status_code == 200
    assert page.context["verification"].verdict == "valid"
    text = page.content.decode()
    assert 'data-verdict="valid"' in text
    assert "UBND phường Thục Phán" in text
    assert result.issuing_unit.name in text


def test_an_unknown_code_is_not_found(db):
    page = Client().get("/xac-thuc/", {"ma": "000.01.31.H13-260305-0001-KQ7"})
    assert page.status_code == 404
    assert page.context["not_found"]


@pytest.mark.parametrize(
    ("kind", "verdict"),
    [("intact", "valid"), ("modified", "modified"), ("unsigned", "unsigned"), ("junk", "invalid")],
)
def test_the_page_answers_for_an_uploaded_file(result, kind, verdict):
    content = result.file.open("rb").read()
    uploads = {
        "intact": content,
        "modified": _modified(content),
        "unsigned": _pdf(),
        "junk": _image("PNG"),
    }
    page = _upload(uploads[kind])
    assert page.status_code == 200
    assert page.context["verification"].verdict == verdict
    assert f'data-verdict="{verdict}"' in page.content.decode()


def test_a_revoked_result_says_so_by_code_and_by_file(result, leader, login):
    client = login(leader)
    response = client.post(
        f"/ho-so/{result.dossier_id}/ket-qua/{result.pk}/thu-hoi/", {"reason": "Cấp nhầm"}
    )
    assert response.status_code == 302
    assert Result.objects.get(pk=result.pk).is_revoked
    by_code = Client().get("/xac-thuc/", {"ma": result.code})
    assert by_code.context["verification"].verdict == "revoked"
    assert "Cấp nhầm" in by_code.content.decode()
    by_file = _upload(result.file.open("rb").read())
    assert by_file.context["verification"].verdict == "revoked"


def test_issuing_from_the_dossier_page_signs_the_result(
    signing, login, one_stop_officer, officer, office_leader, leader, clerk
):
    dossier = ready_to_issue(one_stop_officer, officer, office_leader, leader)
    client = login(clerk)
    with at(2026, 3, 5, 11):
        response = client.post(
            f"/ho-so/{dossier.pk}/thao-tac/issue_result/",
            {"issue_result-revision": dossier.revision},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Result.objects.get(dossier=dossier)
    page = client.get(f"/ho-so/{dossier.pk}/")
    assert created.code in page.content.decode()
    pdf = client.get(f"/ho-so/{dossier.pk}/ket-qua/{created.pk}/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_an_agency_without_certificate_sees_the_error_on_the_page(
    signing, login, one_stop_officer, officer, office_leader, leader, clerk
):
    from motcua.documents.models import AgencyCertificate

    AgencyCertificate.objects.all().delete()
    dossier = ready_to_issue(one_stop_officer, officer, office_leader, leader)
    with at(2026, 3, 5, 11):
        response = login(clerk).post(
            f"/ho-so/{dossier.pk}/thao-tac/issue_result/",
            {"issue_result-revision": dossier.revision},
        )
    assert response.status_code == 400
    assert "has no signing certificate" in response.content.decode()
    assert not Result.objects.exists()


def test_a_stranger_cannot_download_or_revoke(result, login, other_commune_officer):
    client = login(other_commune_officer)
    assert client.get(f"/ho-so/{result.dossier_id}/ket-qua/{result.pk}/").status_code == 404
    response = client.post(
        f"/ho-so/{result.dossier_id}/ket-qua/{result.pk}/thu-hoi/", {"reason": "x"}
    )
    assert response.status_code == 404
    assert not Result.objects.get(pk=result.pk).is_revoked


def test_the_counter_scans_pages_into_one_pdf(login, one_stop_officer, other_commune_officer):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
    component = dossier.components.all()[0]
    client = login(one_stop_officer)
    assert client.get(f"/ho-so/{dossier.pk}/so-hoa/").status_code == 200
    response = client.post(
        f"/ho-so/{dossier.pk}/so-hoa/",
        {
            "component": component.pk,
            "source": "scanned",
            "document_type": "Đơn đề nghị",
            "scans": [
                SimpleUploadedFile("1.jpg", _image("JPEG")),
                SimpleUploadedFile("2.pdf", _pdf(pages=2)),
            ],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    record = DigitisationRecord.objects.get(component=component)
    assert record.pages == 3
    opened = client.get(f"/ho-so/{dossier.pk}/so-hoa/{record.pk}/")
    assert opened.status_code == 200
    refused = client.post(
        f"/ho-so/{dossier.pk}/so-hoa/",
        {
            "component": component.pk,
            "source": "scanned",
            "document_type": "Đơn",
            "scans": [SimpleUploadedFile("x.pdf", b"GIF89a not a scan")],
        },
    )
    assert refused.status_code == 400
    assert "not a PDF, JPEG or PNG" in refused.content.decode()
    stranger = login(other_commune_officer)
    assert stranger.get(f"/ho-so/{dossier.pk}/so-hoa/").status_code == 404
    assert stranger.get(f"/ho-so/{dossier.pk}/so-hoa/{record.pk}/").status_code == 404


def test_reuse_from_the_scan_page(login, one_stop_officer):
    with at(2026, 3, 5, 9):
        first = receive(one_stop_officer)
        second = receive(one_stop_officer)
    original = services.component_digitise(
        actor=one_stop_officer,
        dossier=first,
        component=first.components.all()[0],
        files=[SimpleUploadedFile("a.pdf", _pdf())],
        source="scanned",
        metadata=services.DocumentMetadata(document_type="Giấy khai sinh"),
    )
    client = login(one_stop_officer)
    page = client.get(f"/ho-so/{second.pk}/so-hoa/")
    assert "Giấy khai sinh" in page.content.decode()
    response = client.post(
        f"/ho-so/{second.pk}/so-hoa/",
        {"reuse": "1", "component": second.components.all()[0].pk, "record": original.pk},
    )
    assert response.status_code == 302
    assert DigitisationRecord.objects.filter(dossier=second, source="reused").exists()
