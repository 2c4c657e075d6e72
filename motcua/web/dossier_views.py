"""Officers' dossier pages: worklists, counter intake, the dossier with its actions; and the
public lookup by code.

Thin views (style.md): every dossier is loaded with `selectors.dossier_get_for_user` (404 for
missing and not-yours), every change goes through `services.dossier_act` or the intake services,
the same calls the API makes (motcua/api/routers/dossiers.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import AnyUser, membership_list_active
from motcua.catalog.selectors import fee_display
from motcua.core.errors import DomainError, NotFoundError
from motcua.core.time import local
from motcua.documents.services import result_issue
from motcua.dossiers import selectors, services
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier
from motcua.web import document_views, dossier_detail
from motcua.web.dossier_action_forms import ACTION_FIELDS, ActionForm, action_label
from motcua.web.dossier_forms import (
    RECEIVE,
    RETURN,
    IntakeChoiceForm,
    IntakeForm,
    LookupForm,
    WorklistSearchForm,
)
from motcua.workflow.selectors import procedure_list_with_process

PAGE_SIZE = 20  # like the API and the catalogue
LEADERS = frozenset({Role.OFFICE_LEADER, Role.AGENCY_LEADER})
HANDLERS = frozenset({Role.SPECIALIST, Role.CLERK, *LEADERS})
ONE_STOP = frozenset({Role.ONE_STOP_OFFICER})


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404  # login_required runs first; this only narrows the type
    return user


def _all_visible(*, user: AnyUser) -> QuerySet[Dossier]:
    return selectors.dossier_list_for_user(user=user).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class Tab:
    """A worklist: who sees it, what it lists and which due time it shows."""

    key: str
    label: Promise
    roles: frozenset[str] | None  # None: everyone with a role
    due_label: Promise
    select: Callable[..., QuerySet[Dossier]]


TABS = (
    Tab(
        "intake",
        gettext_lazy("Awaiting intake"),
        ONE_STOP,
        gettext_lazy("Answer due (8 working hours)"),
        selectors.dossier_list_intake_queue,
    ),
    Tab(
        "forward",
        gettext_lazy("To forward"),
        ONE_STOP,
        gettext_lazy("Transfer due"),
        selectors.dossier_list_to_forward,
    ),
    Tab(
        "mine",
        gettext_lazy("My steps"),
        HANDLERS,
        gettext_lazy("Appointment"),
        selectors.dossier_list_my_steps,
    ),
    Tab(
        "return",
        gettext_lazy("Awaiting return"),
        ONE_STOP,
        gettext_lazy("Appointment"),
        selectors.dossier_list_awaiting_return,
    ),
    Tab(
        "unit",
        gettext_lazy("My unit"),
        LEADERS,
        gettext_lazy("Appointment"),
        selectors.dossier_list_for_unit_leader,
    ),
    Tab("all", gettext_lazy("All I can see"), None, gettext_lazy("Appointment"), _all_visible),
)


def _due(tab: Tab, dossier: Dossier) -> datetime | None:
    if tab.key == "intake":
        return dossier.intake_due_at
    if tab.key == "forward":
        return dossier.transfer_due_at
    return dossier.due_at or dossier.intake_due_at


@login_required
@require_safe
def dossier_list(request: HttpRequest) -> HttpResponse:
    """Show the worklists the officer's roles give, searched, 20 dossiers a page."""
    user = _user(request)
    roles = {membership.role for membership in membership_list_active(user=user)}
    if not roles and not user.is_superuser:
        return redirect("web:home")  # a citizen, or staff without a current role
    tabs = [tab for tab in TABS if tab.roles is None or roles & tab.roles]
    tab = next((item for item in tabs if item.key == request.GET.get("list")), tabs[0])
    form = WorklistSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = selectors.dossier_search(queryset=tab.select(user=user), query=query)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {
            "dossier": dossier,
            "due": _due(tab, dossier),
            "marks": dossier_detail.marks(dossier, _due(tab, dossier), now),
            # product.md: personal data masked in lists; the dossier page shows it in full.
            "applicant": selectors.mask_name(dossier.applicant_name),
            "identifier": selectors.mask_id(
                dossier.applicant_id_number or dossier.applicant_enterprise_code
            ),
        }
        for dossier in page.object_list
    ]
    counts = {item.key: item.select(user=user).count() for item in tabs if item.key != "all"}
    keep = request.GET.copy()
    keep.pop("page", None)
    context = {
        "form": form,
        "query": query,
        "tabs": [(item, counts.get(item.key)) for item in tabs],
        "tab": tab,
        "page": page,
        "rows": rows,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "query_string": keep.urlencode(),
        "can_receive": bool(roles & ONE_STOP),
    }
    return render(request, "web/dossiers/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_intake(request: HttpRequest) -> HttpResponse:
    """Counter intake: choose the centre and procedure, then the applicant, the checklist and
    one of three outcomes (forms 01, 02, 03; NĐ 61/2018 Art. 17)."""
    user = _user(request)
    centres = [m.unit for m in membership_list_active(user=user) if m.role in ONE_STOP]
    if not centres:
        raise PermissionDenied(_("Only one-stop officers receive dossiers."))
    offers = {unit.pk: list(procedure_list_with_process(receiving_unit=unit)) for unit in centres}
    data = request.GET.copy()
    if len(centres) == 1:
        data.setdefault("unit", centres[0].identifier)
    choice = IntakeChoiceForm(
        data if "procedure" in data else None,
        units=centres,
        offers=offers,
        initial={"unit": centres[0]},
    )
    if not choice.is_bound or not choice.is_valid():
        context = {"choice": choice, "centres": centres}
        return render(request, "web/dossiers/intake_start.html", context)
    unit, version = choice.cleaned_data["unit"], choice.cleaned_data["version"]
    term = version.terms.filter(channel="counter").first()
    form = IntakeForm(
        request.POST or None,
        request.FILES or None,
        documents=list(version.documents.all()),
        fee_vnd=term.fee_vnd if term is not None else 0,
        outcome=request.POST.get("outcome"),
        initial={"client_token": uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        intake = services.Intake(
            unit=unit,
            version=version,
            applicant=form.applicant(),
            channel="counter",
            return_method=form.cleaned_data["return_method"],
            return_address=form.cleaned_data["return_address"],
            components=form.components(),
            client_token=form.cleaned_data["client_token"],
            payment=form.payment() if form.outcome == RECEIVE else None,
        )
        reason = form.cleaned_data["reason"]
        try:
            if form.outcome == RECEIVE:
                dossier = services.dossier_receive_at_counter(actor=user, intake=intake)
            elif form.outcome == RETURN:
                dossier = services.dossier_return_for_completion(
                    actor=user, items=form.missing(), reason=reason, intake=intake
                )
            else:
                dossier = services.dossier_refuse_at_intake(
                    actor=user, reason=reason, intake=intake
                )
        except DomainError as error:
            form.attach(error)
        else:
            messages.success(request, _outcome_message(dossier))
            return redirect("web:dossier_detail", pk=dossier.pk)
    context = {
        "choice": choice,
        "unit": unit,
        "version": version,
        "form": form,
        "fee_text": fee_display(term.fee_vnd if term is not None else 0),
    }
    status = 400 if form.errors else 200
    return render(request, "web/dossiers/intake.html", context, status=status)


def _outcome_message(dossier: Dossier) -> str:
    if dossier.code and dossier.due_at is not None:
        return _("Dossier %(code)s received (form 01). Appointment: %(due)s.") % {
            "code": dossier.code,
            "due": local(dossier.due_at).strftime("%H:%M %d/%m/%Y"),
        }
    if dossier.state == "returned_for_completion":
        return _("Returned for completion (form 02): the applicant was told what is missing.")
    return _("Refused at intake (form 03), with the reasons recorded.")


def _get(user: User, pk: int) -> Dossier:
    try:
        return selectors.dossier_get_for_user(user=user, pk=pk)
    except NotFoundError:
        raise Http404(_("This dossier does not exist or is not yours to see.")) from None


@login_required
@require_safe
def dossier_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a dossier: data, appointment with its explanation, steps, history, hand-overs, and
    one form per action the officer may take now."""
    user = _user(request)
    dossier = _get(user, pk)
    services.dossier_log_personal_data_access(user=user, dossier=dossier, via="page")
    context = dossier_detail.context(user=user, dossier=dossier)
    return render(request, "web/dossiers/detail.html", context)


@login_required
@require_POST
def dossier_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one action (`services.dossier_act`), then back to the dossier with a message; on a
    refusal the page comes back with the form's errors, on a stale revision with a warning."""
    user = _user(request)
    dossier = _get(user, pk)
    if action not in ACTION_FIELDS:
        raise Http404(_("Unknown action."))
    choices = dossier_detail.choices(dossier=dossier, actions=[action])
    form = ActionForm(request.POST, action=action, choices=choices)
    status = 400
    if form.is_valid():
        try:
            changed = _act(request, user, dossier, action, form)
        except services.DossierChangedError as error:
            fresh = _get(user, pk)
            context = dossier_detail.context(
                user=user, dossier=fresh, conflict=str(error), kept=form
            )
            return render(request, "web/dossiers/detail.html", context, status=409)
        except DomainError as error:
            form.attach(error)
            status = error.status
        else:
            messages.success(request, _action_message(action, changed))
            return redirect("web:dossier_detail", pk=pk)
    context = dossier_detail.context(user=user, dossier=_get(user, pk), bound=form)
    return render(request, "web/dossiers/detail.html", context, status=status)


def _act(
    request: HttpRequest, user: User, dossier: Dossier, action: str, form: ActionForm
) -> Dossier:
    """Take the action; issuing the result goes through documents (signed PDF, same checks)."""
    given = form.given()
    if action == Action.ISSUE_RESULT:
        result = result_issue(
            actor=user,
            dossier=dossier,
            revision=given.revision,
            note=given.note,
            verify_url=lambda code: document_views.verify_url(request, code),
        )
        return result.dossier
    return services.dossier_act(actor=user, dossier=dossier, action=action, given=given)


def _action_message(action: str, dossier: Dossier) -> str:
    if action == RECEIVE:
        return _outcome_message(dossier)
    return _("%(action)s: done for dossier %(code)s.") % {
        "action": action_label(action),
        "code": str(dossier),
    }


@require_safe
def lookup(request: HttpRequest) -> HttpResponse:
    """Public lookup by code (the QR of form 01 points to `?ma=<code>`): state, steps with their
    units and times, expected date; the applicant masked, no officer names."""
    form = LookupForm(request.GET or None)
    found: Any = None
    status = 200
    if form.is_bound and form.is_valid():
        try:
            found = dossier_detail.public_view(
                selectors.dossier_public_lookup(code=form.cleaned_data["ma"])
            )
        except NotFoundError:
            status = 404
    context = {"form": form, "found": found, "not_found": status == 404}
    return render(request, "web/dossiers/lookup.html", context, status=status)
