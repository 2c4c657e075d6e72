"""Shapes of electronic results, digitised documents and verification (docs/signatures.md)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class SignatureOut(Schema):
    field: str
    signer: str
    signed_at: datetime | None
    intact: bool
    whole_file: bool
    trusted: bool
    timestamped: bool
    revocation: str  # "unknown": the server does not fetch CRLs or OCSP
    problems: list[str]


class VerificationOut(Schema):
    """verdict: valid, revoked, modified, untrusted, unsigned or invalid (not a PDF)."""

    verdict: str
    result_code: str | None
    issuing_unit: str | None
    issued_at: datetime | None
    revoked_at: datetime | None
    revocation_reason: str
    signatures: list[SignatureOut]


class ResultOut(Schema):
    id: int
    code: str
    number: int
    title: str
    issuing_unit: str
    issued_at: datetime
    signer_subject: str
    signed_at: datetime | None
    timestamped: bool
    revoked_at: datetime | None
    revocation_reason: str


class RevokeIn(Schema):
    reason: str


class DigitisationOut(Schema):
    id: int
    component_id: int | None
    result_id: int | None
    source: str
    pages: int
    sha256: str
    document_type: str
    issuer: str
    document_number: str
    document_date: date | None
    holder_id_number: str
    digitised_at: datetime
    signature_verdict: str | None


class DigitisationFlagsOut(Schema):
    """The digitisation flags of a dossier, as the 766 indicators read them."""

    components_digitised: bool
    reused: bool
    citizen_store: bool
    shared_database: bool
    e_result_issued: bool
    e_result_signed: bool
