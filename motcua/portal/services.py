"""Every write of the citizen portal: sign-up and its verification code, the profile, drafts
of online applications, the personal document store, and what a citizen does on their own
dossier (hand in a supplement, withdraw).

A citizen acts on a dossier through the dossier services with themselves as the actor; the
dossier policies allow the applicant exactly those actions (dossiers.lifecycle
.APPLICANT_ACTIONS) on their own dossier.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from motcua.accounts.models import OrgUnit, User, UserKind
from motcua.accounts.validators import validate_id_number, validate_phone
from motcua.catalog.models import Channel, OnlineLevel, ProcedureVersion
from motcua.core.errors import DomainError, NotFoundError, PermissionDeniedError
from motcua.documents.selectors import result_list_for_dossier
from motcua.documents.services import digitisation_refresh
from motcua.documents.signing.verification import Verdict, report_data, verify_pdf
from motcua.dossiers import services as dossier_services
from motcua.dossiers.files import check_scan
from motcua.dossiers.models import ApplicantKind, Dossier, DossierEvent
from motcua.notifications.services import notification_send_message
from motcua.portal.doctypes import document_type
from motcua.portal.models import (
    ApplicationDraft,
    DraftDocument,
    StoredDocument,
    VerificationCode,
)

CODE_VALID_FOR = timedelta(minutes=15)
CODE_MAX_ATTEMPTS = 5
CODE_RESEND_AFTER = timedelta(seconds=60)
_HMAC_SALT = "motcua.portal.verification"


class PortalError(DomainError):
    """A refused step of the citizen portal."""


# -- sign-up and verification ---------------------------------------------------------------


@dataclass(frozen=True)
class SignUp:
    full_name: str
    id_number: str
    password: str
    email: str = ""
    phone: str = ""


def _code_hash(user: User, code: str) -> str:
    return salted_hmac(_HMAC_SALT, f"{user.pk}:{code}", algorithm="sha256").hexdigest()


def _send_code(user: User) -> VerificationCode:
    code = f"{secrets.randbelow(10**6):06d}"
    channel, recipient = ("email", user.email) if user.email else ("sms", user.phone)
    record = VerificationCode.objects.create(
        user=user,
        channel=channel,
        recipient=recipient,
        code_hash=_code_hash(user, code),
        expires_at=timezone.now() + CODE_VALID_FOR,
    )
    notification_send_message(
        channel=channel,
        recipient=recipient,
        subject=_("motcua: your verification code"),
        body=_("Your motcua verification code is %(code)s. It is valid for 15 minutes.")
        % {"code": code},
        reason="verification",
    )
    return record


def _problems(data: SignUp) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not " ".join(data.full_name.split()):
        problems["full_name"] = _("Enter your full name.")
    try:
        validate_id_number(data.id_number)
    except ValidationError as error:
        problems["id_number"] = " ".join(error.messages)
    email, phone = data.email.strip().lower(), data.phone.strip()
    if not email and not phone:
        problems["email"] = _("Enter an e-mail address or a phone number.")
    if phone:
        try:
            validate_phone(phone)
        except ValidationError as error:
            problems["phone"] = " ".join(error.messages)
    taken = User.objects.filter(
        Q(id_number=data.id_number)
        | (Q(email__iexact=email) if email else Q(pk__in=[]))
        | (Q(phone=phone) if phone else Q(pk__in=[]))
    )
    for user in taken:
        if user.id_number == data.id_number:
            problems.setdefault("id_number", _("An account with this ID number already exists."))
        if email and user.email.lower() == email:
            problems.setdefault("email", _("An account with this e-mail address already exists."))
        if phone and user.phone == phone:
            problems.setdefault("phone", _("An account with this phone number already exists."))
    try:
        password_validation.validate_password(
            data.password, User(full_name=data.full_name, email=email, username=email or phone)
        )
    except ValidationError as error:
        problems["password"] = " ".join(error.messages)
    return problems


class SignUpError(PortalError):
    """Sign-up refused; `problems` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(_("Please correct the fields marked below."), code="invalid_sign_up")
        self.problems = problems


@transaction.atomic
def citizen_sign_up(*, data: SignUp) -> User:
    """Create an inactive citizen account and send it a verification code.

    The account logs in with its e-mail address or phone number; it becomes active when the
    code sent there (e-mail first, else SMS through the adapter) is confirmed.
    """
    problems = _problems(data)
    if problems:
        raise SignUpError(problems)
    email, phone = data.email.strip().lower(), data.phone.strip()
    user = User(
        username=email or phone,
        full_name=" ".join(data.full_name.split()),
        email=email,
        phone=phone,
        id_number=data.id_number,
        kind=UserKind.CITIZEN,
        is_active=False,
    )
    user.set_password(data.password)
    user.full_clean()
    user.save()
    _send_code(user)
    return user


def _latest_code(user: User) -> VerificationCode | None:
    return VerificationCode.objects.filter(user=user, used_at__isnull=True).first()


def citizen_confirm(*, user: User, code: str) -> User:
    """Activate the account when `code` is its latest code, unexpired, within 5 tries.

    A wrong try is counted in its own transaction, so the refusal does not roll it back.
    """
    latest = _latest_code(user)
    now = timezone.now()
    if latest is None or latest.expires_at < now or latest.attempts >= CODE_MAX_ATTEMPTS:
        raise PortalError(
            _("This code is no longer valid. Ask for a new one."), code="code_expired", field="code"
        )
    if not constant_time_compare(latest.code_hash, _code_hash(user, code.strip())):
        VerificationCode.objects.filter(pk=latest.pk).update(attempts=F("attempts") + 1)
        raise PortalError(_("This code is not right."), code="wrong_code", field="code")
    with transaction.atomic():
        used = VerificationCode.objects.filter(pk=latest.pk, used_at__isnull=True).update(
            used_at=now
        )
        if not used:  # the same code confirmed twice at once: the first one won
            raise PortalError(_("This code has already been used."), code="code_used")
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def citizen_code_resend(*, user: User) -> VerificationCode:
    """Send a new code (the older ones stop working), at most once a minute."""
    if user.is_active:
        raise PortalError(_("This account is already confirmed."), code="already_confirmed")
    latest = VerificationCode.objects.filter(user=user).first()
    if latest is not None and latest.created_at > timezone.now() - CODE_RESEND_AFTER:
        raise PortalError(_("A code was sent less than a minute ago."), code="too_soon")
    VerificationCode.objects.filter(user=user, used_at__isnull=True).update(
        expires_at=timezone.now()
    )
    return _send_code(user)


@dataclass(frozen=True)
class Profile:
    full_name: str
    phone: str = ""
    email: str = ""


@transaction.atomic
def citizen_profile_update(*, user: User, profile: Profile) -> User:
    """Change the citizen's name and contacts (the ID number is fixed once confirmed)."""
    if user.is_officer:
        raise PermissionDeniedError(_("Only citizens have a profile here."))
    name = " ".join(profile.full_name.split())
    if not name:
        raise PortalError(_("Enter your full name."), field="full_name")
    user.full_name, user.phone, user.email = name, profile.phone.strip(), profile.email.strip()
    try:
        user.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise PortalError(" ".join(messages), field=field) from error
    user.save(update_fields=["full_name", "phone", "email"])
    return user


# -- the personal document store -------------------------------------------------------------


def _signatures_of(file: File[bytes] | Any, content_type: str) -> dict[str, Any]:
    """Return the validator's report on a PDF's digital signatures, empty when it has none
    (or for an image): integrity, signer, chain to the trusted roots, validity, offline."""
    if content_type != "application/pdf":
        return {}
    file.seek(0)
    content = file.read()
    file.seek(0)
    report = verify_pdf(content)
    return report_data(report) if report.verdict is not Verdict.UNSIGNED else {}


def _citizen(user: User) -> None:
    if not user.is_authenticated or user.is_officer:
        raise PermissionDeniedError(_("Only a citizen's own account can do this."))


@transaction.atomic
def stored_document_add(*, user: User, name: str, file: File[bytes]) -> StoredDocument:
    """Put a document (PDF, JPEG or PNG, checked by content) in the citizen's store."""
    _citizen(user)
    name = " ".join(name.split())
    if not name:
        raise PortalError(_("Say what the document is."), field="name")
    content_type = check_scan(file, field="file")
    return StoredDocument.objects.create(
        user=user,
        name=name,
        type_key=document_type(name),
        file=file,
        content_type=content_type,
        origin=StoredDocument.Origin.UPLOADED,
        signatures=_signatures_of(file, content_type),
    )


# -- applications online ---------------------------------------------------------------------


def _offered_online(version: ProcedureVersion) -> None:
    if version.online_level == OnlineLevel.NONE or not version.terms.filter(channel=Channel.ONLINE):
        raise PortalError(_("This procedure cannot be applied for online."), code="not_online")


def _own_draft(user: User, draft: ApplicationDraft) -> None:
    if draft.user_id != user.pk:
        raise NotFoundError(_("This application does not exist or is not yours."))
    if draft.dossier_id is not None:
        raise PortalError(
            _("This application has been submitted and can no longer change."), code="submitted"
        )


@transaction.atomic
def draft_start(*, user: User, version: ProcedureVersion) -> ApplicationDraft:
    """Start an online application for a procedure in force that offers the online channel;
    the citizen's unfinished draft of the same procedure is resumed instead of a second one."""
    _citizen(user)
    _offered_online(version)
    existing = ApplicationDraft.objects.filter(
        user=user, procedure_version__procedure=version.procedure_id, dossier__isnull=True
    ).first()
    if existing is not None:
        return existing
    return ApplicationDraft.objects.create(
        user=user,
        procedure_version=version,
        applicant_phone=user.phone,
        applicant_email=user.email,
    )


@dataclass(frozen=True)
class DraftDetails:
    receiving_unit: OrgUnit | None
    return_method: str
    return_address: str = ""
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""


@transaction.atomic
def draft_save(*, user: User, draft: ApplicationDraft, details: DraftDetails) -> ApplicationDraft:
    """Save what the citizen filled in so far (nothing is checked for completeness yet)."""
    _own_draft(user, draft)
    if details.return_method not in Channel.values:
        raise PortalError(_("Choose how you get the result."), field="return_method")
    draft.receiving_unit = details.receiving_unit
    draft.return_method = details.return_method
    draft.return_address = details.return_address.strip()
    draft.applicant_address = details.applicant_address.strip()
    draft.applicant_phone = details.applicant_phone.strip()
    draft.applicant_email = details.applicant_email.strip()
    draft.save()
    return draft


def _required_position(draft: ApplicationDraft, position: int) -> None:
    if not draft.procedure_version.documents.filter(position=position).exists():
        raise PortalError(_("This procedure does not ask for that document."), field="position")


@transaction.atomic
def draft_attach(
    *,
    user: User,
    draft: ApplicationDraft,
    position: int,
    file: File[bytes] | None = None,
    stored: StoredDocument | None = None,
) -> DraftDocument:
    """Attach a new upload, or a document of the citizen's own store, for required document
    `position` (replacing what was attached for it)."""
    _own_draft(user, draft)
    _required_position(draft, position)
    if (file is None) == (stored is None):
        raise PortalError(_("Choose a file or a document from your store."), field="file")
    if stored is not None and stored.user_id != user.pk:
        raise NotFoundError(_("This document does not exist or is not yours."))
    signatures: dict[str, Any] = {}
    if file is not None:
        signatures = _signatures_of(file, check_scan(file, field="file"))
    DraftDocument.objects.filter(draft=draft, required_position=position).delete()
    attached = DraftDocument.objects.create(
        draft=draft,
        required_position=position,
        file=file or "",
        stored=stored,
        original_name=(getattr(file, "name", "") or "")[:255] if file is not None else "",
        signatures=signatures if stored is None else stored.signatures,
    )
    draft.save(update_fields=["updated_at"])
    return attached


@transaction.atomic
def draft_detach(*, user: User, draft: ApplicationDraft, position: int) -> None:
    _own_draft(user, draft)
    DraftDocument.objects.filter(draft=draft, required_position=position).delete()


@transaction.atomic
def draft_discard(*, user: User, draft: ApplicationDraft) -> None:
    """Delete an unsubmitted draft and its uploads."""
    _own_draft(user, draft)
    draft.delete()


@transaction.atomic
def draft_submit(
    *, user: User, draft: ApplicationDraft, declared: bool, client_token: str | None = None
) -> Dossier:
    """Submit the application: a dossier awaiting the one-stop check within 8 working hours
    (NĐ 45/2020), with the documents attached; new uploads go into the citizen's store.

    A double-clicked submit returns the dossier already made (the client token).
    """
    if draft.user_id == user.pk and draft.dossier_id is not None:
        assert draft.dossier is not None  # noqa: S101 -- checked just above
        return draft.dossier
    _own_draft(user, draft)
    if not declared:
        raise PortalError(_("Confirm that the information you give is true."), field="declared")
    if draft.receiving_unit is None:
        raise PortalError(_("Choose where to submit."), field="receiving_unit")
    if draft.return_method == Channel.POSTAL and not draft.return_address.strip():
        raise PortalError(_("A result sent by post needs an address."), field="return_address")
    attached = {doc.required_position: doc for doc in draft.documents.select_related("stored")}
    documents = list(draft.procedure_version.documents.all())
    if not attached:
        raise PortalError(_("Attach at least one document."), field="documents")
    components = tuple(
        dossier_services.Component(
            name=document.name,
            required_position=document.position,
            originals=1,
            file=None if doc.stored is not None else doc.file or None,
            stored_file=doc.stored.file.name if doc.stored is not None else "",
        )
        for document in documents
        if (doc := attached.get(document.position)) is not None
    )
    dossier = dossier_services.dossier_submit(
        actor=user,
        intake=dossier_services.Intake(
            unit=draft.receiving_unit,
            version=draft.procedure_version,
            applicant=dossier_services.Applicant(
                kind=ApplicantKind.INDIVIDUAL,
                name=user.full_name,
                id_number=user.id_number or "",
                address=draft.applicant_address,
                phone=draft.applicant_phone,
                email=draft.applicant_email,
            ),
            channel=Channel.ONLINE,
            return_method=draft.return_method,
            return_address=draft.return_address,
            components=components,
            client_token=client_token,
            applicant_user=user,
        ),
    )
    names = {document.position: document.name for document in documents}
    StoredDocument.objects.bulk_create(
        StoredDocument(
            user=user,
            name=names[position],
            type_key=document_type(names[position]),
            file=doc.file.name,
            content_type="application/pdf" if doc.file.name.lower().endswith(".pdf") else "",
            origin=StoredDocument.Origin.APPLICATION,
            dossier=dossier,
            signatures=doc.signatures,
        )
        for position, doc in attached.items()
        if doc.stored is None and doc.file and position in names
    )
    draft.dossier = dossier
    draft.save(update_fields=["dossier", "updated_at"])
    return dossier


# -- the citizen's own dossier ---------------------------------------------------------------


@transaction.atomic
def dossier_answer_supplement(
    *,
    user: User,
    dossier: Dossier,
    revision: int,
    files: list[tuple[str, File[bytes]]],
    note: str = "",
) -> Dossier:
    """Hand in online what a supplement request asked for: the limit restarts (domain.md §6
    rule 7). `files` pairs each requested item with the file answering it."""
    _citizen(user)
    if not files:
        raise PortalError(_("Attach the documents that were asked for."), field="files")
    components = tuple(
        dossier_services.Component(name=name, originals=1, file=file) for name, file in files
    )
    return dossier_services.dossier_complete_supplement(
        actor=user, dossier=dossier, revision=revision, note=note, components=components
    )


@transaction.atomic
def dossier_withdraw_by_applicant(
    *, user: User, dossier: Dossier, revision: int, reason: str
) -> Dossier:
    """Withdraw one's own dossier (recorded with the reason given)."""
    _citizen(user)
    return dossier_services.dossier_withdraw(
        actor=user, dossier=dossier, revision=revision, reason=reason.strip()
    )


def _result_signatures(file: Any) -> dict[str, Any]:
    with file.open("rb") as handle:
        return _signatures_of(handle, "application/pdf")


RETURN_ACTIONS = frozenset({"return_result", "record_postal_dispatch"})


@transaction.atomic
def results_into_store(*, event_id: int) -> int:
    """Add the electronic results of a dossier just returned to its applicant's document store,
    once each (they are offered again when a later procedure asks for that document: NĐ
    224/2026 Art. 18(4)); return how many were added. Revoked results are left out."""
    event = DossierEvent.objects.select_related("dossier").filter(pk=event_id).first()
    if event is None or event.action not in RETURN_ACTIONS:
        return 0
    dossier = event.dossier
    owner = dossier.applicant_user
    if owner is None or owner.is_officer:
        return 0
    stored = set(
        StoredDocument.objects.filter(user=owner, dossier=dossier).values_list("file", flat=True)
    )
    added = [
        StoredDocument(
            user=owner,
            name=result.title[:1000],
            type_key=document_type(result.title),
            file=result.file.name,
            content_type="application/pdf",
            origin=StoredDocument.Origin.RESULT,
            dossier=dossier,
            signatures=_result_signatures(result.file),
        )
        for result in result_list_for_dossier(dossier=dossier)
        if not result.is_revoked and result.file and result.file.name not in stored
    ]
    if added:
        with transaction.atomic():
            StoredDocument.objects.bulk_create(added)
            # A result sent to the citizen's data store counts for 766 criterion 4.5: the
            # recorders of the flags refresh the indicators' facts in this transaction.
            digitisation_refresh(dossier=dossier)
    return len(added)
