"""Signed results: PAdES by pyHanko, checked by pyHanko's validator and by poppler's pdfsig."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any

import pytest

from motcua.documents import services
from motcua.documents.signing.verification import Verdict, verify_pdf
from motcua.documents.tests.conftest import ready_to_issue, verify_url
from motcua.dossiers.tests.helpers import at

pytestmark = pytest.mark.django_db


def issue(clerk, dossier):
    with at(2026, 3, 5, 11):
        return services.result_issue(
            actor=clerk, dossier=dossier, revision=dossier.revision, verify_url=verify_url
        )


@pytest.fixture
def issued(signing, one_stop_officer, officer, office_leader, leader, clerk):
    dossier = ready_to_issue(one_stop_officer, officer, office_leader, leader)
    return issue(clerk, dossier)


def _modified(content: bytes) -> bytes:
    """Change one byte inside the signed range (a letter of the header comment that names
    the producer: the file still parses, only its digest changes)."""
    index = content.index(b"ReportLab Generated")
    changed = content[:index] + b"X" + content[index + 1 :]
    assert len(changed) == len(content) and changed != content
    return changed


def test_a_result_is_signed_with_the_agency_certificate(issued):
    assert issued.code == f"{issued.dossier.code}-KQ1"
    content = issued.file.read()
    report = verify_pdf(content)
    assert report.verdict is Verdict.VALID
    [signature] = report.signatures
    assert signature.signer == "UBND phường Thục Phán"
    assert signature.intact and signature.whole_file and signature.trusted
    assert signature.revocation == "unknown"
    assert report.result_codes == [issued.code]
    assert issued.signer_subject.startswith("Common Name: UBND phường Thục Phán")
    assert not issued.timestamped


def test_a_changed_byte_is_reported_as_modified(issued):
    report = verify_pdf(_modified(issued.file.read()))
    assert report.verdict is Verdict.MODIFIED
    assert not report.signatures[0].intact


def _pdfsig(path):
    completed = subprocess.run(  # noqa: S603 -- a fixed tool on a file we wrote
        [shutil.which("pdfsig") or "pdfsig", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.stdout + completed.stderr


@pytest.mark.skipif(
    shutil.which("pdfsig") is None and os.environ.get("CI") != "true",
    reason="poppler's pdfsig is not installed (make browser installs it; required in CI)",
)
def test_poppler_pdfsig_agrees(issued, tmp_path):
    assert shutil.which("pdfsig"), "pdfsig is required in CI (poppler-utils)"
    good = tmp_path / "good.pdf"
    good.write_bytes(issued.file.read())
    output = _pdfsig(good)
    assert "Signature is Valid" in output, output
    assert "Total document signed" in output
    assert "UBND phường Thục Phán" in output
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(_modified(good.read_bytes()))
    output = _pdfsig(bad)
    assert "Signature is Valid" not in output, output
    assert "Digest Mismatch" in output or "modified" in output.lower(), output


def test_a_timestamp_is_added_when_a_timestamp_server_is_configured(
    signing, settings, one_stop_officer, officer, office_leader, leader, clerk
):
    settings.MOTCUA_TIMESTAMPER = "motcua.documents.tests.test_signing.dummy_timestamper"
    dossier = ready_to_issue(one_stop_officer, officer, office_leader, leader)
    result = issue(clerk, dossier)
    assert result.timestamped
    report = verify_pdf(result.file.read())
    assert report.verdict is Verdict.VALID
    assert report.signatures[0].timestamped


_PKI: dict[str, Any] = {}


def dummy_timestamper():
    """pyHanko's in-process RFC 3161 responder with the test TSA certificate (no network)."""
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    tsa = _PKI["tsa"]
    certificate = x509.Certificate.load(tsa.certificate.public_bytes(serialization.Encoding.DER))
    key = keys.PrivateKeyInfo.load(
        tsa.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return DummyTimeStamper(
        tsa_cert=certificate,
        tsa_key=key,
        certs_to_embed=SimpleCertificateStore.from_certs([certificate]),
    )


@pytest.fixture(autouse=True)
def _remember_pki(test_pki):
    _PKI["tsa"] = test_pki.tsa


def test_a_demo_result_validates_with_pyhanko_and_pdfsig(
    one_stop_officer, officer, office_leader, leader, clerk, tmp_path
):
    """The demo PKI (load_demo_pki, as `make demo` installs it: ECDSA agency keys)."""
    from motcua.documents.tests.conftest import ready_to_issue

    result = issue(clerk, ready_to_issue(one_stop_officer, officer, office_leader, leader))
    content = result.file.read()
    report = verify_pdf(content)
    assert report.verdict is Verdict.VALID, report
    assert "DEMO — NOT FOR REAL USE" in result.signer_subject
    assert verify_pdf(_modified(content)).verdict is Verdict.MODIFIED
    if shutil.which("pdfsig") is None:
        assert os.environ.get("CI") != "true", "pdfsig is required in CI (poppler-utils)"
        return
    path = tmp_path / "demo.pdf"
    path.write_bytes(content)
    assert "Signature is Valid" in _pdfsig(path)
    path.write_bytes(_modified(content))
    assert "Signature is Valid" not in _pdfsig(path)


def test_the_result_pdf_has_the_vietnamese_text_qr_and_a_visible_signature(issued):
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(issued.file.read()))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "THÔNG BÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text
    assert f"Mã kết quả: {issued.code}" in text
    assert "Nguyễn Thị Hồng Nhung" in text
    import zxingcpp

    [qr] = reader.pages[0].images
    assert qr.image is not None
    (barcode,) = zxingcpp.read_barcodes(qr.image.convert("L"))
    assert barcode.text == verify_url(issued.code)  # the QR leads to the verification page
    annotations: Any = reader.pages[0]["/Annots"]
    [widget] = [a.get_object() for a in annotations]
    assert widget["/FT"] == "/Sig" and "/AP" in widget  # a visible signature, its appearance
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 > 200 and y2 - y1 > 60


class FakeRemoteBackend:
    """A stand-in for a remote signing service or an HSM: any backend returning a pyHanko
    signer for the unit plugs in through MOTCUA_SIGNER_BACKEND."""

    calls: list[str] = []

    def signer_for(self, *, unit, at):
        from motcua.documents.signing.signers import Pkcs12Backend

        FakeRemoteBackend.calls.append(unit.identifier)
        return Pkcs12Backend().signer_for(unit=unit, at=at)


def test_another_signer_backend_plugs_in(
    signing, settings, one_stop_officer, officer, office_leader, leader, clerk
):
    from motcua.documents.tests.conftest import ready_to_issue

    settings.MOTCUA_SIGNER_BACKEND = "motcua.documents.tests.test_signing.FakeRemoteBackend"
    result = issue(clerk, ready_to_issue(one_stop_officer, officer, office_leader, leader))
    assert FakeRemoteBackend.calls == ["000.00.31.H13"]
    assert verify_pdf(result.file.read()).verdict is Verdict.VALID


def test_a_timestamp_server_url_gives_an_rfc3161_client(settings):
    from pyhanko.sign.timestamps import HTTPTimeStamper

    from motcua.documents.signing.pades import timestamper

    settings.MOTCUA_TSA_URL = ""
    assert timestamper() is None
    settings.MOTCUA_TSA_URL = "http://tsa.example.invalid/tsr"
    assert isinstance(timestamper(), HTTPTimeStamper)  # built, never called: no network here
