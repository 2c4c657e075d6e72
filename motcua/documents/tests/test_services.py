"""Issuing, revoking and verifying results; digitising components; the dossier's flags."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from motcua.core.errors import DomainError, NotFoundError, PermissionDeniedError
from motcua.documents import selectors, services
from motcua.documents.models import (
    AgencyCertificate,
    DigitisationRecord,
    DossierDigitisation,
    Result,
    Source,
)
from motcua.documents.signing.signers import CertificateError
from motcua.documents.signing.verification import Verdict
from motcua.documents.tests.conftest import ready_to_issue
from motcua.documents.tests.test_signing import _modified, issue
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.helpers import at, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(one_stop_officer, officer, office_leader, leader):
    return ready_to_issue(one_stop_officer, officer, office_leader, leader)


def test_issuing_records_the_result_its_digitisation_and_the_flags(signing, dossier, clerk):
    result = issue(clerk, dossier)
    assert result.number == 1
    assert result.issuing_unit.identifier == "000.00.31.H13"
    assert Dossier.objects.get(pk=dossier.pk).state == "processed"
    record = result.digitisation
    assert record.source == Source.ISSUED
    assert record.document_number == result.code
    assert record.signatures["verdict"] == "valid"
    flags = DossierDigitisation.objects.get(dossier=dossier)
    assert flags.e_result_issued and flags.e_result_signed
    assert not flags.components_digitised


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("missing", "has no signing certificate"),
        ("expired", "expired on"),
        ("password", "wrong password"),
        ("file", "missing on the server"),
        ("env", "is not configured"),
    ],
)
def test_an_agency_without_a_valid_certificate_gets_a_clear_error(
    signing, dossier, clerk, change, message, monkeypatch
):
    config = AgencyCertificate.objects.get(active=True)
    if change == "missing":
        config.delete()
    elif change == "expired":
        config.pkcs12_path = str(signing.expired_p12)
    elif change == "password":
        config.password_file = ""
        monkeypatch.setenv("MOTCUA_TEST_P12", "not the password")
        config.password_env = "MOTCUA_TEST_P12"
    elif change == "file":
        config.pkcs12_path = str(signing.directory / "nothing.p12")
    elif change == "env":
        config.password_file = ""
        config.password_env = "MOTCUA_UNSET_PASSWORD_VARIABLE"
    if change != "missing":
        config.save()
    with pytest.raises(CertificateError, match=message):
        issue(clerk, dossier)
    after = Dossier.objects.get(pk=dossier.pk)
    assert after.state == dossier.state and after.revision == dossier.revision  # untouched
    assert not Result.objects.exists()


def test_a_key_that_does_not_belong_to_its_certificate_is_refused(signing):
    from asn1crypto import keys
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from motcua.documents.signing.pki import Issued
    from motcua.documents.signing.signers import _key_matches

    def der_key(issued: Issued):
        return keys.PrivateKeyInfo.load(
            issued.key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    from asn1crypto import x509

    certificate = x509.Certificate.load(
        signing.agency.certificate.public_bytes(serialization.Encoding.DER)
    )
    store = SimpleCertificateStore()
    assert _key_matches(signers.SimpleSigner(certificate, der_key(signing.agency), store))
    assert not _key_matches(signers.SimpleSigner(certificate, der_key(signing.tsa), store))


def test_only_the_clerk_at_the_step_issues(
    signing, dossier, one_stop_officer, other_commune_officer
):
    with pytest.raises(PermissionDeniedError):
        issue(other_commune_officer, dossier)
    assert not Result.objects.exists()


def test_revocation_keeps_the_result_and_verification_says_revoked(signing, dossier, clerk, leader):
    result = issue(clerk, dossier)
    with pytest.raises(services.ResultError, match="Say why"):
        services.result_revoke(actor=leader, result=result, reason=" ")
    revoked = services.result_revoke(actor=leader, result=result, reason="Cấp nhầm đối tượng")
    assert revoked.is_revoked and revoked.revocation_reason == "Cấp nhầm đối tượng"
    assert Result.objects.filter(pk=result.pk).exists()  # archived, not deleted
    assert selectors.result_verify_code(code=result.code).verdict is Verdict.REVOKED
    content = result.file.open("rb").read()
    assert selectors.result_verify_file(content=content).verdict is Verdict.REVOKED
    flags = DossierDigitisation.objects.get(dossier=dossier)
    assert not flags.e_result_issued
    with pytest.raises(services.ResultError, match="already revoked"):
        services.result_revoke(actor=leader, result=result, reason="again")


def test_another_unit_cannot_revoke(signing, dossier, clerk, other_commune_officer, officer):
    result = issue(clerk, dossier)
    for stranger in (other_commune_officer, officer):  # officer: a specialist, not a leader
        with pytest.raises(PermissionDeniedError):
            services.result_revoke(actor=stranger, result=result, reason="x")


def _pdf(pages=1, text="Giấy khai sinh"):
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for number in range(pages):
        canvas.drawString(72, 720, f"{text} {number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _image(kind="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(buffer, kind)
    return buffer.getvalue()


def test_verdicts_for_intact_modified_revoked_unsigned_and_not_a_pdf(signing, dossier, clerk):
    result = issue(clerk, dossier)
    content = result.file.open("rb").read()
    assert selectors.result_verify_file(content=content).verdict is Verdict.VALID
    assert selectors.result_verify_file(content=_modified(content)).verdict is Verdict.MODIFIED
    assert selectors.result_verify_file(content=_pdf()).verdict is Verdict.UNSIGNED
    assert selectors.result_verify_file(content=b"hello").verdict is Verdict.INVALID
    # The modified copy still names its result: the page can say which one it claims to be.
    assert selectors.result_verify_file(content=_modified(content)).result == result
    with pytest.raises(NotFoundError):
        selectors.result_verify_code(code="000.01.31.H13-260305-0001-KQ9")


def test_a_signer_outside_the_trusted_roots_is_untrusted(signing, dossier, clerk):
    config = AgencyCertificate.objects.get(active=True)
    config.pkcs12_path = str(signing.other_root_p12)
    config.save()
    result = issue(clerk, dossier)
    verification = selectors.result_verify_code(code=result.code)
    assert verification.verdict is Verdict.UNTRUSTED
    assert verification.report is not None
    assert verification.report.signatures[0].intact


def test_the_counter_scans_images_and_pdfs_into_one_pdf(one_stop_officer):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
    components = list(dossier.components.all())
    files = [
        SimpleUploadedFile("trang1.jpg", _image("JPEG")),
        SimpleUploadedFile("trang2.png", _image("PNG")),
        SimpleUploadedFile("phan3.pdf", _pdf(pages=2)),
    ]
    record = services.component_digitise(
        actor=one_stop_officer,
        dossier=dossier,
        component=components[0],
        files=files,
        source=Source.SCANNED,
        metadata=services.DocumentMetadata(
            document_type="Giấy khai sinh", issuer="UBND xã Hòa An", number="123/2001"
        ),
    )
    assert record.pages == 4
    assert record.file.open("rb").read().startswith(b"%PDF-")
    assert record.holder_id_number == dossier.applicant_id_number
    assert record.signatures == {}
    flags = DossierDigitisation.objects.get(dossier=dossier)
    assert not flags.components_digitised  # one of three
    for component in components[1:]:
        services.component_digitise(
            actor=one_stop_officer,
            dossier=dossier,
            component=component,
            files=[SimpleUploadedFile("a.pdf", _pdf())],
            source=Source.UPLOADED,
            metadata=services.DocumentMetadata(document_type="Đơn"),
        )
    flags.refresh_from_db()
    assert flags.components_digitised and not flags.reused


def test_a_renamed_file_is_refused_by_its_content(one_stop_officer):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
    with pytest.raises(DomainError, match="not a PDF, JPEG or PNG"):
        services.component_digitise(
            actor=one_stop_officer,
            dossier=dossier,
            component=dossier.components.all()[0],
            files=[SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")],
            source=Source.SCANNED,
            metadata=services.DocumentMetadata(document_type="Đơn"),
        )


def test_a_signed_upload_is_kept_as_given_and_its_signature_checked(
    signing, dossier, clerk, one_stop_officer
):
    result = issue(clerk, dossier)
    with at(2026, 3, 9, 9):
        second = receive(one_stop_officer)
    signed = result.file.open("rb").read()
    record = services.component_digitise(
        actor=one_stop_officer,
        dossier=second,
        component=second.components.all()[0],
        files=[SimpleUploadedFile("ket-qua.pdf", signed)],
        source=Source.UPLOADED,
        metadata=services.DocumentMetadata(document_type="Kết quả"),
    )
    assert record.file.open("rb").read() == signed
    assert record.signatures["verdict"] == "valid"


def test_a_document_of_the_same_holder_is_reused_not_asked_again(
    one_stop_officer, other_commune_officer
):
    with at(2026, 3, 5, 9):
        first = receive(one_stop_officer)
        second = receive(one_stop_officer)
    original = services.component_digitise(
        actor=one_stop_officer,
        dossier=first,
        component=first.components.all()[0],
        files=[SimpleUploadedFile("a.pdf", _pdf())],
        source=Source.SCANNED,
        metadata=services.DocumentMetadata(document_type="Giấy khai sinh"),
    )
    assert selectors.digitisation_list_reusable(dossier=second) == [original]
    reused = services.component_reuse(
        actor=one_stop_officer,
        dossier=second,
        component=second.components.all()[0],
        record=original,
    )
    assert reused.source == Source.REUSED and reused.reused_from == original
    assert reused.file.name == original.file.name
    assert DossierDigitisation.objects.get(dossier=second).reused
    with at(2026, 3, 5, 9):
        stranger = receive(one_stop_officer, id_number="001099000111")
    with pytest.raises(services.ResultError, match="someone else"):
        services.component_reuse(
            actor=one_stop_officer,
            dossier=stranger,
            component=stranger.components.all()[0],
            record=original,
        )
    with pytest.raises(PermissionDeniedError):
        services.component_reuse(
            actor=other_commune_officer,
            dossier=second,
            component=second.components.all()[0],
            record=original,
        )


def test_the_flags_equal_a_full_recomputation(signing, dossier, clerk, leader):
    result = issue(clerk, dossier)
    services.result_revoke(actor=leader, result=result, reason="Sai thông tin")
    stored = DossierDigitisation.objects.get(dossier=dossier)
    recomputed = services.digitisation_refresh(dossier=dossier)
    fields = [
        "components_digitised",
        "reused",
        "citizen_store",
        "shared_database",
        "e_result_issued",
        "e_result_signed",
    ]
    assert [getattr(stored, f) for f in fields] == [getattr(recomputed, f) for f in fields]


def test_results_are_loaded_through_the_dossier_access(
    signing, dossier, clerk, other_commune_officer
):
    result = issue(clerk, dossier)
    assert selectors.result_get_for_user(user=clerk, pk=result.pk) == result
    with pytest.raises(NotFoundError):
        selectors.result_get_for_user(user=other_commune_officer, pk=result.pk)


def test_scans_attached_at_intake_become_digitisation_records(
    one_stop_officer, django_capture_on_commit_callbacks
):
    from dataclasses import replace

    from motcua.dossiers import services as dossier_services
    from motcua.dossiers.tests.helpers import intake

    given = intake()
    first, *others = given.components
    components = (
        replace(first, file=SimpleUploadedFile("don.pdf", _pdf(pages=2))),
        *(replace(c, file=SimpleUploadedFile("anh.jpg", _image("JPEG"))) for c in others),
    )
    with at(2026, 3, 5, 9), django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_services.dossier_receive_at_counter(
            actor=one_stop_officer, intake=replace(given, components=components)
        )
    records = list(DigitisationRecord.objects.filter(dossier=dossier).order_by("pk"))
    assert [r.source for r in records] == [Source.SCANNED] * len(components)
    assert records[0].pages == 2 and records[0].digitised_by == one_stop_officer
    assert DossierDigitisation.objects.get(dossier=dossier).components_digitised
    # Once each: a later event records nothing again.
    event = dossier.events.get(action="receive")
    assert services.digitisation_record_intake_scans(event_id=event.pk) == 0


def test_a_signed_scan_at_intake_has_its_signature_checked(
    signing, dossier, clerk, one_stop_officer, django_capture_on_commit_callbacks
):
    from dataclasses import replace

    from motcua.dossiers import services as dossier_services
    from motcua.dossiers.tests.helpers import intake

    signed = issue(clerk, dossier).file.open("rb").read()
    given = intake()
    first, *others = given.components
    components = (replace(first, file=SimpleUploadedFile("ket-qua.pdf", signed)), *others)
    with at(2026, 3, 9, 9), django_capture_on_commit_callbacks(execute=True):
        second = dossier_services.dossier_receive_at_counter(
            actor=one_stop_officer, intake=replace(given, components=components)
        )
    [record] = DigitisationRecord.objects.filter(dossier=second)
    assert record.signatures["verdict"] == "valid"
