"""/api/v1/results and a dossier's results and digitisation: public verification, issuing
through the action endpoint (signed), revocation, digitising; wrong-unit cases."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.documents.tests.conftest import ready_to_issue
from motcua.documents.tests.test_services import _image, _pdf
from motcua.documents.tests.test_signing import _modified
from motcua.dossiers.tests.helpers import at, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(login, one_stop_officer, officer, office_leader, leader, clerk):
    dossier = ready_to_issue(one_stop_officer, officer, office_leader, leader)
    with at(2026, 3, 5, 11):
        response = login(clerk).post(
            f"/api/v1/dossiers/{dossier.pk}/actions/issue_result",
            json.dumps({"revision": dossier.revision}),
            content_type="application/json",
        )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "processed"
    return dossier


def test_issuing_over_the_api_signs_and_the_public_verifies(issued, login, clerk):
    [result] = login(clerk).get(f"/api/v1/dossiers/{issued.pk}/results").json()
    assert result["code"] == f"{issued.code}-KQ1"
    assert "DEMO — NOT FOR REAL USE" in result["signer_subject"]
    answer = Client().get(f"/api/v1/results/verify/{result['code']}").json()
    assert answer["verdict"] == "valid"
    assert answer["signatures"][0]["revocation"] == "unknown"
    flags = login(clerk).get(f"/api/v1/dossiers/{issued.pk}/digitisation/flags").json()
    assert flags["e_result_issued"] and flags["e_result_signed"]


def test_upload_verification_and_revocation(issued, login, clerk, leader, other_commune_officer):
    from motcua.documents.models import Result

    result = Result.objects.get(dossier=issued)
    content = result.file.open("rb").read()

    def verify(data):
        return Client().post("/api/v1/results/verify", {"file": SimpleUploadedFile("a.pdf", data)})

    assert verify(content).json()["verdict"] == "valid"
    assert verify(_modified(content)).json()["verdict"] == "modified"
    assert verify(_pdf()).json()["verdict"] == "unsigned"
    url = f"/api/v1/results/{result.pk}/revoke"
    body = json.dumps({"reason": "Sai họ tên"})
    stranger = login(other_commune_officer).post(url, body, content_type="application/json")
    assert stranger.status_code == 404
    revoked = login(leader).post(url, body, content_type="application/json")
    assert revoked.status_code == 200 and revoked.json()["revocation_reason"] == "Sai họ tên"
    assert verify(content).json()["verdict"] == "revoked"
    assert Client().get(f"/api/v1/results/verify/{result.code}").json()["verdict"] == "revoked"


def test_unknown_code_is_404(db):
    response = Client().get("/api/v1/results/verify/000.01.31.H13-260305-0001-KQ4")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_digitise_over_the_api(login, one_stop_officer, other_commune_officer):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
    component = dossier.components.all()[0]
    url = f"/api/v1/dossiers/{dossier.pk}/components/{component.pk}/digitise"
    data = {
        "files": [SimpleUploadedFile("1.png", _image("PNG")), SimpleUploadedFile("2.pdf", _pdf())],
        "document_type": "Giấy khai sinh",
        "source": "scanned",
        "issuer": "UBND xã Hòa An",
    }
    assert login(other_commune_officer).post(url, data).status_code == 404
    data["files"] = [
        SimpleUploadedFile("1.png", _image("PNG")),
        SimpleUploadedFile("2.pdf", _pdf()),
    ]
    response = login(one_stop_officer).post(url, data)
    assert response.status_code == 201, response.json()
    assert response.json()["pages"] == 2 and response.json()["source"] == "scanned"
    listed = login(one_stop_officer).get(f"/api/v1/dossiers/{dossier.pk}/digitisation").json()
    assert [row["document_type"] for row in listed] == ["Giấy khai sinh"]
    bad = login(one_stop_officer).post(
        url,
        {"files": [SimpleUploadedFile("x.pdf", b"hello")], "document_type": "Đơn"},
    )
    assert bad.status_code == 400 and bad.json()["field"] == "files"
