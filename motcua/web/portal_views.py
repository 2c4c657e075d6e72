"""The citizen portal: sign up, apply online, follow one's dossiers, hand in a supplement,
withdraw, keep documents for reuse (docs/portal.md).

Thin views (style.md): drafts, stored documents and dossiers are loaded through the portal's
and the dossiers' access functions, which answer "not found" for what is not the citizen's;
every change is one portal service.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from motcua.accounts.models import User
from motcua.catalog.selectors import fee_display, procedure_get_by_code, term_limit_display
from motcua.core.errors import DomainError, NotFoundError
from motcua.core.time import local
from motcua.documents.signing.verification import Verdict
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers import services as dossier_services
from motcua.dossiers.files import content_type_of
from motcua.notifications.selectors import notification_list_for_dossier
from motcua.portal import selectors, services
from motcua.web.document_views import VERDICT_TEXT
from motcua.web.portal_forms import (
    CodeForm,
    DraftDetailsForm,
    KioskCodeForm,
    ProfileForm,
    RatingForm,
    SignUpForm,
    StoreUploadForm,
    SubmitForm,
    UploadForm,
    WithdrawForm,
)

PENDING_USER = "portal_pending_user"  # session key: the account waiting for its code


def _citizen(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    if user.is_officer:
        raise PermissionDenied(_("This page is for citizens; staff use the dossier pages."))
    return user


def _attach(form: Form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


# -- sign-up ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    """Create a citizen account with an e-mail address or phone number, then confirm the code."""
    if request.user.is_authenticated:
        return redirect("web:my_dossiers")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.citizen_sign_up(
                data=services.SignUp(
                    full_name=data["full_name"],
                    id_number=data["id_number"],
                    password=data["password"],
                    email=data["email"],
                    phone=data["phone"],
                )
            )
        except services.SignUpError as error:
            for field, message in error.problems.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            request.session[PENDING_USER] = user.pk
            return redirect("web:sign_up_confirm")
    context = {"form": form, "oidc": settings.OIDC_ENABLED, "provider": settings.OIDC_PROVIDER_NAME}
    return render(request, "web/portal/sign_up.html", context)


@require_http_methods(["GET", "POST"])
def sign_up_confirm(request: HttpRequest) -> HttpResponse:
    """Enter the code sent at sign-up: the account becomes active and is logged in."""
    pending_pk = request.session.get(PENDING_USER)
    pending = (
        User.objects.filter(pk=int(pending_pk), is_active=False).first() if pending_pk else None
    )
    if pending is None:
        return redirect("web:sign_up")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("resend"):
        try:
            services.citizen_code_resend(user=pending)
            messages.success(request, _("A new code has been sent."))
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("web:sign_up_confirm")
    if request.method == "POST" and form.is_valid():
        try:
            user = services.citizen_confirm(user=pending, code=form.cleaned_data["code"])
        except DomainError as error:
            _attach(form, error)
        else:
            del request.session[PENDING_USER]
            login(request, user, backend="motcua.accounts.backends.EmailOrPhoneBackend")
            messages.success(request, _("Your account is ready."))
            return redirect("web:my_dossiers")
    sent_to = pending.email or pending.phone
    return render(request, "web/portal/confirm.html", {"form": form, "sent_to": sent_to})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """Show and change the citizen's name and contacts; the ID number is shown, fixed."""
    user = _citizen(request)
    initial = {"full_name": user.full_name, "email": user.email, "phone": user.phone}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.citizen_profile_update(
                user=user, profile=services.Profile(**form.cleaned_data)
            )
        except DomainError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("web:profile")
    return render(request, "web/portal/profile.html", {"form": form, "citizen": user})


# -- applying online -------------------------------------------------------------------------


@login_required
@require_POST
def apply_start(request: HttpRequest, code: str) -> HttpResponse:
    """Start (or resume) the online application for a procedure, from its catalogue page."""
    user = _citizen(request)
    try:
        version = procedure_get_by_code(code=code)
    except NotFoundError as error:
        raise Http404(str(error)) from None
    try:
        draft = services.draft_start(user=user, version=version)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("web:catalog_detail", code=code)
    return redirect("web:draft", pk=draft.pk)


def _draft_context(draft: Any, details: DraftDetailsForm, submit: SubmitForm) -> dict[str, Any]:
    term = selectors.online_term(version=draft.procedure_version)
    checklist = selectors.draft_checklist(draft=draft)
    return {
        "draft": draft,
        "details": details,
        "submit": submit,
        "checklist": [
            (item, _signature_text(item.attached.signatures) if item.attached else "")
            for item in checklist
        ],
        "upload": UploadForm(),
        "limit": term_limit_display(term) if term else "",
        "fee": fee_display(term.fee_vnd) if term else "",
        "token": uuid4().hex,
    }


@login_required
@require_http_methods(["GET", "POST"])
def draft_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The application form: where and how, the document checklist (upload or reuse), the fee
    and time limit, the declaration and submission. Every change is saved on the server."""
    user = _citizen(request)
    try:
        draft = selectors.draft_get_for_user(user=user, pk=pk)
    except NotFoundError as error:
        raise Http404(str(error)) from None
    if draft.dossier_id is not None:
        return redirect("web:my_dossier", pk=draft.dossier_id)
    units = selectors.receiving_units_for(version=draft.procedure_version)
    initial = {
        "receiving_unit": draft.receiving_unit_id or (units[0].pk if len(units) == 1 else None),
        "applicant_address": draft.applicant_address,
        "applicant_phone": draft.applicant_phone,
        "applicant_email": draft.applicant_email,
        "return_method": draft.return_method,
        "return_address": draft.return_address,
    }
    operation = request.POST.get("op", "") if request.method == "POST" else ""
    details = DraftDetailsForm(
        request.POST if operation in {"save", "submit"} else None, initial=initial, units=units
    )
    submit = SubmitForm(request.POST if operation == "submit" else None)
    if operation:
        try:
            done = _draft_operation(request, user, draft, operation, details, submit)
        except DomainError as error:
            target = submit if operation == "submit" and error.field == "declared" else details
            if operation in {"attach", "reuse"}:
                messages.error(request, str(error))
                return redirect("web:draft", pk=draft.pk)
            _attach(target, error)
        else:
            if done is not None:
                return done
    context = _draft_context(draft, details, submit)
    return render(request, "web/portal/draft.html", context, status=_status(details, submit))


def _status(*forms: Form) -> int:
    return 400 if any(form.is_bound and form.errors for form in forms) else 200


def _save_details(user: User, draft: Any, details: DraftDetailsForm) -> None:
    data = details.cleaned_data
    services.draft_save(
        user=user,
        draft=draft,
        details=services.DraftDetails(
            receiving_unit=data["receiving_unit"],
            return_method=data["return_method"],
            return_address=data["return_address"],
            applicant_address=data["applicant_address"],
            applicant_phone=data["applicant_phone"],
            applicant_email=data["applicant_email"],
        ),
    )


def _draft_operation(
    request: HttpRequest,
    user: User,
    draft: Any,
    operation: str,
    details: DraftDetailsForm,
    submit: SubmitForm,
) -> HttpResponse | None:
    """Apply one operation of the application page; None when the page shows form errors."""
    back = redirect("web:draft", pk=draft.pk)
    position = int(request.POST.get("position") or 0)
    if operation == "attach":
        upload = UploadForm(request.POST, request.FILES)
        if not upload.is_valid():
            messages.error(request, _("Choose a file to upload."))
            return back
        services.draft_attach(
            user=user, draft=draft, position=position, file=upload.cleaned_data["file"]
        )
        messages.success(request, _("The document has been attached."))
        return back
    if operation == "reuse":
        stored = selectors.stored_document_get_for_user(
            user=user, pk=int(request.POST.get("stored") or 0)
        )
        services.draft_attach(user=user, draft=draft, position=position, stored=stored)
        messages.success(request, _("The document from your store has been attached."))
        return back
    if operation == "detach":
        services.draft_detach(user=user, draft=draft, position=position)
        return back
    if operation == "discard":
        services.draft_discard(user=user, draft=draft)
        messages.success(request, _("The draft has been deleted."))
        return redirect("web:my_dossiers")
    if operation == "save":
        if not details.is_valid():
            return None
        _save_details(user, draft, details)
        messages.success(request, _("Your draft has been saved; you can continue on any device."))
        return redirect("web:draft", pk=draft.pk)
    if operation == "submit":
        if not details.is_valid() or not submit.is_valid():
            return None
        _save_details(user, draft, details)
        dossier = services.draft_submit(
            user=user, draft=draft, declared=True, client_token=request.POST.get("token")
        )
        messages.success(
            request,
            _("Your application has been submitted. The one-stop unit answers by %(time)s.")
            % {"time": local(dossier.intake_due_at).strftime("%H:%M %d/%m/%Y")}
            if dossier.intake_due_at
            else _("Your application has been submitted."),
        )
        return redirect("web:my_dossier", pk=dossier.pk)
    raise Http404


# -- my dossiers -----------------------------------------------------------------------------


@login_required
@require_safe
def my_dossiers(request: HttpRequest) -> HttpResponse:
    """The citizen's dossiers and unfinished drafts."""
    user = _citizen(request)
    context = {
        "dossiers": dossier_selectors.dossier_list_for_applicant(user=user)[:100],
        "drafts": selectors.draft_list_for_user(user=user),
    }
    return render(request, "web/portal/my_dossiers.html", context)


def _own_dossier(user: User, pk: int) -> Any:
    try:
        return dossier_selectors.dossier_get_for_applicant(user=user, pk=pk)
    except NotFoundError as error:
        raise Http404(str(error)) from None


@login_required
@require_http_methods(["GET", "POST"])
def my_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """One dossier: who holds it, the next step, the expected date and why, the timeline,
    the notices sent; the supplement to hand in, withdrawal, the results."""
    user = _citizen(request)
    dossier = _own_dossier(user, pk)
    withdraw = WithdrawForm(request.POST if request.POST.get("op") == "withdraw" else None)
    rating = RatingForm(request.POST if request.POST.get("op") == "rate" else None)
    supplement_error = ""
    if request.method == "POST":
        operation = request.POST.get("op")
        try:
            if operation == "supplement":
                view = selectors.dossier_citizen_view(dossier=dossier, user=user)
                files: list[tuple[str, File[bytes]]] = [
                    (item, upload)
                    for index, item in enumerate(view.supplement_items)
                    if isinstance(upload := request.FILES.get(f"item_{index}"), File)
                ]
                services.dossier_answer_supplement(
                    user=user,
                    dossier=dossier,
                    revision=int(request.POST.get("revision") or -1),
                    files=files,
                    note=request.POST.get("note", ""),
                )
                messages.success(request, _("Thank you: the documents have been handed in."))
                return redirect("web:my_dossier", pk=dossier.pk)
            if operation == "rate" and rating.is_valid():
                dossier_services.dossier_rate(
                    actor=user,
                    dossier=dossier,
                    revision=int(request.POST.get("revision") or -1),
                    overall=rating.cleaned_data["overall"],
                    criteria=rating.criteria(),
                    via="online",
                    comment=rating.cleaned_data["comment"],
                )
                messages.success(request, _("Thank you for rating the service."))
                return redirect("web:my_dossier", pk=dossier.pk)
            if operation == "withdraw" and withdraw.is_valid():
                services.dossier_withdraw_by_applicant(
                    user=user,
                    dossier=dossier,
                    revision=int(request.POST.get("revision") or -1),
                    reason=withdraw.cleaned_data["reason"],
                )
                messages.success(request, _("Your dossier has been withdrawn."))
                return redirect("web:my_dossier", pk=dossier.pk)
        except DomainError as error:
            if operation == "supplement":
                supplement_error = str(error)
            elif operation == "rate":
                rating.add_error(None, str(error))
            else:
                withdraw.add_error(None, str(error))
        dossier = _own_dossier(user, pk)
    context = {
        "view": selectors.dossier_citizen_view(dossier=dossier, user=user),
        "notifications": notification_list_for_dossier(dossier=dossier),
        "withdraw": withdraw,
        "rating": rating,
        "supplement_error": supplement_error,
    }
    status = 400 if supplement_error or withdraw.errors or rating.errors else 200
    return render(request, "web/portal/my_dossier.html", context, status=status)


# -- the document store ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_documents(request: HttpRequest) -> HttpResponse:
    """The citizen's document store: what they handed in before, results, their own uploads."""
    user = _citizen(request)
    form = StoreUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stored_document_add(
                user=user, name=form.cleaned_data["name"], file=form.cleaned_data["file"]
            )
        except DomainError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The document is in your store."))
            return redirect("web:my_documents")
    documents = [
        (document, _signature_text(document.signatures))
        for document in selectors.stored_document_list_for_user(user=user)
    ]
    return render(
        request,
        "web/portal/my_documents.html",
        {"form": form, "documents": documents},
        status=_status(form),
    )


def _signature_text(signatures: dict[str, Any]) -> str:
    """What the validator said of a PDF's signatures, in words; empty when it has none."""
    verdict = signatures.get("verdict") if signatures else None
    return str(VERDICT_TEXT.get(Verdict(verdict), "")) if verdict else ""


@login_required
@require_safe
def my_document_file(request: HttpRequest, pk: int) -> FileResponse:
    """Download a document of one's own store (never a public media URL)."""
    user = _citizen(request)
    try:
        document = selectors.stored_document_get_for_user(user=user, pk=pk)
    except NotFoundError as error:
        raise Http404(str(error)) from None
    content_type = content_type_of(document.file) or "application/octet-stream"
    return FileResponse(document.file.open("rb"), content_type=content_type)


# -- the counter tablet ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rating_kiosk(request: HttpRequest) -> HttpResponse:
    """The counter tablet: the applicant types (or scans) the code of their returned dossier
    and rates the service; the tablet runs under a one-stop officer's login, and only that
    officer's units' dossiers can be rated there."""
    user = request.user
    if not isinstance(user, User) or not user.is_officer:
        raise PermissionDenied(_("The rating tablet runs under a one-stop officer's login."))
    code_form = KioskCodeForm(request.GET or None)
    dossier = None
    if code_form.is_valid():
        try:
            dossier = dossier_selectors.dossier_get_by_code_for_user(
                user=user, code=code_form.cleaned_data["code"]
            )
        except NotFoundError:
            code_form.add_error("code", _("No dossier of this counter has that code."))
        else:
            if dossier.state != "returned":
                code_form.add_error(
                    "code", _("This dossier can be rated once its result is returned.")
                )
                dossier = None
    rating = RatingForm(request.POST or None)
    if request.method == "POST" and dossier is not None and rating.is_valid():
        try:
            dossier_services.dossier_rate(
                actor=user,
                dossier=dossier,
                revision=dossier.revision,
                overall=rating.cleaned_data["overall"],
                criteria=rating.criteria(),
                via="counter",
                comment=rating.cleaned_data["comment"],
            )
        except DomainError as error:
            rating.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you for rating the service."))
            return redirect("web:rating_kiosk")
    context = {"code_form": code_form, "dossier": dossier, "rating": rating}
    return render(request, "web/portal/kiosk.html", context, status=_status(code_form, rating))


@login_required
@require_safe
def my_result_file(request: HttpRequest, pk: int, result: int) -> FileResponse:
    """Download the signed electronic result of one's own returned dossier."""
    user = _citizen(request)
    dossier = _own_dossier(user, pk)
    try:
        found = selectors.result_get_for_applicant(dossier=dossier, pk=result)
    except NotFoundError as error:
        raise Http404(str(error)) from None
    return FileResponse(
        found.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{found.code}.pdf",
    )
