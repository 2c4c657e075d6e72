"""What the dossier page and the public lookup show, prepared for the templates: the rows of
the history with their data in words, the marks (overdue, at risk, late), the action forms.

Reads only, through `motcua.dossiers.selectors` and the dossier's own relations (the same
reads as the API's detail, motcua/api/routers/dossiers.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from motcua.accounts.models import OrgUnit, User
from motcua.accounts.selectors import officer_list_holding
from motcua.catalog.models import Channel
from motcua.catalog.selectors import fee_display, limit_display
from motcua.documents.printing import forms_available
from motcua.dossiers import selectors, services
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, DossierEvent, DossierState, PaymentMethod
from motcua.notifications.selectors import notification_list_for_dossier
from motcua.web.document_views import dossier_documents
from motcua.web.dossier_action_forms import ActionChoices, ActionForm, action_label

# The forms a dossier page offers to print (domain.md §8), by number.
FORM_TITLES = {
    1: _lazy("Receipt and appointment (form 01)"),
    2: _lazy("Request to complete the dossier (form 02)"),
    3: _lazy("Refusal at intake (form 03)"),
    4: _lazy("Apology and new appointment (form 04)"),
    5: _lazy("Notice of stopping (form 05)"),
    6: _lazy("Control slip (form 06)"),
}


def _when(value: Any) -> datetime | None:
    """Return an event's ISO time as an aware datetime (templates show it in local time)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def marks(dossier: Dossier, due: datetime | None, now: datetime) -> list[tuple[str, str]]:
    """Return the marks of a dossier as (css class, words): never colour alone (WCAG 1.4.1)."""
    found = []
    running = dossier.finished_at is None and dossier.paused_since is None
    if running and due is not None and due < now:
        found.append(("overdue", _("Overdue")))
    elif running and dossier.at_risk:
        found.append(("at-risk", _("Due soon")))
    if dossier.is_late:
        found.append(("overdue", _("Finished late")))
    if dossier.paused_since is not None:
        found.append(("paused", _("Waiting for the applicant")))
    if dossier.extended_at is not None:
        found.append(("extended", _("Extended")))
    return found


def choices(*, dossier: Dossier, actions: Iterable[str]) -> ActionChoices:
    """Load what the choice fields of `actions` offer (nothing for the other actions)."""
    wanted = set(actions)
    assignees: list[User] = []
    if Action.ASSIGN in wanted and dossier.position is not None:
        step = (
            dossier.steps.filter(position=dossier.position, finished_at__isnull=True)
            .select_related("actor_unit")
            .order_by("-is_lead", "pk")
            .first()
        )
        if step is not None:
            assignees = officer_list_holding(unit=step.actor_unit, role=step.actor_role)
    units = (
        OrgUnit.objects.filter(valid_until__isnull=True).order_by("path")
        if Action.CONSULT in wanted
        else OrgUnit.objects.none()
    )
    consultations = []
    if Action.REPLY in wanted:
        consultations = [
            (event.sequence, f"#{event.sequence}: {event.note[:80]}")
            for event in services.open_consultations(dossier)
        ]
    return ActionChoices(
        assignees=assignees, units=units, consultations=consultations, fee_vnd=dossier.fee_vnd
    )


@dataclass
class EventRow:
    """One entry of the history, its data in words."""

    event: DossierEvent
    label: str
    facts: list[tuple[str, Any]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


def _facts(event: DossierEvent, units: dict[int, str]) -> list[tuple[str, Any]]:
    data = event.data or {}
    facts: list[tuple[str, Any]] = []
    times = (
        ("intake_due_at", _("Answer due")),
        ("due_at", _("Appointment")),
        ("previous_due_at", _("Previous appointment")),
        ("paused_from", _("Waiting from")),
        ("paused_to", _("Waiting until")),
    )
    for key, label in times:
        if _when(data.get(key)) is not None:
            facts.append((label, _when(data[key])))
    if data.get("result_code"):
        facts.append((_("Result code"), data["result_code"]))
    if data.get("unit") in units:
        facts.append((_("Consulted unit"), units[data["unit"]]))
    if data.get("consultation"):
        facts.append((_("In reply to entry"), f"#{data['consultation']}"))
    if data.get("via") in Channel.values:
        facts.append((_("Handed over"), Channel(data["via"]).label))
    if data.get("tracking_number"):
        facts.append((_("Postal tracking number"), data["tracking_number"]))
    if data.get("amount"):
        facts.append((_("Amount"), fee_display(int(data["amount"]))))
    if data.get("method") in PaymentMethod.values:
        facts.append((_("Payment method"), PaymentMethod(data["method"]).label))
    if data.get("receipt_number"):
        facts.append((_("Receipt number"), data["receipt_number"]))
    if data.get("late") or data.get("step_late"):
        facts.append((_("Timing"), _("after the due time")))
    return facts


def _history(events: list[DossierEvent]) -> list[EventRow]:
    unit_ids = {e.data.get("unit") for e in events if e.action == Action.CONSULT}
    units = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    return [
        EventRow(
            event=event,
            label=action_label(event.action),
            facts=_facts(event, units),
            items=[str(item) for item in (event.data or {}).get("items", [])],
        )
        for event in events
    ]


def context(
    *,
    user: User,
    dossier: Dossier,
    bound: ActionForm | None = None,
    conflict: str = "",
    kept: ActionForm | None = None,
) -> dict[str, Any]:
    """Return the dossier page's context. `bound` is a refused action form (shown with its
    errors); after a stale revision, `kept` gives back what the officer typed (`conflict`)."""
    dossier = Dossier.objects.select_related(
        "receiving_unit", "procedure_version__procedure", "holder_unit", "holder"
    ).get(pk=dossier.pk)
    steps = list(
        dossier.steps.select_related("actor_unit", "holder").order_by("position", "-is_lead")
    )
    events = list(
        dossier.events.select_related("actor", "actor_unit", "to_unit", "to_holder").order_by(
            "sequence"
        )
    )
    actions = selectors.dossier_actions_for_user(user=user, dossier=dossier)
    offered = choices(dossier=dossier, actions=actions)
    if Action.REPLY in actions and not offered.consultations:
        # The selector offers "reply" to the consulted unit even once every question is
        # answered; there is nothing left to answer.
        actions = [action for action in actions if action != Action.REPLY]
    forms = []
    for action in actions:
        if bound is not None and bound.action == action:
            forms.append(bound)
            continue
        initial: dict[str, Any] = {"revision": dossier.revision}
        if kept is not None and kept.action == action:
            initial = {**kept.cleaned_data, "revision": dossier.revision}
        forms.append(ActionForm(action=action, choices=offered, initial=initial))
    hand_overs = [
        (row, _when(row.at), action_label(row.action))
        for row in selectors.dossier_hand_overs(dossier=dossier)
    ]
    return {
        "dossier": dossier,
        "state_label": DossierState(dossier.state).label if dossier.state else "",
        "limit": limit_display(
            value=Decimal(dossier.limit_value),
            unit=dossier.limit_unit,
            cutoff=dossier.cutoff or time(15, 0),
        ),
        "fee": fee_display(dossier.fee_vnd),
        "marks": marks(dossier, dossier.due_at or dossier.intake_due_at, timezone.now()),
        "explanation": selectors.dossier_deadline_explanation(dossier=dossier),
        "steps": steps,
        "current": {s.pk for s in steps if s.position == dossier.position and not s.finished_at},
        "history": _history(events),
        "hand_overs": hand_overs,
        "components": list(dossier.components.all()),
        "payments": list(dossier.payments.all()),
        "primary_forms": [form for form in forms if form.primary],
        "other_forms": [form for form in forms if not form.primary],
        "refused": bound if bound is not None and bound.action not in actions else None,
        "conflict": conflict,
        "printable": [(number, FORM_TITLES[number]) for number in forms_available(dossier)],
        "notifications": notification_list_for_dossier(dossier=dossier),
        "electronic": dossier_documents(dossier=dossier, user=user),
    }


@dataclass(frozen=True)
class PublicStepRow:
    unit: str
    task: str
    started_at: datetime | None
    finished_at: datetime | None
    status: str  # done, current, waiting
    status_label: str


def public_view(found: selectors.PublicLookup) -> dict[str, Any]:
    """Return the public lookup with times as datetimes and each step's status in words."""
    rows = []
    for step in found.steps:
        started, finished = _when(step.started_at), _when(step.finished_at)
        if finished is not None:
            status, label = "done", _("Done")
        elif started is not None:
            status, label = "current", _("In progress")
        else:
            status, label = "waiting", _("Not started")
        rows.append(PublicStepRow(step.unit, step.task, started, finished, status, label))
    return {
        "code": found.code,
        "procedure": found.procedure,
        "receiving_unit": found.receiving_unit,
        "applicant": found.applicant,
        "state": found.state,
        "state_label": found.state_label,
        "received_at": _when(found.received_at),
        "due_at": _when(found.due_at),
        "returned_at": _when(found.returned_at),
        "current_unit": found.current_unit,
        "steps": rows,
    }
