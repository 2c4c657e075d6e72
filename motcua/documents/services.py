"""Every write of digitised documents and electronic results (style.md: services for writes).

- `result_issue`: issue the dossier's result (`dossiers.services.dossier_issue_result`, which
  numbers it and appends the event) and, in the same transaction, render its PDF, sign it with
  the issuing agency's certificate (PAdES) and store it with its digitisation record.
- `result_revoke`: revoke an issued result with a reason; it stays archived.
- `component_digitise`, `component_reuse`: the digitised copy of a component, scanned or
  uploaded, or reused from an earlier dossier of the same holder.
- `digitisation_refresh`: recompute the dossier's digitisation flags from its records.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import Channel
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.documents import policies, results, scans
from motcua.documents.models import (
    DigitisationRecord,
    DossierDigitisation,
    Result,
    Source,
)
from motcua.documents.printing import header_for
from motcua.documents.signing import pades
from motcua.documents.signing.signers import signer_for_unit
from motcua.documents.signing.verification import Verdict, report_data, verify_pdf
from motcua.dossiers import policies as dossier_policies
from motcua.dossiers import services as dossier_services
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent
from motcua.dossiers.services.common import acting_step

logger = logging.getLogger(__name__)

DEFAULT_BODY = (
    "Hồ sơ đã được giải quyết theo đúng quy định. Kết quả giải quyết thủ tục hành chính được "
    "cấp dưới dạng văn bản điện tử có chữ ký số của cơ quan có thẩm quyền."
)


class ResultError(DomainError):
    """A result cannot be issued or revoked."""


@dataclass(frozen=True)
class DocumentMetadata:
    """The metadata that lets a digitised document be reused (TT 01/2023)."""

    document_type: str
    issuer: str = ""
    number: str = ""
    document_date: date | None = None
    holder_id_number: str = ""


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _signatures(content: bytes) -> dict[str, Any]:
    """Return the validator's report on the signatures a PDF carries, empty when it has none."""
    report = verify_pdf(content)
    return report_data(report) if report.verdict is not Verdict.UNSIGNED else {}


@transaction.atomic
def result_issue(
    *,
    actor: User,
    dossier: Dossier,
    revision: int,
    verify_url: Callable[[str], str],
    note: str = "",
    body: str = "",
) -> Result:
    """Issue the dossier's next result as a signed PDF, `<dossier code>-KQ<n>`.

    `verify_url(code)` gives the public verification address printed as QR. The signer is
    checked before anything is written: an agency without a valid certificate gets
    CertificateError and the dossier is not changed. The stored file is the signed PDF.
    """
    dossier = Dossier.objects.select_related("procedure_version__procedure").get(pk=dossier.pk)
    if dossier.position is None:
        # Not at a step: the dossier service gives the right refusal for the state.
        dossier_services.dossier_issue_result(
            actor=actor, dossier=dossier, revision=revision, note=note
        )
        raise ResultError(_("This dossier has no step that issues a result."))
    step = acting_step(dossier, actor)
    if not dossier_policies.can_act(actor, dossier, Action.ISSUE_RESULT, step=step):
        raise PermissionDeniedError(_("You are not allowed to take this action on this dossier."))
    unit = step.actor_unit
    now = timezone.now()
    signer = signer_for_unit(unit=unit, at=now)

    issued = dossier_services.dossier_issue_result(
        actor=actor, dossier=dossier, revision=revision, note=note
    )
    event = issued.events.order_by("-sequence").first()
    assert event is not None  # noqa: S101 -- the service just appended it
    code = str(event.data["result_code"])
    procedure = dossier.procedure_version.name
    title = _("Result of %(procedure)s") % {"procedure": procedure}
    pdf = results.render_result(
        results.ResultDocument(
            header=header_for(unit, timezone.localdate(now)),
            result_code=code,
            dossier_code=dossier.code,
            procedure=procedure,
            applicant_name=dossier.applicant_name,
            applicant_id=dossier.applicant_id_number or dossier.applicant_enterprise_code,
            received_at=dossier.received_at,
            issued_at=event.at,
            body=body.strip() or DEFAULT_BODY,
            verify_url=verify_url(code),
        )
    )
    signed, timestamped = pades.sign_pdf(
        content=pdf,
        signer=signer,
        placement=results.PLACEMENT,
        reason=f"Kết quả giải quyết thủ tục hành chính {code}",
        at=now,
    )
    result = Result(
        dossier=issued,
        number=issued.results_issued,
        code=code,
        title=title,
        issuing_unit=unit,
        issued_by=actor,
        issued_at=event.at,
        sha256=_sha256(signed),
        signer_subject=signer.subject,
        signer_serial=signer.serial,
        signed_at=now,
        timestamped=timestamped,
    )
    result.file.save(f"{code}.pdf", ContentFile(signed), save=False)
    result.save()
    DigitisationRecord.objects.create(
        dossier=issued,
        result=result,
        file=result.file.name,
        sha256=result.sha256,
        pages=1,
        source=Source.ISSUED,
        document_type=title[:255],
        issuer=unit.name,
        document_number=code,
        document_date=timezone.localdate(now),
        holder_id_number=dossier.applicant_id_number or dossier.applicant_enterprise_code,
        digitised_by=actor,
        digitised_at=now,
        signatures=report_data(verify_pdf(signed)),
    )
    digitisation_refresh(dossier=issued)
    return result


@transaction.atomic
def result_revoke(*, actor: User, result: Result, reason: str) -> Result:
    """Revoke an issued result with a reason: it stays archived, verification says revoked."""
    result = Result.objects.select_for_update().get(pk=result.pk)
    if not policies.can_revoke_result(actor, result):
        raise PermissionDeniedError(
            _("Only a leader or the clerk of the issuing agency may revoke this result.")
        )
    if not reason.strip():
        raise ResultError(_("Say why the result is revoked."), field="reason")
    if result.is_revoked:
        raise ResultError(_("This result is already revoked."), code="already_revoked")
    result.revoked_at = timezone.now()
    result.revoked_by = actor
    result.revocation_reason = reason.strip()
    result.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    digitisation_refresh(dossier=result.dossier)
    return result


def _component(dossier: Dossier, component: DossierComponent | int) -> DossierComponent:
    pk = component.pk if isinstance(component, DossierComponent) else component
    found = dossier.components.filter(pk=pk).first()
    if found is None:
        raise ResultError(_("This document is not part of the dossier."), field="component")
    return found


DIGITISING_SOURCES = (
    Source.SCANNED,
    Source.UPLOADED,
    Source.CITIZEN_STORE,
    Source.SHARED_DATABASE,
)


@transaction.atomic
def component_digitise(
    *,
    actor: User,
    dossier: Dossier,
    component: DossierComponent | int,
    files: Sequence[File[bytes]],
    source: str,
    metadata: DocumentMetadata,
) -> DigitisationRecord:
    """Record the digitised copy of a component: the files (PDFs, JPEG, PNG) made into one PDF
    (scans.to_pdf), its metadata, where it came from; signatures it carries are validated."""
    if not policies.can_digitise_dossier(actor, dossier):
        raise PermissionDeniedError(_("You may not digitise the documents of this dossier."))
    if source not in DIGITISING_SOURCES:
        raise ResultError(_("Choose where the document comes from."), field="source")
    if not metadata.document_type.strip():
        raise ResultError(_("Give the type of the document."), field="document_type")
    found = _component(dossier, component)
    scan = scans.to_pdf(files)
    now = timezone.now()
    record = DigitisationRecord(
        dossier=dossier,
        component=found,
        sha256=_sha256(scan.content),
        pages=scan.pages,
        source=source,
        document_type=metadata.document_type.strip()[:255],
        issuer=metadata.issuer.strip(),
        document_number=metadata.number.strip(),
        document_date=metadata.document_date,
        holder_id_number=(
            metadata.holder_id_number.strip()
            or dossier.applicant_id_number
            or dossier.applicant_enterprise_code
        ),
        digitised_by=actor,
        digitised_at=now,
        signatures=_signatures(scan.content),
    )
    record.file.save(f"{dossier.pk}-{found.pk}.pdf", ContentFile(scan.content), save=False)
    record.save()
    digitisation_refresh(dossier=dossier)
    return record


@transaction.atomic
def component_reuse(
    *,
    actor: User,
    dossier: Dossier,
    component: DossierComponent | int,
    record: DigitisationRecord,
) -> DigitisationRecord:
    """Reuse a document digitised for an earlier dossier of the same holder for a component:
    the same file and metadata, source "reused" (not asked again: NĐ 224/2026 Art. 18(4))."""
    if not policies.can_digitise_dossier(actor, dossier):
        raise PermissionDeniedError(_("You may not digitise the documents of this dossier."))
    holder = dossier.applicant_id_number or dossier.applicant_enterprise_code
    if not holder or record.holder_id_number != holder or record.component_id is None:
        raise ResultError(
            _("This document belongs to someone else and cannot be reused here."),
            field="record",
        )
    found = _component(dossier, component)
    reused = DigitisationRecord.objects.create(
        dossier=dossier,
        component=found,
        file=record.file.name,
        sha256=record.sha256,
        pages=record.pages,
        source=Source.REUSED,
        reused_from=record,
        document_type=record.document_type,
        issuer=record.issuer,
        document_number=record.document_number,
        document_date=record.document_date,
        holder_id_number=record.holder_id_number,
        digitised_by=actor,
        digitised_at=timezone.now(),
        signatures=record.signatures,
    )
    digitisation_refresh(dossier=dossier)
    return reused


# The events after which components may carry new scans from the intake form.
INTAKE_ACTIONS = frozenset({Action.RECEIVE, Action.SUBMIT, Action.COMPLETE_SUPPLEMENT})


@transaction.atomic
def digitisation_record_intake_scans(*, event_id: int) -> int:
    """Record the scans attached to components at intake (`DossierComponent.file`) as
    digitised documents, once each; return how many were recorded.

    Runs after the dossier event is committed (documents.tasks): scanned at the counter for a
    counter dossier, uploaded otherwise. A scan that cannot be made into a PDF is skipped and
    logged; the officer can scan it again on the scan page.
    """
    event = DossierEvent.objects.select_related("dossier", "actor").filter(pk=event_id).first()
    if event is None or event.action not in INTAKE_ACTIONS:
        return 0
    dossier = event.dossier
    pending = dossier.components.exclude(file="").exclude(
        pk__in=DigitisationRecord.objects.filter(dossier=dossier).values("component_id")
    )
    handed_in = Source.SCANNED if dossier.channel == Channel.COUNTER else Source.UPLOADED
    recorded = 0
    for component in pending:
        # A component the applicant took from their document store online (portal) comes from
        # the citizen's data store (domain.md §9 group 4), not from a new upload.
        source = Source.CITIZEN_STORE if component.reused else handed_in
        try:
            with component.file.open("rb") as file:
                scan = scans.to_pdf([File(file, name=component.file.name)])
        except (DomainError, OSError) as error:
            logger.warning("Scan of component %s not recorded: %s", component.pk, error)
            continue
        record = DigitisationRecord(
            dossier=dossier,
            component=component,
            sha256=_sha256(scan.content),
            pages=scan.pages,
            source=source,
            document_type=component.name[:255],
            holder_id_number=dossier.applicant_id_number or dossier.applicant_enterprise_code,
            digitised_by=event.actor,
            digitised_at=event.at,
            signatures=_signatures(scan.content),
        )
        record.file.save(f"{dossier.pk}-{component.pk}.pdf", ContentFile(scan.content), save=False)
        record.save()
        recorded += 1
    if recorded:
        digitisation_refresh(dossier=dossier)
    return recorded


def digitisation_refresh(*, dossier: Dossier) -> DossierDigitisation:
    """Recompute the dossier's digitisation flags from its records and results (domain.md
    §12: component digitised, reused, citizen's store, shared database, e-result issued and
    signed). Revoked results do not count."""
    components = set(dossier.components.values_list("pk", flat=True))
    records = list(
        DigitisationRecord.objects.filter(dossier=dossier, component__isnull=False).values_list(
            "component_id", "source"
        )
    )
    sources = {source for _pk, source in records}
    live = Result.objects.filter(dossier=dossier, revoked_at__isnull=True)
    flags, _created = DossierDigitisation.objects.update_or_create(
        dossier=dossier,
        defaults={
            "components_digitised": bool(components)
            and components <= {pk for pk, _source in records},
            # Taken from the citizen's store is reuse of data digitised before, too.
            "reused": bool({Source.REUSED, Source.CITIZEN_STORE} & sources),
            "citizen_store": Source.CITIZEN_STORE in sources,
            "shared_database": Source.SHARED_DATABASE in sources,
            "e_result_issued": live.exists(),
            "e_result_signed": live.exclude(signer_subject="").exists(),
        },
    )
    # The indicators' facts read these flags (motcua.reporting): kept in the same transaction,
    # by dotted path from the settings, so that this app imports none of the apps above it.
    for path in settings.MOTCUA_DIGITISATION_RECORDERS:
        import_string(path)(dossier)
    return flags
