"""Forms of the dossier pages: the worklist search, counter intake (forms 01, 02, 03), the
public lookup. The action forms of the dossier page are in `dossier_action_forms`.

Domain errors are attached to the field they name (`attach_error`); everything the officer
typed stays in the bound form when something is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit
from motcua.accounts.validators import validate_id_number, validate_phone
from motcua.catalog.models import Channel, ProcedureVersion, RequiredDocument
from motcua.core.errors import DomainError
from motcua.dossiers.files import check_scan
from motcua.dossiers.models import ApplicantKind, PaymentMethod
from motcua.dossiers.services import Applicant, Component, PaymentData

# The three answers of the counter (NĐ 61/2018 Art. 17): exactly one of forms 01, 02, 03.
RECEIVE, RETURN, REFUSE = "receive", "return_for_completion", "refuse_at_intake"
OUTCOMES = (RECEIVE, RETURN, REFUSE)
COPY_KINDS = (
    ("originals", _("Originals")),
    ("certified_copies", _("Certified copies")),
    ("photocopies", _("Photocopies")),
)


def attach_error(
    form: forms.Form, error: DomainError, fields: dict[str, str] | None = None
) -> None:
    """Show a domain error next to the field it names (renamed by `fields`), else on the form."""
    name = (fields or {}).get(error.field or "", error.field)
    form.add_error(name if name in form.fields else None, str(error))


def lines(text: str) -> list[str]:
    """Return the non-empty lines of a textarea, stripped (one item per line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class WorklistSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search dossiers"),
        help_text=_(
            "A dossier code, the applicant's name (accents optional), an ID number or a phone."
        ),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class IntakeChoiceForm(forms.Form):
    """Step 1 of counter intake (read from GET): the receiving centre and the procedure."""

    unit = forms.ModelChoiceField(
        label=_("Receiving centre"),
        queryset=OrgUnit.objects.none(),
        to_field_name="identifier",
        empty_label=None,
    )
    procedure = forms.ChoiceField(
        label=_("Procedure"),
        help_text=_("Procedures in force with an internal process at the centre."),
    )

    def __init__(
        self,
        *args: Any,
        units: Sequence[OrgUnit],
        offers: dict[int, list[ProcedureVersion]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.offers = offers
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101 -- declared above
        unit_field.queryset = OrgUnit.objects.filter(pk__in=[unit.pk for unit in units])
        choices: dict[str, str] = {}
        for versions in offers.values():
            for version in versions:
                code = version.procedure.code
                choices[code] = f"{code}: {_truncate(version.name, 140)}"
        procedure_field = self.fields["procedure"]
        assert isinstance(procedure_field, forms.ChoiceField)  # noqa: S101 -- declared above
        procedure_field.choices = [("", _("Choose a procedure")), *choices.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, code = data.get("unit"), data.get("procedure")
        if unit is not None and code:
            version = next(
                (v for v in self.offers.get(unit.pk, []) if v.procedure.code == code), None
            )
            if version is None:
                self.add_error(
                    "procedure",
                    _("This procedure has no internal process in force at %(unit)s.")
                    % {"unit": unit.name},
                )
            data["version"] = version
        return data


def _truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class IntakeForm(forms.Form):
    """Step 2 of counter intake: applicant, checklist, return method and the outcome."""

    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    applicant_kind = forms.ChoiceField(
        label=_("The applicant is"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Full name or organisation name"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    id_number = forms.CharField(
        label=_("ID number (individual)"),
        help_text=_("12 digits, on the citizen identity card (CCCD)."),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    enterprise_code = forms.CharField(
        label=_("Enterprise code (organisation)"), required=False, max_length=20
    )
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=15,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    return_method = forms.ChoiceField(
        label=_("How the result is returned"),
        choices=Channel.choices,
        initial=Channel.COUNTER,
        widget=forms.RadioSelect,
    )
    return_address = forms.CharField(
        label=_("Address for the result (by post)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    payment_method = forms.ChoiceField(
        label=_("Fee paid now"),
        choices=[("", _("Not paid now (or no fee)")), *PaymentMethod.choices],
        required=False,
    )
    payment_amount = forms.IntegerField(
        label=_("Amount paid (VND)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    receipt_number = forms.CharField(label=_("Receipt number"), required=False, max_length=50)
    confirm_not_applicable = forms.BooleanField(
        label=_("The documents left unchecked do not apply to this applicant."),
        required=False,
    )
    missing_items = forms.CharField(
        label=_("What is missing or incorrect (form 02), one item per line"),
        help_text=_("Left empty, the unchecked documents are listed."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Reasons (form 03) or guidance for the applicant (form 02)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        documents: Sequence[RequiredDocument],
        outcome: str | None = None,
        fee_vnd: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payment_amount"].initial = fee_vnd or None
        self.documents = list(documents)
        self.outcome = outcome
        for document in self.documents:
            prefix = f"doc_{document.position}"
            self.fields[prefix] = forms.BooleanField(label=document.name, required=False)
            for kind, label in COPY_KINDS:
                self.fields[f"{prefix}_{kind}"] = forms.IntegerField(
                    label=label,
                    required=False,  # empty reads as none received
                    min_value=0,
                    max_value=99,
                    initial=getattr(document, kind),
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count"}),
                )
            self.fields[f"{prefix}_scan"] = forms.FileField(
                label=_("Scan"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "application/pdf,image/jpeg,image/png"}
                ),
            )

    def checklist(
        self,
    ) -> list[tuple[RequiredDocument, forms.BoundField, list[forms.BoundField], forms.BoundField]]:
        """Return each required document with its "received" box, three counts and its scan."""
        rows = []
        for document in self.documents:
            prefix = f"doc_{document.position}"
            counts = [self[f"{prefix}_{kind}"] for kind, _label in COPY_KINDS]
            rows.append((document, self[prefix], counts, self[f"{prefix}_scan"]))
        return rows

    def _received(self, document: RequiredDocument) -> bool:
        return bool(self.cleaned_data.get(f"doc_{document.position}"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.outcome not in OUTCOMES:
            raise ValidationError(_("Choose an outcome: receive, return for completion or refuse."))
        kind = data.get("applicant_kind")
        if kind == ApplicantKind.INDIVIDUAL:
            number = (data.get("id_number") or "").strip()
            if not number:
                self.add_error("id_number", _("An individual needs a 12-digit ID number."))
            else:
                try:
                    validate_id_number(number)
                except ValidationError as error:
                    self.add_error("id_number", error)
        elif kind == ApplicantKind.ORGANISATION and not (data.get("enterprise_code") or "").strip():
            self.add_error("enterprise_code", _("An organisation needs its enterprise code."))
        if (
            data.get("return_method") == Channel.POSTAL
            and not data.get("return_address", "").strip()
        ):
            self.add_error("return_address", _("A result sent by post needs an address."))
        for document in self.documents:
            prefix = f"doc_{document.position}"
            counts = [data.get(f"{prefix}_{kind}") or 0 for kind, _label in COPY_KINDS]
            if data.get(prefix) and not any(counts):
                self.add_error(prefix, _("Give how many copies of this document were received."))
        unchecked = self.unchecked()
        if self.outcome == RECEIVE and unchecked and not data.get("confirm_not_applicable"):
            self.add_error(
                "confirm_not_applicable",
                _(
                    "Some documents are not checked: confirm that they do not apply, or return "
                    "the dossier for completion (form 02)."
                ),
            )
        method = data.get("payment_method")
        if method and not data.get("payment_amount"):
            self.add_error("payment_amount", _("Give the amount paid."))
        if method and not (data.get("receipt_number") or "").strip():
            self.add_error("receipt_number", _("Give the receipt number."))
        for document in self.documents:
            scan = data.get(f"doc_{document.position}_scan")
            if scan:
                try:
                    check_scan(scan)
                except DomainError as error:
                    self.add_error(f"doc_{document.position}_scan", str(error))
        if self.outcome == RETURN and not self.missing():
            self.add_error("missing_items", _("List what is missing or incorrect."))
        if self.outcome == REFUSE and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reasons for the refusal."))
        return data

    def unchecked(self) -> list[str]:
        """Return the names of the required documents not checked as received."""
        return [doc.name for doc in self.documents if not self._received(doc)]

    def missing(self) -> list[str]:
        """Return what form 02 lists: the typed lines, else the unchecked documents."""
        return lines(self.cleaned_data.get("missing_items", "")) or self.unchecked()

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        organisation = data["applicant_kind"] == ApplicantKind.ORGANISATION
        return Applicant(
            kind=data["applicant_kind"],
            name=data["name"],
            id_number="" if organisation else data["id_number"].strip(),
            enterprise_code=data["enterprise_code"].strip() if organisation else "",
            address=data["address"],
            phone=data["phone"],
            email=data["email"],
        )

    def components(self) -> tuple[Component, ...]:
        """Return the documents checked as received, with their counts."""
        data = self.cleaned_data
        return tuple(
            Component(
                name=document.name,
                required_position=document.position,
                originals=data.get(f"doc_{document.position}_originals") or 0,
                certified_copies=data.get(f"doc_{document.position}_certified_copies") or 0,
                photocopies=data.get(f"doc_{document.position}_photocopies") or 0,
                file=data.get(f"doc_{document.position}_scan") or None,
            )
            for document in self.documents
            if self._received(document)
        )

    def payment(self) -> PaymentData | None:
        """Return the fee paid at the counter, if the officer recorded one."""
        data = self.cleaned_data
        if not data.get("payment_method"):
            return None
        return PaymentData(
            amount_vnd=data["payment_amount"],
            method=data["payment_method"],
            receipt_number=data["receipt_number"].strip(),
        )

    def attach(self, error: DomainError) -> None:
        attach_error(self, error, {"items": "missing_items"})


class LookupForm(forms.Form):
    """The public lookup by dossier code (`?ma=`: the QR of form 01 points there)."""

    ma = forms.CharField(
        label=_("Dossier code"),
        help_text=_("As printed on the receipt (form 01), e.g. 000.01.31.H13-260305-0001."),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
