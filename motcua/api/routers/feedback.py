"""/api/v1/feedback: the officers' worklist, a feedback with its history, actions, staff entry;
/api/v1/feedback/answers: the published answers and reactions (no login).

Staff endpoints need the session and second factor, like the pages; every feedback is loaded
through `feedback_get_for_user` ("not found" for missing and not-yours) and changed through
`services.feedback_act`, the same calls the pages make. Open311 is at /open311/v2/.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth

from motcua.accounts.models import User
from motcua.api.schemas import ErrorOut
from motcua.api.schemas_feedback import (
    AnswerOut,
    AnswerPageOut,
    FeedbackActionIn,
    FeedbackEventOut,
    FeedbackIn,
    FeedbackOut,
    FeedbackPageOut,
    FeedbackSummaryOut,
    ReactionIn,
)
from motcua.core.errors import NotFoundError
from motcua.feedback import selectors, services
from motcua.feedback.lifecycle import Action
from motcua.feedback.models import Feedback, FeedbackState

router = Router(auth=django_auth, tags=["feedback"])
PAGE_SIZE = 20
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ListQuery(Schema):
    state: str = "open"
    q: str = ""
    page: int = 1


class AnswerQuery(Schema):
    q: str = ""
    page: int = 1


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 -- django_auth guarantees a logged-in user
    return user


def _summary(feedback: Feedback) -> FeedbackSummaryOut:
    return FeedbackSummaryOut(
        id=feedback.pk,
        title=feedback.title,
        category=feedback.category.code,
        unit=feedback.unit.name,
        channel=feedback.channel,
        state=feedback.state,
        state_label=str(FeedbackState(feedback.state).label),
        received_at=feedback.received_at,
        due_at=feedback.due_at,
        answer_due_at=feedback.answer_due_at,
        at_risk=feedback.at_risk,
        overdue=feedback.overdue,
        revision=feedback.revision,
    )


def _detail(feedback: Feedback, user: User) -> FeedbackOut:
    fields = {
        name: getattr(feedback, name)
        for name in (
            "content", "address", "lat", "long", "dossier_code", "dossier_id", "sender_name",
            "sender_address", "sender_phone", "sender_email", "status_notes", "forwarded_to",
            "answer", "answer_ready_at", "published_at", "reopened_at", "reopen_reason",
            "likes", "dislikes",
        )
    }  # fmt: skip
    return FeedbackOut(
        **_summary(feedback).dict(),
        **fields,
        actions=[
            a.value for a in selectors.feedback_actions_for_user(user=user, feedback=feedback)
        ],
        events=[
            FeedbackEventOut(
                sequence=event.sequence,
                action=event.action,
                at=event.at,
                actor=str(event.actor) if event.actor else "",
                from_state=event.from_state,
                to_state=event.to_state,
                due_at=event.due_at,
                note=event.note,
            )
            for event in selectors.feedback_events(feedback=feedback)
        ],
    )


def _answer(feedback: Feedback) -> AnswerOut:
    return AnswerOut(
        id=feedback.pk,
        title=feedback.title,
        content=feedback.content,
        category=feedback.category.name,
        unit=feedback.unit.name,
        address=feedback.address,
        answer=feedback.answer,
        received_at=feedback.received_at,
        published_at=feedback.published_at,
        likes=feedback.likes,
        dislikes=feedback.dislikes,
    )


@router.get("/answers", response={200: AnswerPageOut, **ERRORS}, auth=None)
def answer_list(request: HttpRequest, query: Query[AnswerQuery]) -> AnswerPageOut:
    """Return the published answers, newest first; `q` matches without diacritics."""
    page = Paginator(selectors.answer_list_published(query=query.q), PAGE_SIZE).get_page(query.page)
    return AnswerPageOut(count=page.paginator.count, results=[_answer(f) for f in page.object_list])


@router.get("/answers/{pk}", response={200: AnswerOut, **ERRORS}, auth=None)
def answer_detail(request: HttpRequest, pk: int) -> AnswerOut:
    """Return one published answer."""
    return _answer(selectors.answer_get_published(pk=pk))


@router.post("/answers/{pk}/reactions", response={200: AnswerOut, **ERRORS}, auth=None)
def answer_react(request: HttpRequest, pk: int, payload: ReactionIn) -> AnswerOut:
    """Like (1) or dislike (-1) a published answer; once per reader (account or session)."""
    if request.user.is_authenticated:
        reader = f"u{request.user.pk}"
    else:
        if request.session.session_key is None:
            request.session.save()
        reader = f"s{request.session.session_key}"
    feedback = selectors.answer_get_published(pk=pk)
    return _answer(services.feedback_react(feedback=feedback, reader=reader, value=payload.value))


@router.get("", response={200: FeedbackPageOut, **ERRORS})
def feedback_list(request: HttpRequest, query: Query[ListQuery]) -> FeedbackPageOut:
    """Return the feedback the user may see: `state` open (default), a state, or "" for all."""
    items = selectors.feedback_worklist(user=_user(request), state=query.state, query=query.q)
    page = Paginator(items, PAGE_SIZE).get_page(query.page)
    return FeedbackPageOut(
        count=page.paginator.count, results=[_summary(f) for f in page.object_list]
    )


@router.post("", response={201: FeedbackOut, **ERRORS})
def feedback_create(request: HttpRequest, payload: FeedbackIn) -> Status[FeedbackOut]:
    """Enter a feedback: staff for phone, letter and e-mail; anyone logged in for the portal."""
    user = _user(request)
    category = selectors.category_get_by_code(code=payload.category)
    feedback = services.feedback_receive(
        data=services.FeedbackInput(
            category=category,
            sender_name=payload.sender_name,
            sender_address=payload.sender_address,
            sender_phone=payload.sender_phone,
            sender_email=payload.sender_email,
            title=payload.title,
            content=payload.content,
            address=payload.address,
            lat=payload.lat,
            long=payload.long,
            dossier_code=payload.dossier_code,
        ),
        channel=payload.channel if payload.channel in ("phone", "letter", "email") else "portal",
        actor=user,
        sender_user=user if payload.channel not in ("phone", "letter", "email") else None,
    )
    if not selectors.feedback_list_for_user(user=user).filter(pk=feedback.pk).exists():
        feedback = selectors.feedback_get_own(user=user, pk=feedback.pk)
        return Status(201, _detail(feedback, user))
    return Status(201, _detail(selectors.feedback_get_for_user(user=user, pk=feedback.pk), user))


@router.get("/{pk}", response={200: FeedbackOut, **ERRORS})
def feedback_detail(request: HttpRequest, pk: int) -> FeedbackOut:
    """Return a feedback with its history and the actions the user may take now."""
    user = _user(request)
    return _detail(selectors.feedback_get_for_user(user=user, pk=pk), user)


@router.post("/{pk}/actions/{action}", response={200: FeedbackOut, **ERRORS})
def feedback_action(
    request: HttpRequest, pk: int, action: str, payload: FeedbackActionIn
) -> FeedbackOut:
    """Take an action (classify, reject, request_information, provide_information, forward,
    start_handling, answer, return_answer, publish); `revision` refuses a stale view (409)."""
    user = _user(request)
    feedback = selectors.feedback_get_for_user(user=user, pk=pk)
    try:
        chosen = Action(action)
    except ValueError:
        raise NotFoundError(_("There is no action %(action)s.") % {"action": action}) from None
    if chosen in (Action.RECEIVE, Action.REOPEN):
        raise NotFoundError(_("There is no action %(action)s.") % {"action": action})
    feedback = services.feedback_act(
        feedback=feedback,
        action=chosen,
        actor=user,
        revision=payload.revision,
        note=payload.note,
        answer=payload.answer,
        category=selectors.category_get_by_code(code=payload.category)
        if payload.category
        else None,
        forwarded_to=payload.forwarded_to,
    )
    return _detail(selectors.feedback_get_for_user(user=user, pk=feedback.pk), user)
