"""Who may act on a feedback: `can_act_on_feedback(user, feedback, action)` (domain.md §2, §11).

Staff of the responsible unit itself (one-stop officers, specialists, clerks, leaders) classify,
forward, ask for information and answer; its leaders publish or send the draft back;
supervisors watch but never act; the sender's account reopens a published answer once.
"""

from __future__ import annotations

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import AnyUser, membership_list_active
from motcua.feedback.lifecycle import RULES, Action, Actor
from motcua.feedback.models import Feedback

LEADERS = frozenset({Role.OFFICE_LEADER, Role.AGENCY_LEADER})
STAFF = frozenset(
    {Role.ONE_STOP_OFFICER, Role.SPECIALIST, Role.CLERK, Role.OFFICE_LEADER, Role.AGENCY_LEADER}
)


def roles_in_unit(user: AnyUser, unit_id: int) -> set[str]:
    """Return the roles the user holds in the unit itself (not in a parent)."""
    return {m.role for m in membership_list_active(user=user) if m.unit_id == unit_id}


def can_act_on_feedback(user: AnyUser, feedback: Feedback, action: Action) -> bool:
    """Return whether `user` may take `action` on `feedback` (its state is checked elsewhere)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    actor = RULES[action].actor
    if actor is Actor.ANYONE:
        return True
    if actor is Actor.SENDER:
        return feedback.sender_user_id is not None and feedback.sender_user_id == user.pk
    roles = roles_in_unit(user, feedback.unit_id)
    if actor is Actor.LEADER:
        return bool(roles & LEADERS)
    return bool(roles & STAFF)


def can_enter_feedback(user: AnyUser) -> bool:
    """Return whether the user may enter feedback received by phone, letter or e-mail: staff."""
    return isinstance(user, User) and any(
        m.role in STAFF for m in membership_list_active(user=user)
    )
