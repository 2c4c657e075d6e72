"""A procedure version's content as plain data: what import, export, comparison and drafts share.

`VersionContent` is the one shape in which procedure content enters and leaves the catalogue
(spreadsheet rows, JSON export, the admin's draft), so that "did anything change?" is one
equality test and every path validates the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalog.models import LimitUnit, OnlineLevel, ProcedureVersion


@dataclass(frozen=True)
class DocumentContent:
    name: str
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0
    reusable: bool = False
    note: str = ""
    template: str = ""  # storage name of the form template file, if any


@dataclass(frozen=True)
class TermContent:
    channel: str
    limit_value: Decimal
    limit_unit: str
    cutoff: time = time(15, 0)
    fee_vnd: int = 0
    fee_note: str = ""


@dataclass(frozen=True)
class VersionContent:
    name: str
    field_name: str
    field_code: str = ""
    local_code: str = ""
    for_province: bool = False
    for_commune: bool = False
    implementing_agency: str = ""
    authorised_agency: str = ""
    cooperating_agencies: str = ""
    receiving_address: str = ""
    sequence: str = ""
    methods: str = ""
    subjects: str = ""
    result: str = ""
    requirements: str = ""
    legal_basis: str = ""
    online_level: str = OnlineLevel.NONE
    decision_number: str = ""
    decision_date: date | None = None
    decision_effective_date: date | None = None
    documents: tuple[DocumentContent, ...] = field(default_factory=tuple)
    terms: tuple[TermContent, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        """Return the content as JSON-ready data (dates ISO, decimals as strings)."""

        def convert(value: Any) -> Any:
            if isinstance(value, date | time):
                return value.isoformat()
            if isinstance(value, Decimal):
                return format(value.normalize(), "f")
            if isinstance(value, list | tuple):
                return [convert(item) for item in value]
            if isinstance(value, dict):
                return {key: convert(item) for key, item in value.items()}
            return value

        result: dict[str, Any] = convert(asdict(self))
        return result


# Scalar fields copied between VersionContent and ProcedureVersion one to one.
VERSION_FIELDS = (
    "name",
    "local_code",
    "for_province",
    "for_commune",
    "implementing_agency",
    "authorised_agency",
    "cooperating_agencies",
    "receiving_address",
    "sequence",
    "methods",
    "subjects",
    "result",
    "requirements",
    "legal_basis",
    "online_level",
    "decision_number",
    "decision_date",
    "decision_effective_date",
)


def content_of(version: ProcedureVersion) -> VersionContent:
    """Return the content of a saved version (documents and terms in their order)."""
    return VersionContent(
        field_name=version.field.name,
        field_code=version.field.code,
        documents=tuple(
            DocumentContent(
                name=document.name,
                originals=document.originals,
                certified_copies=document.certified_copies,
                photocopies=document.photocopies,
                reusable=document.reusable,
                note=document.note,
                template=document.template.name or "",
            )
            for document in version.documents.all()
        ),
        terms=tuple(
            TermContent(
                channel=term.channel,
                limit_value=term.limit_value.normalize(),
                limit_unit=term.limit_unit,
                cutoff=term.cutoff,
                fee_vnd=term.fee_vnd,
                fee_note=term.fee_note,
            )
            for term in sorted(version.terms.all(), key=lambda term: term.channel)
        ),
        **{name: getattr(version, name) for name in VERSION_FIELDS},
    )


def missing_fields(content: VersionContent) -> list[str]:
    """Name every mandatory field the content lacks (NĐ 63/2010 Art. 8(2), domain.md §3).

    Mandatory: name, field, level, implementing agency, sequence, methods, subjects, at least
    one required document, a time limit for at least one channel, result, legal basis and the
    publication decision (number, date, effective date). Requirements, fees (zero is allowed),
    authorised and cooperating agencies and forms are "where applicable".
    """
    checks = [
        (content.name.strip(), _("name")),
        (content.field_name.strip(), _("field")),
        (content.for_province or content.for_commune, _("level")),
        (content.implementing_agency.strip(), _("implementing agency")),
        (content.sequence.strip(), _("sequence of steps")),
        (content.methods.strip(), _("methods of submission")),
        (content.subjects.strip(), _("subjects")),
        (content.documents, _("required documents")),
        (content.terms, _("time limit")),
        (content.result.strip(), _("result")),
        (content.legal_basis.strip(), _("legal basis")),
        (content.decision_number.strip(), _("publication decision number")),
        (content.decision_date, _("publication decision date")),
        (content.decision_effective_date, _("effective date")),
    ]
    missing = [str(label) for present, label in checks if not present]
    for term in content.terms:
        if term.limit_unit not in LimitUnit.values:
            missing.append(_("unit of the time limit (%(channel)s)") % {"channel": term.channel})
    return missing
