"""Forms of the citizen portal pages (sign-up, profile, an application, a supplement)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit
from motcua.catalog.models import Channel
from motcua.dossiers.models import RatingCriterion, RatingLevel


class SignUpForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=255, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    id_number = forms.CharField(
        label=_("Personal ID number (CCCD)"),
        help_text=_("12 digits, as on your citizen ID card"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("An e-mail address or a phone number: the verification code goes there"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=15,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    password = forms.CharField(
        label=_("Password"),
        help_text=_("At least 8 characters, not only digits, not a common password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("The 6 digits we sent you"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=255)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=15)


RETURN_CHOICES = [
    (Channel.ONLINE, _("Online: download the electronic result here")),
    (Channel.COUNTER, _("At the counter where I submit")),
    (Channel.POSTAL, _("By post to my address")),
]


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A unit by its name alone: what a citizen reads (no identifier)."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


class DraftDetailsForm(forms.Form):
    receiving_unit = UnitChoiceField(
        label=_("Submit at"),
        queryset=OrgUnit.objects.none(),
        empty_label=_("Choose a service centre"),
        required=False,
    )
    applicant_address = forms.CharField(
        label=_("Your address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    applicant_phone = forms.CharField(label=_("Phone number"), required=False, max_length=15)
    applicant_email = forms.EmailField(label=_("E-mail address"), required=False)
    return_method = forms.ChoiceField(
        label=_("How you get the result"), choices=RETURN_CHOICES, widget=forms.RadioSelect
    )
    return_address = forms.CharField(
        label=_("Address for the result (by post)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["receiving_unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 -- declared above
        field.queryset = OrgUnit.objects.filter(pk__in=[unit.pk for unit in units]).order_by("name")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 20 MB)"))


class StoreUploadForm(forms.Form):
    name = forms.CharField(
        label=_("What the document is"),
        help_text=_("Its name as procedures ask for it, e.g. the citizen ID card"),
        max_length=1000,
    )
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 20 MB)"))


class SubmitForm(forms.Form):
    declared = forms.BooleanField(
        label=_("I declare that the information and documents I give are true."),
        required=True,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you withdraw (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RatingForm(forms.Form):
    """The three-level rating, overall and per criterion (domain.md §10)."""

    overall = forms.ChoiceField(
        label=_("Overall, how satisfied are you with the service?"),
        choices=RatingLevel.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in RatingCriterion:
            self.fields[f"criterion_{criterion.value}"] = forms.ChoiceField(
                label=criterion.label,
                choices=RatingLevel.choices,
                widget=forms.RadioSelect,
                required=False,
            )

    def criteria(self) -> dict[str, str]:
        return {
            criterion.value: self.cleaned_data[f"criterion_{criterion.value}"]
            for criterion in RatingCriterion
            if self.cleaned_data.get(f"criterion_{criterion.value}")
        }


class KioskCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Dossier code"),
        help_text=_("As printed on your receipt, or scan its QR code"),
        max_length=40,
    )
