"""Validate the signatures a PDF carries (pyHanko's validator, offline).

For each signature: integrity (the signed bytes hash to the signed digest and the signature
verifies), coverage (whole file, or what was added after it), the signer, the chain to the
trusted roots (`TrustedRoot` rows), the validity period at signing time, and revocation, which
is "unknown" while the server does not fetch CRLs or OCSP (`allow_fetching=False`,
"soft-fail"). `verify_pdf` never raises on bad input: an unreadable file is a verdict too.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)


class Verdict(StrEnum):
    """The overall answer for a file, worst first."""

    INVALID = "invalid"  # not a readable PDF
    MODIFIED = "modified"  # a signature does not match the bytes, or changes follow it
    REVOKED = "revoked"  # intact, but the agency revoked the result
    UNTRUSTED = "untrusted"  # intact, but the signer does not chain to a trusted root
    UNSIGNED = "unsigned"  # no signature at all
    VALID = "valid"  # intact, trusted, valid when signed


@dataclass(frozen=True)
class SignatureCheck:
    """What the validator said about one signature."""

    field: str
    signer: str
    signed_at: datetime | None
    intact: bool  # the digest matches and the cryptographic signature verifies
    whole_file: bool  # nothing but allowed updates after it
    trusted: bool  # chains to a trusted root, valid at signing time
    timestamped: bool
    reason: str
    revocation: str = "unknown"  # offline: no CRL or OCSP consulted
    problems: list[str] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class Report:
    verdict: Verdict
    signatures: list[SignatureCheck]
    error: str = ""

    @property
    def result_codes(self) -> list[str]:
        """Return the result codes named in the signatures' reasons ("… <code>")."""
        codes = []
        for signature in self.signatures:
            words = signature.reason.split()
            if words and "-KQ" in words[-1]:
                codes.append(words[-1])
        return codes


def trust_roots() -> list[asn1_x509.Certificate]:
    """Return the trusted roots (the `TrustedRoot` rows), skipping unreadable ones."""
    from motcua.documents.models import TrustedRoot

    roots = []
    for root in TrustedRoot.objects.all():
        data = root.certificate_pem.encode()
        try:
            if pem.detect(data):
                _, _, data = pem.unarmor(data)
            roots.append(asn1_x509.Certificate.load(data))
        except ValueError:
            logger.warning("Trusted root %s is not a certificate; skipped", root.pk)
    return roots


def _check(embedded: Any, roots: list[asn1_x509.Certificate]) -> SignatureCheck:
    context = ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
    )
    problems: list[str] = []
    try:
        status: PdfSignatureStatus = validate_pdf_signature(
            embedded, signer_validation_context=context
        )
    except (SignatureValidationError, ValueError, PdfError) as error:
        problems.append(str(error))
        return SignatureCheck(
            field=str(embedded.field_name),
            signer="",
            signed_at=None,
            intact=False,
            whole_file=False,
            trusted=False,
            timestamped=False,
            reason="",
            problems=problems,
        )
    certificate = status.signing_cert
    signer = str(certificate.subject.native.get("common_name", "")) if certificate else ""
    coverage = status.coverage.name if status.coverage is not None else "UNCLEAR"
    modification = status.modification_level.name if status.modification_level else "NONE"
    whole_file = (
        coverage in ("ENTIRE_FILE", "ENTIRE_REVISION")
        and modification != "OTHER"
        and status.docmdp_ok is not False
    )
    if not whole_file:
        problems.append("the file was changed after this signature")
    timestamp = status.timestamp_validity
    signed_at = timestamp.timestamp if timestamp is not None else status.signer_reported_dt
    reason = str(embedded.sig_object.get("/Reason", ""))
    return SignatureCheck(
        field=str(embedded.field_name),
        signer=signer,
        signed_at=signed_at,
        intact=bool(status.intact and status.valid),
        whole_file=whole_file,
        trusted=bool(status.trusted),
        timestamped=timestamp is not None,
        reason=reason,
        problems=problems,
    )


def verify_pdf(content: bytes) -> Report:
    """Return the verdict on a file and a check per signature (never raises on bad input)."""
    if not content.startswith(b"%PDF-"):
        return Report(Verdict.INVALID, [], error="not a PDF")
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as error:
        return Report(Verdict.INVALID, [], error=str(error))
    if not embedded:
        return Report(Verdict.UNSIGNED, [])
    roots = trust_roots()
    checks = [_check(signature, roots) for signature in embedded]
    if any(not (c.intact and c.whole_file) for c in checks):
        verdict = Verdict.MODIFIED
    elif all(c.trusted for c in checks):
        verdict = Verdict.VALID
    else:
        verdict = Verdict.UNTRUSTED
    return Report(verdict, checks)


def report_data(report: Report) -> dict[str, Any]:
    """Return the report as JSON-ready data (stored with a digitisation record)."""
    data = asdict(report)
    for signature in data["signatures"]:
        moment = signature["signed_at"]
        signature["signed_at"] = moment.isoformat() if moment is not None else None
    return data
