"""Reads of results and digitised documents for the interfaces, and verification of files.

Results and records are loaded through the dossier's access function: "not found" for both
missing and not-yours (style.md). The public verification reads only what a result's QR may
show: issuer, date, signer, intact, revoked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.selectors import AnyUser
from motcua.core.errors import NotFoundError
from motcua.documents.models import DigitisationRecord, DossierDigitisation, Result, Source
from motcua.documents.signing.verification import Report, Verdict, verify_pdf
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_list_for_user


def result_list_for_user(*, user: AnyUser) -> QuerySet[Result]:
    """Return the results of the dossiers the user may see."""
    return Result.objects.filter(dossier__in=dossier_list_for_user(user=user)).select_related(
        "dossier", "issuing_unit", "issued_by", "revoked_by"
    )


def result_get_for_user(*, user: AnyUser, pk: int) -> Result:
    """Return the result if the user may see its dossier; NotFoundError otherwise."""
    result = result_list_for_user(user=user).filter(pk=pk).first()
    if result is None:
        raise NotFoundError(_("This result does not exist or is not yours to see."))
    return result


def result_list_for_dossier(*, dossier: Dossier) -> list[Result]:
    return list(
        dossier.results.select_related("issuing_unit", "issued_by", "revoked_by").order_by("number")
    )


def digitisation_list_for_dossier(*, dossier: Dossier) -> list[DigitisationRecord]:
    return list(
        dossier.digitisations.select_related("component", "result", "digitised_by").order_by(
            "digitised_at", "pk"
        )
    )


def digitisation_list_reusable(*, dossier: Dossier) -> list[DigitisationRecord]:
    """Return digitised documents of the same holder from other dossiers (newest first), which
    the officer reuses instead of asking for them again (NĐ 224/2026 Art. 18(4))."""
    holder = dossier.applicant_id_number or dossier.applicant_enterprise_code
    if not holder:
        return []
    return list(
        DigitisationRecord.objects.filter(holder_id_number=holder, component__isnull=False)
        .exclude(dossier=dossier)
        .exclude(source=Source.REUSED)
        .select_related("dossier")
        .order_by("-digitised_at")[:20]
    )


def digitisation_flags(*, dossier: Dossier) -> DossierDigitisation | None:
    return DossierDigitisation.objects.filter(dossier=dossier).first()


@dataclass(frozen=True)
class Verification:
    """The answer of the verification page for a code or an uploaded file."""

    verdict: Verdict
    report: Report | None
    result: Result | None

    @property
    def signer(self) -> str:
        if self.report and self.report.signatures:
            return self.report.signatures[0].signer
        return self.result.signer_subject if self.result else ""

    @property
    def signed_at(self) -> datetime | None:
        if self.report and self.report.signatures:
            return self.report.signatures[0].signed_at
        return self.result.signed_at if self.result else None


def _result_by_code(code: str) -> Result | None:
    return (
        Result.objects.select_related("issuing_unit", "dossier").filter(code=code.strip()).first()
    )


def _with_revocation(report: Report, result: Result | None) -> Verdict:
    if (
        result is not None
        and result.is_revoked
        and report.verdict
        in (
            Verdict.VALID,
            Verdict.UNTRUSTED,
        )
    ):
        return Verdict.REVOKED
    return report.verdict


def result_verify_code(*, code: str) -> Verification:
    """Verify a result by its code (the QR): its stored file is validated again, and a revoked
    result says so. NotFoundError for an unknown code."""
    result = _result_by_code(code)
    if result is None:
        raise NotFoundError(_("No result has this code."))
    with result.file.open("rb") as file:
        report = verify_pdf(file.read())
    return Verification(_with_revocation(report, result), report, result)


def result_verify_file(*, content: bytes) -> Verification:
    """Verify an uploaded PDF: its signatures, and, when it is one of our results (the same
    bytes, or a signature naming a result code), whether that result was revoked."""
    report = verify_pdf(content)
    digest = hashlib.sha256(content).hexdigest()
    result = Result.objects.select_related("issuing_unit", "dossier").filter(sha256=digest).first()
    if result is None:
        for code in report.result_codes:
            result = _result_by_code(code)
            if result is not None:
                break
    return Verification(_with_revocation(report, result), report, result)
