"""The action forms of the dossier page: one small form per action the officer may take now.

Each action reads the fields of `services.ActionInput` it needs (`ACTION_FIELDS`); the form
gives them to `services.dossier_act`, the same call the API makes. Labels of actions are here
(the web layer's words; the event codes stay English in the data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit, User
from motcua.catalog.models import Channel
from motcua.core.errors import DomainError
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import PaymentMethod
from motcua.dossiers.services import ActionInput
from motcua.web.dossier_forms import attach_error, lines

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise  # django-stubs: a lazy translation

A = Action
ACTION_LABELS: dict[str, _StrPromise] = {
    A.SUBMIT: _("Submitted online or by post"),
    A.RECEIVE: _("Receive (form 01)"),
    A.RETURN_FOR_COMPLETION: _("Return for completion (form 02)"),
    A.REFUSE_AT_INTAKE: _("Refuse at intake (form 03)"),
    A.FORWARD: _("Forward to the handling agency"),
    A.ASSIGN: _("Assign a handler"),
    A.TAKE: _("Take the dossier"),
    A.COMPLETE_STEP: _("Complete the step"),
    A.APPROVE: _("Approve"),
    A.SIGN: _("Sign"),
    A.ISSUE_RESULT: _("Issue the result"),
    A.SEND_BACK: _("Send back to the previous step"),
    A.CONSULT: _("Consult another unit"),
    A.REPLY: _("Answer a consultation"),
    A.REQUEST_SUPPLEMENT: _("Request a supplement (form 02)"),
    A.COMPLETE_SUPPLEMENT: _("Supplement received"),
    A.REFUSE: _("Refuse"),
    A.STOP: _("Stop processing (form 05)"),
    A.WITHDRAW: _("Withdrawn by the applicant"),
    A.REQUEST_EXTENSION: _("Apologise and extend (form 04)"),
    A.RETURN_RESULT: _("Return the result"),
    A.RECORD_POSTAL_DISPATCH: _("Send the result by post"),
    A.RECORD_PAYMENT: _("Record a payment"),
}

ACTION_HELP: dict[str, _StrPromise] = {
    A.RECEIVE: _("The dossier is complete: issue the code, the receipt and the appointment."),
    A.FORWARD: _(
        "Hand the dossier to the handling agency: the same working day, or at the next "
        "opening if received after 15:00."
    ),
    A.ASSIGN: _("Name the officer who handles the current step."),
    A.TAKE: _("You become the holder of the current step."),
    A.ISSUE_RESULT: _("Number and seal the result; it goes to the one-stop unit for return."),
    A.REQUEST_SUPPLEMENT: _(
        "At the latest 3 working days after receipt; the time limit restarts when the "
        "complete dossier arrives."
    ),
    A.REQUEST_EXTENSION: _(
        "Once only, at the latest one working day before the appointment; finishing after "
        "the legal due time is still late."
    ),
    A.COMPLETE_SUPPLEMENT: _("The missing items arrived: the time limit restarts from today."),
}

# The actions that move the dossier along its path; the others are under "Other actions".
PRIMARY = frozenset(
    {
        A.RECEIVE,
        A.FORWARD,
        A.TAKE,
        A.COMPLETE_STEP,
        A.APPROVE,
        A.SIGN,
        A.ISSUE_RESULT,
        A.REPLY,
        A.COMPLETE_SUPPLEMENT,
        A.RETURN_RESULT,
        A.RECORD_POSTAL_DISPATCH,
    }
)

ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    A.RECEIVE: ("note",),
    A.RETURN_FOR_COMPLETION: ("items", "reason"),
    A.REFUSE_AT_INTAKE: ("reason",),
    A.FORWARD: ("note",),
    A.ASSIGN: ("assignee",),
    A.TAKE: (),
    A.COMPLETE_STEP: ("note",),
    A.APPROVE: ("note",),
    A.SIGN: ("note",),
    A.ISSUE_RESULT: ("note",),
    A.SEND_BACK: ("reason",),
    A.CONSULT: ("unit_id", "note"),
    A.REPLY: ("consultation", "note"),
    A.REQUEST_SUPPLEMENT: ("items", "reason"),
    A.COMPLETE_SUPPLEMENT: ("note",),
    A.REFUSE: ("reason",),
    A.STOP: ("reason",),
    A.WITHDRAW: ("reason",),
    A.REQUEST_EXTENSION: ("new_due_at", "reason"),
    A.RETURN_RESULT: ("via", "note"),
    A.RECORD_POSTAL_DISPATCH: ("tracking_number",),
    A.RECORD_PAYMENT: ("amount_vnd", "method", "receipt_number"),
}

# Actions whose reason is required (the services refuse an empty one too).
REASON_REQUIRED = frozenset(
    {A.REFUSE_AT_INTAKE, A.SEND_BACK, A.REFUSE, A.STOP, A.REQUEST_EXTENSION}
)
REASON_LABELS: dict[str, _StrPromise] = {
    A.REFUSE_AT_INTAKE: _("Reasons for the refusal"),
    A.REFUSE: _("Reasons for the refusal"),
    A.SEND_BACK: _("Why the dossier goes back"),
    A.STOP: _("Reason for stopping"),
    A.REQUEST_EXTENSION: _("Reason for the delay"),
    A.WITHDRAW: _("Note (optional)"),
}
NOTE_LABELS: dict[str, _StrPromise] = {
    A.CONSULT: _("Question for the consulted unit"),
    A.REPLY: _("Answer"),
}
# Fields the services name differently from the form.
SERVICE_FIELDS = {"question": "note", "answer": "note"}


def action_label(action: str) -> str:
    """Return the label of an action (event code), the code itself when it is unknown."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


@dataclass(frozen=True)
class ActionChoices:
    """What the choice fields offer on this dossier (loaded only for the actions shown)."""

    assignees: list[User] = field(default_factory=list)
    units: Any = None  # a queryset of OrgUnit for consultation
    consultations: list[tuple[int, str]] = field(default_factory=list)
    fee_vnd: int = 0


def _field(action: str, name: str, choices: ActionChoices) -> forms.Field:
    textarea = forms.Textarea(attrs={"rows": 2})
    if name == "note":
        required = action in NOTE_LABELS
        return forms.CharField(
            label=NOTE_LABELS.get(action, _("Note (optional)")), required=required, widget=textarea
        )
    if name == "reason":
        required = action in REASON_REQUIRED
        label = REASON_LABELS.get(action, _("Reason and guidance (optional)"))
        return forms.CharField(label=label, required=required, widget=textarea)
    if name == "items":
        return forms.CharField(
            label=_("Missing or incorrect documents, one per line"),
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    if name == "assignee":
        return forms.TypedChoiceField(
            label=_("Officer"),
            coerce=int,
            choices=[("", _("Choose an officer"))]
            + [(user.pk, str(user)) for user in choices.assignees],
        )
    if name == "new_due_at":
        return forms.DateTimeField(
            label=_("New appointment"),
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        )
    if name == "unit_id":
        return forms.ModelChoiceField(label=_("Unit to consult"), queryset=choices.units)
    if name == "consultation":
        return forms.TypedChoiceField(
            label=_("Consultation"), coerce=int, choices=choices.consultations
        )
    if name == "via":
        return forms.ChoiceField(
            label=_("Handed over"),
            choices=[
                (Channel.COUNTER, Channel.COUNTER.label),
                (Channel.ONLINE, Channel.ONLINE.label),
            ],
            initial=Channel.COUNTER,
        )
    if name == "tracking_number":
        return forms.CharField(label=_("Postal tracking number"), max_length=50)
    if name == "amount_vnd":
        return forms.IntegerField(
            label=_("Amount (VND)"), min_value=1, initial=choices.fee_vnd or None
        )
    if name == "method":
        return forms.ChoiceField(label=_("Payment method"), choices=PaymentMethod.choices)
    if name == "receipt_number":
        return forms.CharField(label=_("Receipt number"), max_length=50)
    raise KeyError(name)


class ActionForm(forms.Form):
    """The form of one action; its prefix is the action, so that ids stay unique on the page."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self, *args: Any, action: str, choices: ActionChoices | None = None, **kwargs: Any
    ) -> None:
        kwargs["prefix"] = action
        super().__init__(*args, **kwargs)
        self.action = action
        self.label = action_label(action)
        self.help = ACTION_HELP.get(action, "")
        self.primary = action in PRIMARY
        self.assignees = {user.pk: user for user in (choices or ActionChoices()).assignees}
        for name in ACTION_FIELDS.get(action, ()):
            self.fields[name] = _field(action, name, choices or ActionChoices())

    def given(self) -> ActionInput:
        """Return the cleaned input in the shape `services.dossier_act` takes."""
        data = self.cleaned_data
        unit = data.get("unit_id")
        due: datetime | None = data.get("new_due_at")
        return ActionInput(
            revision=data["revision"],
            note=data.get("note", ""),
            reason=data.get("reason", ""),
            items=lines(data.get("items", "")),
            assignee=self.assignees.get(data["assignee"]) if data.get("assignee") else None,
            new_due_at=due,
            unit_id=unit.pk if isinstance(unit, OrgUnit) else None,
            consultation=data.get("consultation"),
            via=data.get("via") or Channel.COUNTER,
            tracking_number=data.get("tracking_number", ""),
            amount_vnd=data.get("amount_vnd") or 0,
            method=data.get("method", ""),
            receipt_number=data.get("receipt_number", ""),
        )

    def attach(self, error: DomainError) -> None:
        attach_error(self, error, SERVICE_FIELDS)
