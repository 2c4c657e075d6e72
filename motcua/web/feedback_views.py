"""Feedback pages: the public answers (search without diacritics, like and dislike, the
sender's reopening), sending feedback, and the officers' worklist and feedback page.

Thin views (style.md): staff load feedback with `selectors.feedback_get_for_user` (404 for
missing and not-yours) and change it only through `services.feedback_act`; the public sees
`selectors.answer_get_published` only, never the sender's personal data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from motcua.accounts.models import User
from motcua.core.errors import DomainError, NotFoundError
from motcua.feedback import policies, selectors, services
from motcua.feedback.lifecycle import Action
from motcua.feedback.models import Feedback, FeedbackChannel, FeedbackPhoto, FeedbackState
from motcua.web.feedback_forms import (
    EVENT_LABELS,
    ActionForm,
    AnswerSearchForm,
    FeedbackForm,
    ReopenForm,
    StaffFeedbackForm,
    WorklistForm,
)

PAGE_SIZE = 20
STATE_TABS = (
    ("open", gettext_lazy("Being handled")),
    (FeedbackState.AWAITING_PUBLICATION.value, FeedbackState.AWAITING_PUBLICATION.label),
    (FeedbackState.PUBLISHED.value, FeedbackState.PUBLISHED.label),
    ("", gettext_lazy("All")),
)


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _reader(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    if request.session.session_key is None:
        request.session.save()
    return f"s{request.session.session_key}"


def _attach(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


# -- public -----------------------------------------------------------------------------------


@require_safe
def answer_list(request: HttpRequest) -> HttpResponse:
    form = AnswerSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = _page(request, selectors.answer_list_published(query=query))
    return render(
        request,
        "web/feedback/answers.html",
        {"form": form, "query": query, "page": page, "query_string": f"q={query}" if query else ""},
    )


def _answer_context(request: HttpRequest, feedback: Feedback, **extra: Any) -> dict[str, Any]:
    is_sender = request.user.is_authenticated and feedback.sender_user_id == request.user.pk
    return {
        "feedback": feedback,
        "can_reopen": is_sender and feedback.reopened_at is None,
        "reopen_form": extra.pop("reopen_form", ReopenForm()),
        **extra,
    }


@require_safe
def answer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        feedback = selectors.answer_get_published(pk=pk)
    except NotFoundError:
        raise Http404 from None
    return render(request, "web/feedback/answer.html", _answer_context(request, feedback))


@require_POST
def answer_react(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        feedback = selectors.answer_get_published(pk=pk)
        value = 1 if request.POST.get("value") == "like" else -1
        services.feedback_react(feedback=feedback, reader=_reader(request), value=value)
    except NotFoundError:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you: your opinion of this answer is recorded."))
    return redirect("web:feedback_answer", pk=pk)


@login_required
@require_POST
def answer_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        feedback = selectors.feedback_get_own(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_act(
                feedback=feedback,
                action=Action.REOPEN,
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            _attach(form, exc)
        else:
            messages.success(
                request, _("Your feedback is reopened: the unit will answer it again.")
            )
            return redirect("web:feedback_mine")
    if feedback.state != FeedbackState.PUBLISHED:
        raise Http404
    return render(
        request,
        "web/feedback/answer.html",
        _answer_context(request, feedback, reopen_form=form),
        status=400,
    )


@require_safe
def photo(request: HttpRequest, pk: int, photo: int) -> FileResponse:
    """A photo of a published answer for anyone; of other feedback for staff who see it."""
    try:
        feedback = selectors.answer_get_published(pk=pk)
    except NotFoundError:
        try:
            feedback = selectors.feedback_get_for_user(user=request.user, pk=pk)
        except NotFoundError:
            raise Http404 from None
    item = FeedbackPhoto.objects.filter(feedback=feedback, pk=photo).first()
    if item is None:
        raise Http404
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def send(request: HttpRequest) -> HttpResponse:
    """Send feedback on the portal; staff enter feedback received by phone, letter or e-mail."""
    staff = policies.can_enter_feedback(request.user)
    form_class = StaffFeedbackForm if staff else FeedbackForm
    user = request.user if isinstance(request.user, User) else None
    initial = {}
    if user is not None and not staff:
        initial = {"sender_name": user.full_name or user.get_username(), "sender_email": user.email}
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback = services.feedback_receive(
                data=services.FeedbackInput(
                    category=data["category"],
                    sender_name=data["sender_name"],
                    sender_address=data["sender_address"],
                    sender_phone=data["sender_phone"],
                    sender_email=data["sender_email"],
                    title=data["title"],
                    content=data["content"],
                    address=data["address"],
                    lat=data["lat"],
                    long=data["long"],
                    dossier_code=data["dossier_code"],
                ),
                channel=data.get("channel", FeedbackChannel.PORTAL),
                actor=request.user,
                sender_user=None if staff else user,
                photos=data["photos"],
            )
        except DomainError as exc:
            _attach(form, exc)
        else:
            messages.success(
                request,
                _("Feedback #%(id)s is received. %(unit)s answers it by %(time)s.")
                % {
                    "id": feedback.pk,
                    "unit": feedback.unit.name,
                    "time": feedback.answer_due_at.strftime("%d/%m/%Y")
                    if feedback.answer_due_at
                    else "",
                },
            )
            if staff:
                return redirect("web:feedback_detail", pk=feedback.pk)
            return redirect("web:feedback_mine" if user else "web:feedback_answers")
    return render(request, "web/feedback/send.html", {"form": form, "staff": staff})


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    items = Feedback.objects.filter(sender_user_id=request.user.pk).select_related(
        "category", "unit"
    )
    return render(request, "web/feedback/mine.html", {"items": items.order_by("-received_at")})


# -- staff ------------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_officer:
        raise Http404
    return user


@login_required
@require_safe
def worklist(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    state = request.GET.get("state", "open")
    form = WorklistForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    items = selectors.feedback_worklist(user=user, state=state, query=query)
    return render(
        request,
        "web/feedback/worklist.html",
        {
            "form": form,
            "page": _page(request, items),
            "state": state,
            "tabs": STATE_TABS,
            "query": query,
            "query_string": f"state={state}&q={query}",
            "can_enter": policies.can_enter_feedback(user),
        },
    )


def _detail(
    request: HttpRequest, feedback: Feedback, bound: ActionForm | None = None, status: int = 200
) -> HttpResponse:
    user = _staff(request)
    forms = []
    for action in selectors.feedback_actions_for_user(user=user, feedback=feedback):
        if bound is not None and bound.action is action:
            forms.append(bound)
        else:
            initial = {"revision": feedback.revision, "category": feedback.category.code}
            forms.append(ActionForm(action=action, initial=initial))
    events = selectors.feedback_events(feedback=feedback)
    for event in events:
        event.label = EVENT_LABELS[Action(event.action)]  # type: ignore[attr-defined]
        event.state_label = FeedbackState(event.to_state).label  # type: ignore[attr-defined]
    return render(
        request,
        "web/feedback/detail.html",
        {
            "feedback": feedback,
            "events": events,
            "photos": list(feedback.photos.all()),
            "forms": forms,
            "refused": bound,
        },
        status=status,
    )


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    try:
        feedback = selectors.feedback_get_for_user(user=user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    return _detail(request, feedback)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _staff(request)
    try:
        feedback = selectors.feedback_get_for_user(user=user, pk=pk)
        chosen = Action(action)
    except (NotFoundError, ValueError):
        raise Http404 from None
    if chosen is Action.REOPEN or chosen is Action.RECEIVE:
        raise Http404
    form = ActionForm(request.POST, action=chosen)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_act(
                feedback=feedback,
                action=chosen,
                actor=user,
                revision=data["revision"],
                note=data.get("note", ""),
                answer=data.get("answer", ""),
                category=data.get("category"),
                forwarded_to=data.get("forwarded_to", ""),
            )
        except DomainError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": form.label})
            return redirect("web:feedback_detail", pk=pk)
    feedback = selectors.feedback_get_for_user(user=user, pk=pk)
    return _detail(request, feedback, bound=form, status=400)
