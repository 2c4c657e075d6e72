"""Reads of dossiers for the interfaces: one access function, the worklists, the search.

Deny by default (product.md): an officer sees the dossiers received by a unit they see, or
with a step in such a unit (`accounts.selectors.visibility_filter`: own units; supervisors and
administrators their subtree). `dossier_get_for_user` answers "not found" for both missing and
not-yours dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.models import OrgUnit, Role
from motcua.accounts.selectors import (
    AnyUser,
    membership_list_active,
    visibility_filter,
    working_calendar_for_unit,
)
from motcua.core.errors import NotFoundError
from motcua.core.text import search_terms
from motcua.core.time import local
from motcua.deadlines.engine import TimeLimit, due_time
from motcua.dossiers import chain, policies
from motcua.dossiers.lifecycle import PROCESSING, Action, allowed_actions
from motcua.dossiers.models import Dossier, DossierEvent, DossierState, DossierStep

_LIST_RELATED = ("receiving_unit", "procedure_version", "holder_unit", "holder")


def _visible(user: AnyUser) -> Q | None:
    units = visibility_filter(user=user)
    if units is None:
        return None
    visible_units = OrgUnit.objects.filter(units).values("pk")
    in_steps = DossierStep.objects.filter(
        dossier=OuterRef("pk"), actor_unit__in=visible_units
    ).values("pk")
    return Q(receiving_unit__in=visible_units) | Q(Exists(in_steps))


def dossier_list_for_user(*, user: AnyUser) -> QuerySet[Dossier]:
    """Return the dossiers the user may see (none for citizens and strangers)."""
    condition = _visible(user)
    if condition is None:
        return Dossier.objects.none()
    return Dossier.objects.filter(condition).select_related(*_LIST_RELATED)


def dossier_get_for_user(*, user: AnyUser, pk: int) -> Dossier:
    """Return the dossier if the user may see it; NotFoundError for missing and not-yours."""
    dossier = dossier_list_for_user(user=user).filter(pk=pk).first()
    if dossier is None:
        raise NotFoundError(_("This dossier does not exist or is not yours to see."))
    return dossier


def dossier_get_by_code_for_user(*, user: AnyUser, code: str) -> Dossier:
    dossier = dossier_list_for_user(user=user).filter(code=code.strip()).first()
    if dossier is None:
        raise NotFoundError(_("This dossier does not exist or is not yours to see."))
    return dossier


def dossier_list_for_applicant(*, user: AnyUser) -> QuerySet[Dossier]:
    """Return a citizen's own dossiers (applied for with their account), newest first."""
    if not user.is_authenticated or getattr(user, "is_officer", True):
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(applicant_user=user)
        .select_related(*_LIST_RELATED)
        .order_by("-created_at", "-pk")
    )


def dossier_get_for_applicant(*, user: AnyUser, pk: int) -> Dossier:
    """Return the citizen's own dossier; NotFoundError for missing and another's (product.md:
    a citizen never sees another citizen's dossier)."""
    dossier = dossier_list_for_applicant(user=user).filter(pk=pk).first()
    if dossier is None:
        raise NotFoundError(_("This dossier does not exist or is not yours to see."))
    return dossier


def _units_with_role(user: AnyUser, roles: set[str]) -> list[int]:
    return [m.unit_id for m in membership_list_active(user=user) if m.role in roles]


def dossier_list_intake_queue(*, user: AnyUser) -> QuerySet[Dossier]:
    """Online and postal dossiers awaiting the one-stop check at the user's centres, the
    8-hour answer soonest first (NĐ 45/2020)."""
    units = _units_with_role(user, {Role.ONE_STOP_OFFICER})
    return (
        Dossier.objects.filter(receiving_unit__in=units, state=DossierState.SUBMITTED)
        .select_related(*_LIST_RELATED)
        .order_by("intake_due_at", "pk")
    )


def dossier_list_to_forward(*, user: AnyUser) -> QuerySet[Dossier]:
    """Received dossiers not yet handed to the handling agency, transfer due soonest first."""
    units = _units_with_role(user, {Role.ONE_STOP_OFFICER})
    return (
        Dossier.objects.filter(receiving_unit__in=units, state=DossierState.RECEIVED)
        .select_related(*_LIST_RELATED)
        .order_by("transfer_due_at", "pk")
    )


def dossier_list_my_steps(*, user: AnyUser) -> QuerySet[Dossier]:
    """Dossiers whose current step the user may act on (their unit and role) or holds, by the
    step's due time (at risk and overdue marked by the sweep)."""
    memberships = membership_list_active(user=user)
    if not memberships:
        return Dossier.objects.none()
    mine = Q()
    for membership in memberships:
        mine |= Q(actor_unit_id=membership.unit_id, actor_role=membership.role)
    open_steps = DossierStep.objects.filter(
        mine, dossier=OuterRef("pk"), position=OuterRef("position"), finished_at__isnull=True
    )
    return (
        Dossier.objects.filter(state__in=PROCESSING)
        .filter(Q(Exists(open_steps)) | Q(holder=user))
        .select_related(*_LIST_RELATED)
        .order_by("due_at", "pk")
    )


def dossier_list_awaiting_return(*, user: AnyUser) -> QuerySet[Dossier]:
    """Processed dossiers waiting at the user's centres for the result to be handed over."""
    units = _units_with_role(user, {Role.ONE_STOP_OFFICER})
    return (
        Dossier.objects.filter(receiving_unit__in=units, state=DossierState.PROCESSED)
        .select_related(*_LIST_RELATED)
        .order_by("finished_at", "pk")
    )


def dossier_list_for_unit_leader(*, user: AnyUser) -> QuerySet[Dossier]:
    """A leader's view: every open dossier with its current step in the leader's units."""
    units = _units_with_role(user, {Role.OFFICE_LEADER, Role.AGENCY_LEADER})
    return (
        Dossier.objects.filter(holder_unit__in=units, state__in=PROCESSING)
        .select_related(*_LIST_RELATED)
        .order_by("due_at", "pk")
    )


def dossier_search(*, queryset: QuerySet[Dossier], query: str) -> QuerySet[Dossier]:
    """Keep the dossiers of `queryset` matching every word of `query` at a word start: code,
    applicant name without diacritics, ID number, enterprise code or phone."""
    for term in search_terms(query):
        queryset = queryset.filter(search_text__contains=f" {term}")
    return queryset


def mask_name(name: str) -> str:
    """Mask an applicant's name for lists and public pages: "Nguyễn Thị Hồng Nhung" ->
    "Nguyễn T. H. N." (product.md: personal data masked in lists)."""
    words = name.split()
    if len(words) <= 1:
        return name[:1] + "***" if name else ""
    return " ".join([words[0], *(f"{word[0]}." for word in words[1:])])


def mask_id(value: str) -> str:
    """Mask an ID number or phone, keeping the last three characters: "*********567"."""
    return "*" * max(len(value) - 3, 0) + value[-3:] if value else ""


@dataclass(frozen=True)
class HandOver:
    """One row of the control slip (form 06): who gave the dossier to whom, when, with what."""

    sequence: int
    action: str
    at: str
    from_unit: str
    from_person: str
    to_unit: str
    to_person: str
    note: str


def dossier_hand_overs(*, dossier: Dossier) -> list[HandOver]:
    """Return the hand-overs of a dossier from its history (form 06, domain.md §5)."""
    rows = []
    events = dossier.events.select_related("actor", "actor_unit", "to_unit", "to_holder")
    for event in events.order_by("sequence"):
        if event.from_position == event.to_position and event.action not in {"receive"}:
            continue
        rows.append(
            HandOver(
                sequence=event.sequence,
                action=event.action,
                at=event.at.isoformat(),
                from_unit=event.actor_unit.name if event.actor_unit else "",
                from_person=str(event.actor) if event.actor else "",
                to_unit=event.to_unit.name if event.to_unit else "",
                to_person=str(event.to_holder) if event.to_holder else "",
                note=event.note,
            )
        )
    return rows


def open_consultations(dossier: Dossier) -> list[DossierEvent]:
    """Return the consultations of the dossier not answered yet (consult events)."""
    events = list(dossier.events.filter(action__in=[Action.CONSULT, Action.REPLY]))
    answered = {event.data.get("consultation") for event in events if event.action == Action.REPLY}
    return [e for e in events if e.action == Action.CONSULT and e.sequence not in answered]


def dossier_actions_for_user(*, user: AnyUser, dossier: Dossier) -> list[str]:
    """Return the actions the user may take on the dossier now (the buttons of its page)."""
    steps = list(
        dossier.steps.filter(position=dossier.position).select_related("actor_unit")
        if dossier.position is not None
        else []
    )
    mine = next(
        (
            step
            for step in steps
            if step.finished_at is None
            and policies.holds_role(user, step.actor_unit, {step.actor_role})
        ),
        steps[0] if steps else None,
    )
    consulted = [event.data.get("unit") for event in open_consultations(dossier)]
    actions = []
    for action in allowed_actions(dossier.state):
        if action is Action.REPLY:
            if any(
                policies.can_act(user, dossier, action, consulted_unit_id=unit_id)
                for unit_id in consulted
            ):
                actions.append(action.value)
        elif policies.can_act(user, dossier, action, step=mine):
            actions.append(action.value)
    return actions


def dossier_deadline_explanation(*, dossier: Dossier) -> list[str]:
    """Return, in plain words, how the appointment was computed (domain.md §6: every due time
    explains itself): the engine's steps from receipt, or from the completed supplement that
    restarted the limit, and the extension if there was one."""
    if dossier.received_at is None:
        return []
    restart = dossier.events.filter(action=Action.COMPLETE_SUPPLEMENT).order_by("-sequence").first()
    start = restart.at if restart is not None else dossier.received_at
    calendar = working_calendar_for_unit(unit=dossier.receiving_unit)
    limit = TimeLimit(dossier.limit_value, dossier.limit_unit)  # type: ignore[arg-type]
    deadline = due_time(
        start=start, limit=limit, calendar=calendar, cutoff=dossier.cutoff or time(15, 0)
    )
    lines = deadline.explain()
    if restart is not None:
        lines.insert(
            0,
            _("The time limit restarted when the complete dossier arrived (supplement)."),
        )
    if dossier.extended_at is not None and dossier.due_at is not None:
        lines.append(
            _("Extended once with an apology (form 04): new appointment %(time)s.")
            % {"time": local(dossier.due_at).strftime("%H:%M %d/%m/%Y")}
        )
    return lines


@dataclass(frozen=True)
class PublicStep:
    position: int
    unit: str
    task: str
    started_at: str | None
    finished_at: str | None


@dataclass(frozen=True)
class PublicLookup:
    """What anyone with the code may see (no officer names, masked applicant)."""

    code: str
    procedure: str
    receiving_unit: str
    applicant: str
    state: str
    state_label: str
    received_at: str | None
    due_at: str | None
    returned_at: str | None
    current_unit: str
    steps: list[PublicStep]


def dossier_public_lookup(*, code: str) -> PublicLookup:
    """Return the public view of a dossier by its code; NotFoundError when there is none."""
    dossier = (
        Dossier.objects.filter(code=code.strip())
        .exclude(code="")
        .select_related("receiving_unit", "procedure_version", "holder_unit")
        .first()
    )
    if dossier is None:
        raise NotFoundError(_("No dossier has the code %(code)s.") % {"code": code.strip()})
    steps = [
        PublicStep(
            position=step.position,
            unit=step.actor_unit.name,
            task=step.task,
            started_at=local(step.started_at).isoformat() if step.started_at else None,
            finished_at=local(step.finished_at).isoformat() if step.finished_at else None,
        )
        for step in dossier.steps.select_related("actor_unit").order_by("position", "-is_lead")
    ]
    return PublicLookup(
        code=dossier.code,
        procedure=dossier.procedure_version.name,
        receiving_unit=dossier.receiving_unit.name,
        applicant=mask_name(dossier.applicant_name),
        state=dossier.state,
        state_label=str(DossierState(dossier.state).label),
        received_at=local(dossier.received_at).isoformat() if dossier.received_at else None,
        due_at=local(dossier.due_at).isoformat() if dossier.due_at else None,
        returned_at=local(dossier.returned_at).isoformat() if dossier.returned_at else None,
        current_unit=dossier.holder_unit.name if dossier.holder_unit else "",
        steps=steps,
    )


@dataclass(frozen=True)
class HistoryBreak:
    code: str
    sequence: int | None
    reason: str


def dossier_history_breaks(
    *, code: str | None = None, batch: int = 2_000
) -> tuple[int, list[HistoryBreak]]:
    """Verify the hash chain of the dossiers' events (dossiers.chain); return how many dossiers
    were checked and the first break of each broken one. For operators (manage.py
    verify_history), not for a request."""
    dossiers = Dossier.objects.order_by("pk")
    if code:
        dossiers = dossiers.filter(code=code.strip())
    checked, last = 0, 0
    breaks: list[HistoryBreak] = []
    while True:
        rows = list(dossiers.filter(pk__gt=last).values_list("pk", "code", "history_hash")[:batch])
        if not rows:
            return checked, breaks
        last = rows[-1][0]
        events: dict[int, list[DossierEvent]] = {pk: [] for pk, _code, _head in rows}
        for event in DossierEvent.objects.filter(dossier_id__in=events).order_by(
            "dossier_id", "sequence"
        ):
            events[event.dossier_id].append(event)
        for pk, number, head in rows:
            checked += 1
            broken = chain.verify(pk, head, events[pk])
            if broken is not None:
                breaks.append(HistoryBreak(number or f"#{pk}", broken.sequence, broken.reason))
