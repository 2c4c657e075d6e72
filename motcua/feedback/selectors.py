"""Reads of feedback for the interfaces: one access function, the worklist, the public answers,
the Open311 queries and key lookup.

Deny by default: staff see the feedback of units they see (`accounts.selectors.
visibility_filter` on the responsible unit: own units; supervisors and administrators their
subtree); `feedback_get_for_user` answers "not found" for missing and not-yours. The public sees
published answers only, and never the sender's personal data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.selectors import AnyUser, visibility_filter
from motcua.core.errors import NotFoundError, PermissionDeniedError
from motcua.core.text import search_terms
from motcua.feedback import policies
from motcua.feedback.keys import hash_key
from motcua.feedback.lifecycle import Action, allowed_actions
from motcua.feedback.models import (
    CLOSED,
    ApiClient,
    Feedback,
    FeedbackCategory,
    FeedbackEvent,
    FeedbackState,
)

_RELATED = ("category", "unit", "holder")


def feedback_list_for_user(*, user: AnyUser) -> QuerySet[Feedback]:
    """Return the feedback the user may handle or watch (none for citizens and strangers)."""
    condition = visibility_filter(user=user, field="unit")
    if condition is None:
        return Feedback.objects.none()
    return Feedback.objects.filter(condition).select_related(*_RELATED)


def feedback_get_for_user(*, user: AnyUser, pk: int) -> Feedback:
    """Return the feedback if the user may see it; NotFoundError for missing and not-yours."""
    feedback = feedback_list_for_user(user=user).filter(pk=pk).first()
    if feedback is None:
        raise NotFoundError(_("This feedback does not exist or is not yours to see."))
    return feedback


def feedback_worklist(*, user: AnyUser, state: str = "", query: str = "") -> QuerySet[Feedback]:
    """Return the visible feedback, open first by due time, filtered by state and words."""
    items = feedback_list_for_user(user=user)
    if state == "open":
        items = items.exclude(state__in=CLOSED)
    elif state:
        items = items.filter(state=state)
    for term in search_terms(query):
        items = items.filter(Q(search_text__contains=f" {term}") | Q(sender_name__icontains=term))
    return items.order_by("due_at", "-received_at", "-pk")


def feedback_events(*, feedback: Feedback) -> list[FeedbackEvent]:
    """Return the feedback's history, oldest first, actors selected."""
    return list(feedback.events.select_related("actor").order_by("sequence"))


def feedback_actions_for_user(*, user: AnyUser, feedback: Feedback) -> list[Action]:
    """Return the actions the user may take now (state and role), for the page's buttons."""
    return [
        action
        for action in allowed_actions(feedback.state)
        if action is not Action.REOPEN and policies.can_act_on_feedback(user, feedback, action)
    ]


def feedback_get_own(*, user: AnyUser, pk: int) -> Feedback:
    """Return a feedback the user sent from their account; NotFoundError otherwise."""
    feedback = (
        Feedback.objects.filter(pk=pk, sender_user_id=getattr(user, "pk", None) or -1)
        .select_related(*_RELATED)
        .first()
    )
    if feedback is None:
        raise NotFoundError(_("This feedback does not exist or is not yours to see."))
    return feedback


# -- public -----------------------------------------------------------------------------------


def answer_list_published(*, query: str = "", category: str = "") -> QuerySet[Feedback]:
    """Return the published answers, newest first, matching every word of `query` without
    diacritics or case ("nuoc thai" finds "nước thải")."""
    items = Feedback.objects.filter(state=FeedbackState.PUBLISHED).select_related(*_RELATED)
    for term in search_terms(query):
        items = items.filter(search_text__contains=f" {term}")
    if category:
        items = items.filter(category__code=category)
    return items.order_by("-published_at", "-pk")


def answer_get_published(*, pk: int) -> Feedback:
    """Return a published answer; NotFoundError for anything else."""
    feedback = answer_list_published().filter(pk=pk).prefetch_related("photos").first()
    if feedback is None:
        raise NotFoundError(_("This answer does not exist or is not published."))
    return feedback


def category_list_active(*, jurisdiction: str = "") -> QuerySet[FeedbackCategory]:
    """Return the categories that accept feedback, of one province (its identifier) or all."""
    items = FeedbackCategory.objects.filter(active=True).select_related("responsible_unit")
    if jurisdiction:
        items = items.filter(province__identifier=jurisdiction)
    return items.order_by("group", "name")


def category_get_by_code(*, code: str, jurisdiction: str = "") -> FeedbackCategory:
    """Return the active category with this code (the Open311 service_code)."""
    category = category_list_active(jurisdiction=jurisdiction).filter(code=code).first()
    if category is None:
        raise NotFoundError(_("There is no feedback category %(code)s.") % {"code": code})
    return category


def jurisdiction_exists(*, jurisdiction: str) -> bool:
    """Return whether some category belongs to the province with this identifier."""
    return FeedbackCategory.objects.filter(province__identifier=jurisdiction).exists()


def request_list_public(
    *,
    ids: Iterable[int] = (),
    service_codes: Iterable[str] = (),
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: Iterable[str] = (),
    jurisdiction: str = "",
    limit: int = 1000,
) -> list[Feedback]:
    """Return feedback for Open311 GET requests: `ids` alone when given (the standard: the id
    overrides every other filter), else by service, requested time range and open/closed."""
    items = Feedback.objects.select_related("category", "unit").prefetch_related("photos")
    if jurisdiction:
        items = items.filter(category__province__identifier=jurisdiction)
    id_list = list(ids)
    if id_list:
        return list(items.filter(pk__in=id_list).order_by("pk")[:limit])
    codes = list(service_codes)
    if codes:
        items = items.filter(category__code__in=codes)
    if start is not None:
        items = items.filter(received_at__gte=start)
    if end is not None:
        items = items.filter(received_at__lte=end)
    wanted = set(statuses)
    if wanted == {"open"}:
        items = items.exclude(state__in=CLOSED)
    elif wanted == {"closed"}:
        items = items.filter(state__in=CLOSED)
    return list(items.order_by("-received_at", "-pk")[:limit])


def request_get_by_token(*, token: str) -> Feedback:
    feedback = Feedback.objects.filter(token=token).first()
    if feedback is None:
        raise NotFoundError(_("There is no request with this token."))
    return feedback


def api_client_authenticate(*, key: str) -> ApiClient:
    """Return the active client app whose key this is; PermissionDeniedError otherwise."""
    client = (
        ApiClient.objects.filter(key_hash=hash_key(key.strip()), active=True).first()
        if key
        else None
    )
    if client is None:
        raise PermissionDeniedError(_("The api_key is missing or not valid."))
    return client
