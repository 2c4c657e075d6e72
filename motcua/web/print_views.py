"""Printing and files: forms 01-06 of a dossier, the register (form 07) of a unit, scans.

Thin: the dossier is loaded through `dossier_get_for_user` (404 for missing and not-yours), the
PDF built by `motcua.documents.printing` (docs/dossiers.md, docs/forms.md).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from motcua.accounts.models import OrgUnit, OrgUnitKind, User
from motcua.accounts.selectors import org_unit_list_for_user
from motcua.core.errors import DomainError, NotFoundError
from motcua.core.time import today
from motcua.documents import printing
from motcua.dossiers import selectors
from motcua.dossiers.files import content_type_of


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_safe
def dossier_form(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Form `number` of a dossier as PDF, for printing (the QR of form 01 leads to the lookup)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 -- login_required guarantees it
    try:
        dossier = selectors.dossier_get_for_user(user=user, pk=pk)
        lookup = request.build_absolute_uri(
            f"{reverse('web:lookup')}?{urlencode({'ma': dossier.code})}"
        )
        content = printing.dossier_form_pdf(dossier=dossier, number=number, lookup_url=lookup)
    except NotFoundError as error:
        raise Http404(str(error)) from None
    return _pdf(content, f"{dossier.code or dossier.pk}-{printing.NAMES[number]}.pdf")


class RegisterForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_lazy("Receiving unit"))
    start = forms.DateField(label=_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 -- declared above
        field.queryset = org_unit_list_for_user(user=user).filter(kind=OrgUnitKind.ONE_STOP_CENTRE)


@login_required
@require_safe
def register(request: HttpRequest) -> HttpResponse:
    """The register of dossiers (form 07) of a receiving unit for a period: a form, then PDF."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 -- login_required guarantees it
    day = today()
    form = RegisterForm(
        request.GET or None,
        user=user,
        initial={"start": day.replace(day=1), "end": day},
    )
    if form.is_bound and form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            content = printing.register_pdf(
                unit=unit, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            name = f"so-theo-doi-{unit.identifier}-{form.cleaned_data['start']:%Y%m%d}.pdf"
            return _pdf(content, name)
    return render(
        request,
        "web/dossiers/register.html",
        {"form": form, "title": _("Register of dossiers (form 07)")},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_safe
def dossier_scan(request: HttpRequest, pk: int, component: int) -> FileResponse:
    """A component's scan, to those who may see the dossier (never a public media URL: scans
    carry personal data)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 -- login_required guarantees it
    try:
        dossier = selectors.dossier_get_for_user(user=user, pk=pk)
    except NotFoundError as error:
        raise Http404(str(error)) from None
    found = dossier.components.filter(pk=component).exclude(file="").first()
    if found is None:
        raise Http404(_("This scan does not exist."))
    content_type = content_type_of(found.file) or "application/octet-stream"
    return FileResponse(found.file.open("rb"), content_type=content_type)
