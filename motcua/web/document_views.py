"""Pages for electronic results and digitised documents (docs/signatures.md).

- `verify`: public (no login): a result by its code (the QR printed on it) or an uploaded PDF.
- `result_file`, `digitised_file`: the PDFs, to those who may see the dossier.
- `result_revoke`: a leader or clerk of the issuing agency revokes a result with a reason.
- `dossier_digitise`: the counter's scan page: files (PDF, JPEG, PNG) into one PDF per
  component, with the metadata for reuse; or reuse a document of the same holder.
Thin: they parse input, call one service or selector, render.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFoundError
from motcua.documents import selectors, services
from motcua.documents.models import DigitisationRecord, Source
from motcua.documents.services import DIGITISING_SOURCES
from motcua.documents.signing.verification import Verdict
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier

# Uploaded files for verification: a result is about 150 kB; 20 MB covers any signed PDF.
MAX_VERIFY_BYTES = 20 * 1024 * 1024

VERDICT_TEXT = {
    Verdict.VALID: gettext_lazy(
        "The signature is valid: the document is intact and was signed by a trusted agency."
    ),
    Verdict.REVOKED: gettext_lazy(
        "The document is intact, but the issuing agency has revoked this result."
    ),
    Verdict.MODIFIED: gettext_lazy(
        "The document was changed after it was signed: do not rely on it."
    ),
    Verdict.UNTRUSTED: gettext_lazy(
        "The document is intact, but its signer is not among the trusted certificate authorities."
    ),
    Verdict.UNSIGNED: gettext_lazy("The document carries no digital signature."),
    Verdict.INVALID: gettext_lazy("This file is not a readable PDF document."),
}


def verify_url(request: HttpRequest, code: str) -> str:
    """Return the public verification address of a result (printed as QR on it)."""
    return request.build_absolute_uri(f"{reverse('web:verify_result')}?{urlencode({'ma': code})}")


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def _dossier(user: User, pk: int) -> Dossier:
    try:
        return dossier_selectors.dossier_get_for_user(user=user, pk=pk)
    except NotFoundError:
        raise Http404(_("This dossier does not exist or is not yours to see.")) from None


class CodeForm(forms.Form):
    ma = forms.CharField(label=gettext_lazy("Result code"), max_length=50)


class VerifyFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("PDF file"),
        help_text=gettext_lazy("The signed PDF you received (at most 20 MB)."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Public verification of a result by code (GET ?ma=) or by uploading the file (POST)."""
    code_form = CodeForm(request.GET if "ma" in request.GET else None)
    file_form = VerifyFileForm(request.POST or None, request.FILES or None)
    verification = None
    not_found = False
    status = 200
    if request.method == "POST":
        if file_form.is_valid():
            upload = file_form.cleaned_data["file"]
            if upload.size > MAX_VERIFY_BYTES:
                file_form.add_error("file", _("The file is larger than 20 MB."))
                status = 400
            else:
                verification = selectors.result_verify_file(content=upload.read())
        else:
            status = 400
    elif code_form.is_bound and code_form.is_valid():
        try:
            verification = selectors.result_verify_code(code=code_form.cleaned_data["ma"])
        except NotFoundError:
            not_found, status = True, 404
    context: dict[str, Any] = {
        "code_form": code_form,
        "file_form": file_form,
        "verification": verification,
        "verdict_text": VERDICT_TEXT[verification.verdict] if verification else "",
        "not_found": not_found,
    }
    return render(request, "web/documents/verify.html", context, status=status)


@login_required
@require_safe
def result_file(request: HttpRequest, pk: int, result: int) -> FileResponse:
    """The signed PDF of a result, to those who may see its dossier."""
    dossier = _dossier(_user(request), pk)
    found = dossier.results.filter(pk=result).first()
    if found is None:
        raise Http404(_("This result does not exist."))
    response = FileResponse(found.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.code}.pdf"'
    return response


@login_required
@require_safe
def digitised_file(request: HttpRequest, pk: int, record: int) -> FileResponse:
    """A digitised document of a dossier (never a public media URL: personal data)."""
    dossier = _dossier(_user(request), pk)
    found = dossier.digitisations.filter(pk=record).first()
    if found is None:
        raise Http404(_("This document does not exist."))
    return FileResponse(found.file.open("rb"), content_type="application/pdf")


@login_required
@require_POST
def result_revoke(request: HttpRequest, pk: int, result: int) -> HttpResponse:
    """Revoke a result with the reason typed on the dossier page."""
    user = _user(request)
    dossier = _dossier(user, pk)
    found = dossier.results.filter(pk=result).first()
    if found is None:
        raise Http404(_("This result does not exist."))
    try:
        services.result_revoke(actor=user, result=found, reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Result %(code)s is revoked.") % {"code": found.code})
    return redirect("web:dossier_detail", pk=pk)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class DigitiseForm(forms.Form):
    scans = MultipleFileField(
        label=gettext_lazy("Scanned pages"),
        help_text=gettext_lazy(
            "PDF, JPEG or PNG files, in page order; they are joined into one PDF "
            "(at most 20 MB a file, 200 pages)."
        ),
    )
    component = forms.TypedChoiceField(label=gettext_lazy("Document"), coerce=int)
    source = forms.ChoiceField(
        label=gettext_lazy("Source"),
        choices=[(s.value, s.label) for s in DIGITISING_SOURCES],
        initial=Source.SCANNED,
    )
    document_type = forms.CharField(label=gettext_lazy("Document type"), max_length=255)
    issuer = forms.CharField(label=gettext_lazy("Issued by"), max_length=255, required=False)
    number = forms.CharField(label=gettext_lazy("Document number"), max_length=100, required=False)
    document_date = forms.DateField(
        label=gettext_lazy("Document date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    holder_id_number = forms.CharField(
        label=gettext_lazy("Holder's ID"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Empty: the applicant's ID number."),
    )

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["component"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 -- declared above
        field.choices = [(c.pk, c.name) for c in dossier.components.all()]


class ReuseForm(forms.Form):
    component = forms.TypedChoiceField(label=gettext_lazy("Document"), coerce=int)
    record = forms.TypedChoiceField(label=gettext_lazy("Earlier document"), coerce=int)

    def __init__(
        self, *args: Any, dossier: Dossier, reusable: list[DigitisationRecord], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        component = self.fields["component"]
        record = self.fields["record"]
        assert isinstance(component, forms.TypedChoiceField)  # noqa: S101
        assert isinstance(record, forms.TypedChoiceField)  # noqa: S101
        component.choices = [(c.pk, c.name) for c in dossier.components.all()]
        record.choices = [
            (r.pk, f"{r.document_type} · {r.dossier} · {r.digitised_at:%d/%m/%Y}") for r in reusable
        ]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def dossier_digitise(request: HttpRequest, pk: int) -> HttpResponse:
    """The scan page: make one PDF of the files for a component, or reuse an earlier one."""
    user = _user(request)
    dossier = _dossier(user, pk)
    reusable = selectors.digitisation_list_reusable(dossier=dossier)
    reusing = request.method == "POST" and request.POST.get("reuse") == "1"
    form = DigitiseForm(
        request.POST if request.method == "POST" and not reusing else None,
        request.FILES if request.method == "POST" and not reusing else None,
        dossier=dossier,
    )
    reuse_form = ReuseForm(request.POST if reusing else None, dossier=dossier, reusable=reusable)
    status = 200
    bound = reuse_form if reusing else form
    if request.method == "POST":
        status = 400
        if bound.is_valid():
            data = bound.cleaned_data
            try:
                if reusing:
                    record = next(r for r in reusable if r.pk == data["record"])
                    services.component_reuse(
                        actor=user, dossier=dossier, component=data["component"], record=record
                    )
                else:
                    services.component_digitise(
                        actor=user,
                        dossier=dossier,
                        component=data["component"],
                        files=data["scans"],
                        source=data["source"],
                        metadata=services.DocumentMetadata(
                            document_type=data["document_type"],
                            issuer=data["issuer"],
                            number=data["number"],
                            document_date=data["document_date"],
                            holder_id_number=data["holder_id_number"],
                        ),
                    )
            except DomainError as error:
                field = "scans" if error.field == "files" and not reusing else error.field
                field = field if field in bound.fields else None
                bound.add_error(field, str(error))
                status = error.status
            else:
                messages.success(request, _("The document is digitised."))
                return redirect("web:dossier_detail", pk=pk)
    context = {
        "dossier": dossier,
        "form": form,
        "reuse_form": reuse_form,
        "reusable": reusable,
        "records": selectors.digitisation_list_for_dossier(dossier=dossier),
    }
    return render(request, "web/documents/digitise.html", context, status=status)


def dossier_documents(*, dossier: Dossier, user: User) -> dict[str, Any]:
    """The results and digitised documents shown on the dossier page, each with its check."""
    from motcua.documents import policies

    results = selectors.result_list_for_dossier(dossier=dossier)
    return {
        "results": [(r, policies.can_revoke_result(user, r)) for r in results],
        "records": [
            (r, VERDICT_TEXT.get(Verdict(r.signatures["verdict"])) if r.signatures else "")
            for r in selectors.digitisation_list_for_dossier(dossier=dossier)
        ],
        "can_digitise": policies.can_digitise_dossier(user, dossier),
    }
