"""Forms of the web pages; domain errors are attached to the field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class DeadlineForm(forms.Form):
    start = forms.CharField(
        label=_("Received at"),
        help_text=_("Date and time, e.g. 2026-03-05T09:00"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    value = forms.IntegerField(label=_("Time limit"), min_value=0, max_value=3650, initial=3)
    unit_of_time = forms.ChoiceField(
        label=_("Unit of time"),
        choices=[
            ("working_days", _("working days")),
            ("working_hours", _("working hours")),
            ("calendar_days", _("calendar days")),
            ("same_day", _("same day (cut-off)")),
        ],
    )
    cutoff = forms.TimeField(label=_("Same-day cut-off"), initial="15:00", required=False)
    unit = forms.ModelChoiceField(
        label=_("Receiving unit (its office hours and local days off)"),
        queryset=OrgUnit.objects.filter(valid_until__isnull=True).order_by("path"),
        required=False,
        to_field_name="identifier",
        empty_label=_("Default calendar"),
    )
