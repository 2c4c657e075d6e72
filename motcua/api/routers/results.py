"""/api/v1/results: verify a result (public, by code or file), revoke a result; and under
/api/v1/dossiers/{id}: its results, digitised documents and flags, digitise a component
(docs/signatures.md)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Status, UploadedFile
from ninja.security import django_auth

from motcua.accounts.models import User
from motcua.api.schemas import ErrorOut
from motcua.api.schemas_documents import (
    DigitisationFlagsOut,
    DigitisationOut,
    ResultOut,
    RevokeIn,
    SignatureOut,
    VerificationOut,
)
from motcua.core.errors import DomainError
from motcua.documents import selectors, services
from motcua.documents.models import DigitisationRecord, Result
from motcua.documents.selectors import Verification
from motcua.dossiers.selectors import dossier_get_for_user

router = Router(auth=django_auth, tags=["results"])
# Mounted at /dossiers beside the dossiers router: a dossier's results and digitised documents.
dossier_router = Router(auth=django_auth, tags=["results"])
public = Router(tags=["results"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MAX_VERIFY_BYTES = 20 * 1024 * 1024


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 -- django_auth guarantees a logged-in user
    return user


def _verification(found: Verification) -> VerificationOut:
    result = found.result
    signatures = found.report.signatures if found.report else []
    return VerificationOut(
        verdict=found.verdict.value,
        result_code=result.code if result else None,
        issuing_unit=result.issuing_unit.name if result else None,
        issued_at=result.issued_at if result else None,
        revoked_at=result.revoked_at if result else None,
        revocation_reason=result.revocation_reason if result else "",
        signatures=[SignatureOut(**signature.__dict__) for signature in signatures],
    )


def _result(result: Result) -> ResultOut:
    return ResultOut(
        id=result.pk,
        code=result.code,
        number=result.number,
        title=result.title,
        issuing_unit=result.issuing_unit.name,
        issued_at=result.issued_at,
        signer_subject=result.signer_subject,
        signed_at=result.signed_at,
        timestamped=result.timestamped,
        revoked_at=result.revoked_at,
        revocation_reason=result.revocation_reason,
    )


def _record(record: DigitisationRecord) -> DigitisationOut:
    return DigitisationOut(
        id=record.pk,
        component_id=record.component_id,
        result_id=record.result_id,
        source=record.source,
        pages=record.pages,
        sha256=record.sha256,
        document_type=record.document_type,
        issuer=record.issuer,
        document_number=record.document_number,
        document_date=record.document_date,
        holder_id_number=record.holder_id_number,
        digitised_at=record.digitised_at,
        signature_verdict=record.signatures.get("verdict") if record.signatures else None,
    )


@public.get("/verify/{code}", response={200: VerificationOut, 404: ErrorOut}, auth=None)
def verify_code(request: HttpRequest, code: str) -> VerificationOut:
    """Verify a result by its code (`<dossier code>-KQ<n>`, the QR printed on it)."""
    return _verification(selectors.result_verify_code(code=code))


@public.post("/verify", response={200: VerificationOut, 400: ErrorOut}, auth=None)
def verify_file(request: HttpRequest, file: File[UploadedFile]) -> VerificationOut:
    """Verify an uploaded PDF (multipart field `file`, at most 20 MB): its signatures and, if
    it is one of our results, whether it was revoked."""
    if file.size is not None and file.size > MAX_VERIFY_BYTES:
        raise DomainError("The file is larger than 20 MB.", field="file")
    return _verification(selectors.result_verify_file(content=file.read()))


@dossier_router.get("/{int:dossier_id}/results", response={200: list[ResultOut], 404: ErrorOut})
def dossier_results(request: HttpRequest, dossier_id: int) -> list[ResultOut]:
    """The results of a dossier, revoked ones included."""
    dossier = dossier_get_for_user(user=_user(request), pk=dossier_id)
    return [_result(result) for result in selectors.result_list_for_dossier(dossier=dossier)]


@dossier_router.get(
    "/{int:dossier_id}/digitisation",
    response={200: list[DigitisationOut], 404: ErrorOut},
)
def dossier_digitisation(request: HttpRequest, dossier_id: int) -> list[DigitisationOut]:
    """The digitised documents of a dossier (components and results), oldest first."""
    dossier = dossier_get_for_user(user=_user(request), pk=dossier_id)
    return [_record(r) for r in selectors.digitisation_list_for_dossier(dossier=dossier)]


@dossier_router.get(
    "/{int:dossier_id}/digitisation/flags", response={200: DigitisationFlagsOut, 404: ErrorOut}
)
def dossier_flags(request: HttpRequest, dossier_id: int) -> DigitisationFlagsOut:
    """The digitisation flags of a dossier (all false until something is digitised)."""
    dossier = dossier_get_for_user(user=_user(request), pk=dossier_id)
    flags = selectors.digitisation_flags(dossier=dossier)
    if flags is None:
        flags = services.digitisation_refresh(dossier=dossier)
    return DigitisationFlagsOut.from_orm(flags)


@dossier_router.post(
    "/{int:dossier_id}/components/{int:component_id}/digitise",
    response={201: DigitisationOut, **ERRORS},
)
def digitise(
    request: HttpRequest,
    dossier_id: int,
    component_id: int,
    files: File[list[UploadedFile]],
    document_type: Form[str],
    source: Form[str] = "uploaded",
    issuer: Form[str] = "",
    number: Form[str] = "",
    document_date: Form[date | None] = None,
    holder_id_number: Form[str] = "",
) -> Status[DigitisationOut]:
    """Digitise a component: PDF, JPEG or PNG files (multipart `files`, in page order) made
    into one PDF, with the metadata for reuse; source scanned, uploaded, citizen_store or
    shared_database."""
    user = _user(request)
    dossier = dossier_get_for_user(user=user, pk=dossier_id)
    record = services.component_digitise(
        actor=user,
        dossier=dossier,
        component=component_id,
        files=files,
        source=source,
        metadata=services.DocumentMetadata(
            document_type=document_type,
            issuer=issuer,
            number=number,
            document_date=document_date,
            holder_id_number=holder_id_number,
        ),
    )
    return Status(201, _record(record))


@router.post("/{int:result_id}/revoke", response={200: ResultOut, **ERRORS})
def revoke(request: HttpRequest, result_id: int, body: RevokeIn) -> ResultOut:
    """Revoke a result with a reason (a leader or the clerk of the issuing agency)."""
    user = _user(request)
    result = selectors.result_get_for_user(user=user, pk=result_id)
    return _result(services.result_revoke(actor=user, result=result, reason=body.reason))


def verify_url(request: HttpRequest, code: str) -> str:
    """The public verification address of a result (its QR)."""
    from urllib.parse import urlencode

    return request.build_absolute_uri(f"{reverse('web:verify_result')}?{urlencode({'ma': code})}")
