"""Reads of the citizen portal: drafts, the document store and what it offers for reuse, where
a procedure can be submitted, and the citizen's view of their own dossier.

Every read is scoped to the citizen: a draft, a stored document or a dossier of someone else
answers "not found" (dossiers.selectors.dossier_get_for_applicant for dossiers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import OrgUnit, User
from motcua.accounts.selectors import AnyUser
from motcua.catalog.models import Channel, ChannelTerm, ProcedureVersion, RequiredDocument
from motcua.core.errors import NotFoundError
from motcua.documents.models import Result
from motcua.documents.selectors import result_list_for_dossier
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierEvent, DossierState, RatingLevel
from motcua.dossiers.selectors import dossier_deadline_explanation
from motcua.portal.doctypes import document_type
from motcua.portal.models import ApplicationDraft, DraftDocument, StoredDocument
from motcua.workflow.models import ProcessDefinition
from motcua.workflow.selectors import process_list_in_force


def _is_citizen(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_authenticated and not user.is_officer


def draft_list_for_user(*, user: AnyUser) -> QuerySet[ApplicationDraft]:
    """Return the citizen's unsubmitted drafts, last changed first."""
    if not isinstance(user, User) or not _is_citizen(user):
        return ApplicationDraft.objects.none()
    return ApplicationDraft.objects.filter(user=user, dossier__isnull=True).select_related(
        "procedure_version"
    )


def draft_get_for_user(*, user: AnyUser, pk: int) -> ApplicationDraft:
    """Return the citizen's own draft (submitted or not); NotFoundError otherwise."""
    if not isinstance(user, User) or not _is_citizen(user):
        raise NotFoundError(_("This application does not exist or is not yours."))
    draft = (
        ApplicationDraft.objects.filter(pk=pk, user=user)
        .select_related("procedure_version", "receiving_unit", "dossier")
        .first()
    )
    if draft is None:
        raise NotFoundError(_("This application does not exist or is not yours."))
    return draft


def stored_document_list_for_user(*, user: AnyUser) -> QuerySet[StoredDocument]:
    """Return the documents in the citizen's store, newest first."""
    if not isinstance(user, User) or not _is_citizen(user):
        return StoredDocument.objects.none()
    return StoredDocument.objects.filter(user=user)


def stored_document_get_for_user(*, user: AnyUser, pk: int) -> StoredDocument:
    document = stored_document_list_for_user(user=user).filter(pk=pk).first()
    if document is None:
        raise NotFoundError(_("This document does not exist or is not yours."))
    return document


def receiving_units_for(*, version: ProcedureVersion) -> list[OrgUnit]:
    """Return the places that can receive the procedure: those with its internal process in
    force (a dossier pins that process at receipt, domain.md §4), by name."""
    processes: list[ProcessDefinition] = process_list_in_force(procedure=version.procedure)
    return sorted((process.receiving_unit for process in processes), key=lambda unit: unit.name)


@dataclass
class ChecklistItem:
    """One required document of the application, what is attached, what the store offers."""

    document: RequiredDocument
    attached: DraftDocument | None
    offers: list[StoredDocument] = field(default_factory=list)


def draft_checklist(*, draft: ApplicationDraft) -> list[ChecklistItem]:
    """Return the checklist of the draft: every required document with its attachment and the
    citizen's stored documents of the same type, offered instead of a new upload."""
    documents = list(draft.procedure_version.documents.all())
    attached = {doc.required_position: doc for doc in draft.documents.select_related("stored")}
    keys = {document.position: document_type(document.name) for document in documents}
    stored: dict[str, list[StoredDocument]] = {}
    for document in StoredDocument.objects.filter(
        user_id=draft.user_id, type_key__in=set(keys.values())
    ):
        stored.setdefault(document.type_key, []).append(document)
    return [
        ChecklistItem(
            document=document,
            attached=attached.get(document.position),
            offers=stored.get(keys[document.position], []),
        )
        for document in documents
    ]


def online_term(*, version: ProcedureVersion) -> ChannelTerm | None:
    """Return the time limit and fee of the online channel (shown before submission)."""
    return version.terms.filter(channel=Channel.ONLINE).first()


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    title: str
    unit: str
    note: str


@dataclass(frozen=True)
class CitizenView:
    """What the applicant sees of their own dossier (no officer names: units only)."""

    dossier: Dossier
    holder_unit: str
    next_step: str
    explanation: list[str]
    timeline: list[TimelineEntry]
    supplement_items: list[str]
    results: list[Result]  # the electronic results (signed PDFs), revoked ones marked
    can_answer_supplement: bool
    can_withdraw: bool
    can_rate: bool
    rating_label: str


_TITLES = {
    Action.SUBMIT: gettext_lazy("Submitted online"),
    Action.RECEIVE: gettext_lazy("Received (receipt and appointment)"),
    Action.RETURN_FOR_COMPLETION: gettext_lazy("Returned for completion"),
    Action.REFUSE_AT_INTAKE: gettext_lazy("Refused at intake"),
    Action.FORWARD: gettext_lazy("Forwarded to the handling agency"),
    Action.COMPLETE_STEP: gettext_lazy("A processing step was completed"),
    Action.APPROVE: gettext_lazy("Approved"),
    Action.SIGN: gettext_lazy("Signed"),
    Action.ISSUE_RESULT: gettext_lazy("Result issued"),
    Action.REQUEST_SUPPLEMENT: gettext_lazy("Supplement requested"),
    Action.COMPLETE_SUPPLEMENT: gettext_lazy("Supplement handed in"),
    Action.REFUSE: gettext_lazy("Refused"),
    Action.STOP: gettext_lazy("Processing stopped"),
    Action.WITHDRAW: gettext_lazy("Withdrawn"),
    Action.REQUEST_EXTENSION: gettext_lazy("New appointment, with an apology"),
    Action.RETURN_RESULT: gettext_lazy("Result returned"),
    Action.RECORD_POSTAL_DISPATCH: gettext_lazy("Result sent by post"),
    Action.RECORD_PAYMENT: gettext_lazy("Fee paid"),
    Action.RATE: gettext_lazy("You rated the service"),
}


def _title(action: str) -> str:
    return str(_TITLES[Action(action)]) if action in _TITLES else ""


def _next_step(dossier: Dossier) -> str:
    if dossier.state == DossierState.SUBMITTED:
        return _("The one-stop unit checks your application and answers within 8 working hours.")
    if dossier.state == DossierState.SUPPLEMENT_REQUESTED:
        return _("Hand in the documents asked for below; the time limit restarts when they arrive.")
    if dossier.state == DossierState.PROCESSED:
        return _("Your result is ready to be returned.")
    if dossier.state in {DossierState.RECEIVED, DossierState.IN_PROGRESS, "supplement_completed"}:
        step = (
            dossier.steps.filter(position=dossier.position or 0, finished_at__isnull=True)
            .select_related("actor_unit")
            .order_by("-is_lead")
            .first()
        )
        if step is not None:
            return _("%(unit)s: %(task)s") % {"unit": step.actor_unit.name, "task": step.task}
    return ""


def dossier_citizen_view(*, dossier: Dossier, user: User) -> CitizenView:
    """Return the applicant's view of their dossier: who holds it, the next step, the expected
    date with its explanation, the timeline, what a supplement request asks for, the results.

    The caller loaded the dossier with dossier_get_for_applicant.
    """
    events = list(
        DossierEvent.objects.filter(dossier=dossier)
        .select_related("actor_unit", "to_unit")
        .order_by("sequence")
    )
    timeline = [
        TimelineEntry(
            at=event.at,
            title=_title(event.action),
            unit=(event.to_unit or event.actor_unit or dossier.receiving_unit).name,
            note=event.note if event.action in _PUBLIC_NOTES else "",
        )
        for event in events
        if _title(event.action)
    ]
    requests = [event for event in events if event.action == Action.REQUEST_SUPPLEMENT]
    items = list(requests[-1].data.get("items", [])) if requests else []
    # The applicant downloads the results once the dossier is returned (online, or handed over
    # with the paper: the electronic copy is theirs too).
    results = (
        result_list_for_dossier(dossier=dossier) if dossier.state == DossierState.RETURNED else []
    )
    open_state = dossier.state in {
        DossierState.SUBMITTED,
        DossierState.RECEIVED,
        DossierState.IN_PROGRESS,
        DossierState.SUPPLEMENT_REQUESTED,
        DossierState.SUPPLEMENT_COMPLETED,
    }
    return CitizenView(
        dossier=dossier,
        holder_unit=dossier.holder_unit.name if dossier.holder_unit else "",
        next_step=_next_step(dossier),
        explanation=dossier_deadline_explanation(dossier=dossier),
        timeline=timeline,
        supplement_items=items if dossier.state == DossierState.SUPPLEMENT_REQUESTED else [],
        results=results,
        can_answer_supplement=dossier.state == DossierState.SUPPLEMENT_REQUESTED,
        can_withdraw=open_state,
        can_rate=dossier.state == DossierState.RETURNED and dossier.applicant_user_id == user.pk,
        rating_label=str(RatingLevel(dossier.rating).label) if dossier.rating else "",
    )


# Notes the applicant should read (the reasons given to them); internal notes stay internal.
_PUBLIC_NOTES = frozenset(
    {
        Action.RETURN_FOR_COMPLETION,
        Action.REFUSE_AT_INTAKE,
        Action.REQUEST_SUPPLEMENT,
        Action.REFUSE,
        Action.STOP,
        Action.WITHDRAW,
        Action.REQUEST_EXTENSION,
    }
)


def result_get_for_applicant(*, dossier: Dossier, pk: int) -> Result:
    """Return a result of the citizen's returned dossier (loaded with dossier_get_for_applicant);
    NotFoundError otherwise."""
    if dossier.state != DossierState.RETURNED:
        raise NotFoundError(_("This result does not exist or is not yours."))
    result = dossier.results.filter(pk=pk).exclude(file="").first()
    if result is None:
        raise NotFoundError(_("This result does not exist or is not yours."))
    found: Result = result
    return found
