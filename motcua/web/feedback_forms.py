"""Forms of the feedback pages: sending (portal and staff entry), the officers' actions, the
reader's reaction and the sender's reopening. Domain errors are attached to the field named."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.feedback.files import MAX_PHOTOS
from motcua.feedback.lifecycle import Action
from motcua.feedback.models import FeedbackCategory, FeedbackChannel


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class FeedbackForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=FeedbackCategory.objects.filter(active=True).order_by("group", "name"),
        empty_label=_("Choose a category"),
        to_field_name="code",
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}))
    address = forms.CharField(
        label=_("Place (optional)"),
        max_length=255,
        required=False,
        help_text=_("Where the problem is: street, group, ward."),
    )
    lat = forms.DecimalField(
        label=_("Latitude (optional)"), max_digits=9, decimal_places=6, required=False
    )
    long = forms.DecimalField(
        label=_("Longitude (optional)"), max_digits=9, decimal_places=6, required=False
    )
    dossier_code = forms.CharField(
        label=_("Dossier code (optional)"),
        max_length=40,
        required=False,
        help_text=_("If it is about a dossier: the code on the receipt."),
    )
    photos = MultipleFileField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("Up to %(count)s JPEG or PNG photos, 5 MB each.") % {"count": MAX_PHOTOS},
    )
    sender_name = forms.CharField(label=_("Your full name"), max_length=255)
    sender_address = forms.CharField(label=_("Your address"), max_length=255, required=False)
    sender_phone = forms.CharField(label=_("Phone"), max_length=15, required=False)
    sender_email = forms.EmailField(label=_("E-mail"), required=False)


class StaffFeedbackForm(FeedbackForm):
    """The form staff fill for feedback received by phone, letter or e-mail."""

    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[
            (FeedbackChannel.PHONE, FeedbackChannel.PHONE.label),
            (FeedbackChannel.LETTER, FeedbackChannel.LETTER.label),
            (FeedbackChannel.EMAIL, FeedbackChannel.EMAIL.label),
        ],
    )
    sender_name = forms.CharField(label=_("Sender's full name"), max_length=255)
    sender_address = forms.CharField(label=_("Sender's address"), max_length=255, required=False)


class WorklistForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)


class AnswerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the answers"),
        required=False,
        help_text=_("Accents do not matter: “nuoc thai” finds “nước thải”."),
    )


ACTION_LABELS = {
    Action.CLASSIFY: _("Classify"),
    Action.START_HANDLING: _("Start handling"),
    Action.REQUEST_INFORMATION: _("Ask the sender for more information"),
    Action.PROVIDE_INFORMATION: _("Record the information received"),
    Action.FORWARD: _("Forward to the competent agency"),
    Action.REJECT: _("Reject"),
    Action.ANSWER: _("Save the answer for publication"),
    Action.RETURN_ANSWER: _("Send the answer back for revision"),
    Action.PUBLISH: _("Publish the answer"),
}
# What the history shows for each event.
EVENT_LABELS = {
    **ACTION_LABELS,
    Action.RECEIVE: _("Received"),
    Action.ANSWER: _("Answer written"),
    Action.PUBLISH: _("Answer published"),
    Action.REOPEN: _("Reopened by the sender"),
}
PRIMARY = frozenset({Action.CLASSIFY, Action.START_HANDLING, Action.ANSWER, Action.PUBLISH})


class ActionForm(forms.Form):
    """One officer action; fields appear as the action needs them."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        self.label = ACTION_LABELS[action]
        self.primary = action in PRIMARY
        if action is Action.CLASSIFY:
            self.fields["category"] = forms.ModelChoiceField(
                label=_("Category"),
                queryset=FeedbackCategory.objects.filter(active=True).order_by("group", "name"),
                to_field_name="code",
                required=False,
                help_text=_(
                    "Change it if the sender chose wrongly: the feedback moves to the "
                    "unit responsible for that category."
                ),
            )
        if action is Action.FORWARD:
            self.fields["forwarded_to"] = forms.CharField(label=_("Competent agency"))
        if action is Action.ANSWER:
            self.fields["answer"] = forms.CharField(
                label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6})
            )
        note_labels = {
            Action.REJECT: _("Reason"),
            Action.REQUEST_INFORMATION: _("Information needed"),
            Action.PROVIDE_INFORMATION: _("Information received"),
            Action.RETURN_ANSWER: _("What must change"),
            Action.FORWARD: _("Note (optional)"),
        }
        if action in note_labels:
            self.fields["note"] = forms.CharField(
                label=note_labels[action],
                required=action is not Action.FORWARD,
                widget=forms.Textarea(attrs={"rows": 3}),
            )


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why are you not satisfied with the answer?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
