"""Every write to the catalogue: drafts, publication, abolition (style.md: services for writes).

Versioning (domain.md §3): a published version never changes. Editing a published procedure
means saving a draft (a new version number), then publishing it with an effective date; the old
versions stay readable and dossiers received under them keep them.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog import policies
from motcua.catalog.content import VERSION_FIELDS, VersionContent, content_of, missing_fields
from motcua.catalog.models import (
    Channel,
    ChannelTerm,
    Field,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    VersionStatus,
    base_code_validator,
    next_version_number,
    version_period_ends,
)
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.core.text import search_column, sentence


class CatalogError(DomainError):
    """A catalogue change is refused: invalid content, wrong state or missing fields."""


def _check(actor: User | None) -> None:
    if actor is not None and not policies.can_maintain_catalog(actor):
        raise PermissionDeniedError(_("You are not allowed to change the catalogue."))


def search_text(*, name: str, code: str, local_code: str, field_name: str) -> str:
    """Return the search column of a version: the folded name, " !", then the codes and field
    (" dang ky ket hon ! 1.000894 1.000894.000.00.00.h13 ho tich ").

    "!" is never a query word; it ends the name for ranking and sorts before every letter and
    digit, so that sorting the column sorts by name, then code (selectors.procedure_search).
    """
    return f"{search_column(name)}!{search_column(code, local_code, field_name)}"


# The search index holds the search columns (models.ProcedureVersion, "version_search"); an
# index entry has a size limit on PostgreSQL (about 2.7 KB), so the agency is kept short.
AGENCY_MAX_LENGTH = 500


def _refresh_periods(procedure: Procedure) -> None:
    """Store when each published version of `procedure` stops applying (`effective_until`)."""
    versions = list(
        procedure.versions.filter(status=VersionStatus.PUBLISHED)
        .order_by("effective_from", "number")
        .only("pk", "effective_from", "effective_until")
    )
    ends = version_period_ends(
        [version.effective_from for version in versions if version.effective_from],
        procedure.abolished_from,
    )
    changed = []
    for version, end in zip(versions, ends, strict=True):
        if version.effective_until != end:
            version.effective_until = end
            changed.append(version)
    if changed:
        ProcedureVersion.objects.bulk_update(changed, ["effective_until"])


def field_get_or_create(*, name: str, code: str = "", sector: str = "") -> Field:
    """Return the field with this name, creating it (or filling in its missing code) if needed."""
    # filter/create rather than get_or_create: no savepoint per call (catalogue import speed).
    field = Field.objects.filter(name=name.strip()).first()
    if field is None:
        return Field.objects.create(name=name.strip(), code=code, sector=sector)
    if code and not field.code:
        field.code = code
        field.save(update_fields=["code"])
    return field


def _validate_shape(content: VersionContent) -> None:
    """Refuse content that cannot be stored at all (a draft may still lack mandatory fields)."""
    problems = []
    channels = [term.channel for term in content.terms]
    if len(channels) != len(set(channels)):
        problems.append(_("a channel appears twice in the time limits"))
    for term in content.terms:
        if term.channel not in Channel.values:
            problems.append(_("%(channel)s is not a channel") % {"channel": term.channel})
        if term.limit_value < 0:
            problems.append(_("a time limit cannot be negative"))
        if term.fee_vnd < 0:
            problems.append(_("a fee cannot be negative"))
    if not content.name.strip():
        problems.append(_("the name is missing"))
    if not content.field_name.strip():
        problems.append(_("the field is missing"))
    if len(content.implementing_agency) > AGENCY_MAX_LENGTH:
        problems.append(
            _("the implementing agency is longer than %(count)s characters")
            % {"count": AGENCY_MAX_LENGTH}
        )
    if problems:
        raise CatalogError(sentence(problems))


def _write_content(version: ProcedureVersion, content: VersionContent, code: str) -> None:
    for name in VERSION_FIELDS:
        setattr(version, name, getattr(content, name))
    version.field = field_get_or_create(name=content.field_name, code=content.field_code)
    version.search_text = search_text(
        name=content.name,
        code=code,
        local_code=content.local_code,
        field_name=content.field_name,
    )
    version.agency_text = search_column(content.implementing_agency)
    is_new = version.pk is None
    version.save()
    if not is_new:  # a new draft has no rows to replace (saves two statements per import row)
        version.documents.all().delete()
        version.terms.all().delete()
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            version=version,
            position=position,
            name=document.name,
            originals=document.originals,
            certified_copies=document.certified_copies,
            photocopies=document.photocopies,
            reusable=document.reusable,
            note=document.note,
            template=document.template,
        )
        for position, document in enumerate(content.documents, start=1)
    )
    ChannelTerm.objects.bulk_create(
        ChannelTerm(
            version=version,
            channel=term.channel,
            limit_value=term.limit_value,
            limit_unit=term.limit_unit,
            cutoff=term.cutoff,
            fee_vnd=term.fee_vnd,
            fee_note=term.fee_note,
        )
        for term in content.terms
    )


@transaction.atomic
def procedure_draft_save(
    *, actor: User | None, code: str, content: VersionContent
) -> ProcedureVersion:
    """Save `content` as the draft of procedure `code`, creating the procedure if it is new.

    A procedure has at most one draft: saving again replaces its content. The draft gets the
    next version number; publishing it is `procedure_version_publish`.
    """
    _check(actor)
    try:
        base_code_validator(code)
    except Exception as exc:
        raise CatalogError(
            _("%(code)s is not a national procedure code (D.NNNNNN, e.g. 1.001193).")
            % {"code": code},
            field="code",
        ) from exc
    _validate_shape(content)
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is None:
        draft = ProcedureVersion(procedure=Procedure.objects.create(code=code), number=1)
    else:
        if procedure.abolished_from is not None:
            raise CatalogError(
                _("Procedure %(code)s was abolished from %(day)s; it cannot get a new version.")
                % {"code": code, "day": procedure.abolished_from.strftime("%d/%m/%Y")}
            )
        existing = procedure.versions.filter(status=VersionStatus.DRAFT).first()
        if existing is None:
            number = next_version_number(procedure.versions.all())
            existing = ProcedureVersion(procedure=procedure, number=number)
        draft = existing
    _write_content(draft, content, code)
    return draft


@transaction.atomic
def procedure_version_publish(
    *,
    actor: User | None,
    version: ProcedureVersion,
    effective_from: date | None = None,
    content: VersionContent | None = None,
) -> ProcedureVersion:
    """Publish a draft from `effective_from` (default: the decision's effective date).

    Refused, naming every missing mandatory field, when the content is incomplete (NĐ 63/2010
    Art. 8(2)); refused when the date is not after the current version's. `content` is the
    content the caller has just saved with `procedure_draft_save` in the same transaction; it
    spares reloading the documents and terms (the catalogue import publishes thousands).
    """
    _check(actor)
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise CatalogError(_("Only a draft can be published; this version is already published."))
    if content is None:
        content = content_of(version)
    missing = missing_fields(content)
    if missing:
        raise CatalogError(
            _("This version cannot be published; these mandatory fields are missing: %(fields)s.")
            % {"fields": ", ".join(missing)},
            code="incomplete",
        )
    start = effective_from or version.decision_effective_date
    assert start is not None  # noqa: S101 -- missing_fields requires the effective date
    latest = (
        version.procedure.versions.filter(status=VersionStatus.PUBLISHED)
        .order_by("-effective_from", "-number")
        .first()
    )
    if latest is not None and latest.effective_from is not None and start < latest.effective_from:
        raise CatalogError(
            _("The effective date %(day)s is before that of version %(number)s (%(previous)s).")
            % {
                "day": start.strftime("%d/%m/%Y"),
                "number": latest.number,
                "previous": latest.effective_from.strftime("%d/%m/%Y"),
            },
            field="effective_from",
        )
    version.status = VersionStatus.PUBLISHED
    version.effective_from = start
    version.published_at = timezone.now()
    version.published_by = actor
    version.save(update_fields=["status", "effective_from", "published_at", "published_by"])
    if latest is not None:  # a first version applies until further notice: nothing to refresh
        _refresh_periods(version.procedure)
    return version


@transaction.atomic
def procedure_draft_discard(*, actor: User | None, version: ProcedureVersion) -> None:
    """Delete a draft that should not be published (published versions are never deleted)."""
    _check(actor)
    if version.status != VersionStatus.DRAFT:
        raise CatalogError(_("A published version cannot be deleted."))
    version.delete()


@transaction.atomic
def procedure_abolish(*, actor: User | None, procedure: Procedure, on: date) -> Procedure:
    """Abolish a procedure from `on`: it is no longer offered from that day; history stays."""
    _check(actor)
    if procedure.abolished_from is not None:
        raise CatalogError(_("This procedure is already abolished."))
    procedure.abolished_from = on
    procedure.save(update_fields=["abolished_from"])
    procedure.versions.filter(status=VersionStatus.DRAFT).delete()
    _refresh_periods(procedure)
    return procedure
