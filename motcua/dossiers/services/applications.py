"""What an application carries (applicant, documents) and how a new dossier is made from it:
validation, the channel's limit and fee, the code (domain.md §7), the pinned steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from motcua.accounts.models import OrgUnit, User
from motcua.accounts.validators import validate_id_number
from motcua.catalog.models import Channel, ChannelTerm, LimitUnit, ProcedureVersion
from motcua.core.text import search_column
from motcua.core.time import local
from motcua.deadlines.engine import TimeLimit
from motcua.dossiers.files import check_scan
from motcua.dossiers.models import (
    ApplicantKind,
    DailySequence,
    Dossier,
    DossierComponent,
    DossierStep,
)
from motcua.dossiers.services.common import (
    DossierError,
)
from motcua.workflow.models import ProcessDefinition

# NĐ 45/2020: an online dossier gets its receipt or a notice of what is missing within 8
# working hours of arrival.
ONLINE_ANSWER = TimeLimit(8, "working_hours")  # type: ignore[arg-type]
# NĐ 61/2018 Art. 18: transfer the same working day, or the next one if received after 15:00.
TRANSFER_CUTOFF = time(15, 0)
MAX_DAILY = 9999  # domain.md §7: XXXX, four digits per unit and day


@dataclass(frozen=True)
class Applicant:
    """Who applies: an individual (12-digit ID number) or an organisation (enterprise code)."""

    kind: str
    name: str
    id_number: str = ""
    enterprise_code: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Component:
    """A document handed in: which required document (by position), how many of each copy."""

    name: str
    required_position: int | None = None
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0
    note: str = ""
    file: File[bytes] | None = None  # the scan (PDF, JPEG or PNG: files.check_scan)
    # The storage name of a file the applicant's document store already holds, reused instead
    # of an upload (the portal checks that it is theirs).
    stored_file: str = ""


@dataclass(frozen=True)
class PaymentData:
    """A fee paid at intake (cash at the counter, bank transfer, online)."""

    amount_vnd: int
    method: str
    receipt_number: str


@dataclass(frozen=True)
class Intake:
    """Everything the counter form (or the portal) gives to open a dossier."""

    unit: OrgUnit
    version: ProcedureVersion
    applicant: Applicant
    channel: str = Channel.COUNTER
    return_method: str = Channel.COUNTER
    return_address: str = ""
    components: tuple[Component, ...] = field(default_factory=tuple)
    client_token: str | None = None
    payment: PaymentData | None = None  # the fee paid at the counter, if any
    applicant_user: User | None = None  # the citizen's account, for an application online


def validate_intake(intake: Intake) -> None:
    applicant = intake.applicant
    problems = []
    if applicant.kind not in ApplicantKind.values:
        problems.append(_("choose whether the applicant is an individual or an organisation"))
    if not applicant.name.strip():
        problems.append(_("the applicant's name is missing"))
    if applicant.kind == ApplicantKind.INDIVIDUAL:
        try:
            validate_id_number(applicant.id_number)
        except ValidationError:
            problems.append(_("an individual needs a 12-digit ID number"))
    elif applicant.kind == ApplicantKind.ORGANISATION and not applicant.enterprise_code.strip():
        problems.append(_("an organisation needs its enterprise code"))
    if intake.channel not in Channel.values or intake.return_method not in Channel.values:
        problems.append(_("unknown channel"))
    if intake.return_method == Channel.POSTAL and not intake.return_address.strip():
        problems.append(_("a result sent by post needs an address"))
    for index, component in enumerate(intake.components):
        if component.file is not None:
            check_scan(component.file, field=f"components.{index}.file")
    if problems:
        text = "; ".join(str(problem) for problem in problems)
        raise DossierError(text[:1].upper() + text[1:] + ".", code="invalid_applicant")


def channel_term(version: ProcedureVersion, channel: str) -> ChannelTerm:
    term = version.terms.filter(channel=channel).first()
    if term is None:
        raise DossierError(
            _("This procedure is not offered through the channel “%(channel)s”.")
            % {"channel": Channel(channel).label},
            code="channel_not_offered",
        )
    return term


def new_dossier(intake: Intake, state: str) -> Dossier:
    applicant = intake.applicant
    term = channel_term(intake.version, intake.channel)
    dossier = Dossier(
        receiving_unit=intake.unit,
        procedure_version=intake.version,
        channel=intake.channel,
        return_method=intake.return_method,
        return_address=intake.return_address.strip(),
        applicant_kind=applicant.kind,
        applicant_name=" ".join(applicant.name.split()),
        applicant_id_number=applicant.id_number.strip(),
        applicant_enterprise_code=applicant.enterprise_code.strip(),
        applicant_address=applicant.address.strip(),
        applicant_phone=applicant.phone.strip(),
        applicant_email=applicant.email.strip(),
        state=state,
        limit_value=int(term.limit_value),
        limit_unit=term.limit_unit,
        cutoff=term.cutoff if term.limit_unit == LimitUnit.SAME_DAY else None,
        fee_vnd=term.fee_vnd,
        client_token=intake.client_token or "",
        applicant_user=intake.applicant_user,
    )
    index_dossier(dossier)
    return dossier


def index_dossier(dossier: Dossier) -> None:
    dossier.search_text = search_column(
        dossier.code,
        dossier.applicant_name,
        dossier.applicant_id_number,
        dossier.applicant_enterprise_code,
        dossier.applicant_phone,
    )


def existing_dossier(token: str | None) -> Dossier | None:
    """The dossier a double-clicked submit already created (same client token), if any."""
    return Dossier.objects.filter(client_token=token).first() if token else None


def next_code(unit: OrgUnit, received_at: datetime) -> str:
    """Return the next dossier code of `unit` for the receipt day (domain.md §7).

    `<identifier>-YYMMDD-XXXX`: the counter row is created once per unit and day, then
    incremented in place under the row lock, so two officers receiving at once get two
    numbers (tested on PostgreSQL with parallel connections).
    """
    day = local(received_at).date()
    try:
        with transaction.atomic():
            DailySequence.objects.get_or_create(unit=unit, day=day)
    except IntegrityError:  # created by a concurrent receipt between our get and create
        pass
    DailySequence.objects.filter(unit=unit, day=day).update(last=F("last") + 1)
    number = DailySequence.objects.get(unit=unit, day=day).last
    if number > MAX_DAILY:
        raise DossierError(
            _("This unit has already received %(count)s dossiers today, the most a code allows.")
            % {"count": MAX_DAILY}
        )
    return f"{unit.identifier}-{day:%y%m%d}-{number:04d}"


def copy_steps(dossier: Dossier, process: ProcessDefinition) -> None:
    DossierStep.objects.bulk_create(
        DossierStep(
            dossier=dossier,
            position=step.position,
            actor_unit=step.actor_unit,
            actor_role=step.actor_role,
            task=step.task,
            kind=step.kind,
            joint_mode=step.joint_mode,
            is_lead=step.is_lead,
            allotted_value=step.allotted_value,
            allotted_unit=step.allotted_unit,
        )
        for step in process.steps.select_related("actor_unit").all()
    )


def add_components(dossier: Dossier, components: tuple[Component, ...]) -> None:
    documents = {
        document.position: document for document in dossier.procedure_version.documents.all()
    }
    DossierComponent.objects.bulk_create(
        DossierComponent(
            dossier=dossier,
            required_document=documents.get(component.required_position or 0),
            name=component.name,
            originals=component.originals,
            certified_copies=component.certified_copies,
            photocopies=component.photocopies,
            note=component.note,
            file=component.stored_file or component.file or "",
            reused=bool(component.stored_file),
        )
        for component in components
    )
