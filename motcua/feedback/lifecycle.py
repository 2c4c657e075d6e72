"""Which action is allowed in which state of a feedback, where it leads and which limit the
new state runs against (domain.md §11; NĐ 20/2008, QĐ 31/2021 for the DVCQG limits).

Pure data: the services ask `rule_for(action, state)` before any write; `history.replay` uses the
same table to rebuild the state from the events.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from motcua.feedback.models import FeedbackState as S


class Action(StrEnum):
    """Every action on a feedback; the value is the event's `action` code."""

    RECEIVE = "receive"  # sent on the portal or by an app, or entered by staff
    CLASSIFY = "classify"  # the responsible unit confirms (or changes) the category
    REJECT = "reject"  # not admissible: within 2 working days
    REQUEST_INFORMATION = "request_information"  # within 5 working days; the clock waits
    PROVIDE_INFORMATION = "provide_information"  # the sender answers; the 15 days restart
    FORWARD = "forward"  # outside the unit's competence: within 5 working days
    START_HANDLING = "start_handling"  # within 5 working days
    ANSWER = "answer"  # the answer is ready: within 15 working days
    PUBLISH = "publish"  # within 2 working days of the answer being ready
    RETURN_ANSWER = "return_answer"  # the leader sends the draft answer back
    REOPEN = "reopen"  # the sender, once, with a reason


class Actor(StrEnum):
    STAFF = "staff"  # any non-supervising role in the responsible unit
    LEADER = "leader"  # an office or agency leader of the responsible unit
    SENDER = "sender"  # the sender's own account
    ANYONE = "anyone"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str
    actor: Actor


NEW = ""
# The working days each state may last before its next step is late, counted from the day
# named in services (receipt, information received, answer ready, reopening).
LIMIT_DAYS: dict[str, int] = {
    S.RECEIVED: 2,  # classify or reject
    S.CLASSIFIED: 5,  # request information, forward or start handling
    S.IN_HANDLING: 15,  # the answer is ready
    S.AWAITING_PUBLICATION: 2,  # the answer is published
}
REJECT_DAYS = 2

RULES: dict[Action, Rule] = {
    Action.RECEIVE: Rule(frozenset({NEW}), S.RECEIVED, Actor.ANYONE),
    Action.CLASSIFY: Rule(frozenset({S.RECEIVED}), S.CLASSIFIED, Actor.STAFF),
    Action.REJECT: Rule(frozenset({S.RECEIVED, S.CLASSIFIED}), S.REJECTED, Actor.STAFF),
    Action.REQUEST_INFORMATION: Rule(
        frozenset({S.CLASSIFIED, S.IN_HANDLING}), S.AWAITING_INFORMATION, Actor.STAFF
    ),
    Action.PROVIDE_INFORMATION: Rule(
        frozenset({S.AWAITING_INFORMATION}), S.IN_HANDLING, Actor.STAFF
    ),
    Action.FORWARD: Rule(frozenset({S.RECEIVED, S.CLASSIFIED}), S.FORWARDED, Actor.STAFF),
    Action.START_HANDLING: Rule(frozenset({S.CLASSIFIED}), S.IN_HANDLING, Actor.STAFF),
    Action.ANSWER: Rule(frozenset({S.IN_HANDLING}), S.AWAITING_PUBLICATION, Actor.STAFF),
    Action.RETURN_ANSWER: Rule(frozenset({S.AWAITING_PUBLICATION}), S.IN_HANDLING, Actor.LEADER),
    Action.PUBLISH: Rule(frozenset({S.AWAITING_PUBLICATION}), S.PUBLISHED, Actor.LEADER),
    Action.REOPEN: Rule(frozenset({S.PUBLISHED}), S.IN_HANDLING, Actor.SENDER),
}

STAFF_ACTIONS = tuple(
    action for action, rule in RULES.items() if rule.actor in (Actor.STAFF, Actor.LEADER)
)


class TransitionRefusedError(ValueError):
    """The action is not allowed in the feedback's state."""


def rule_for(action: Action, state: str) -> Rule:
    """Return the rule of `action` from `state`, or raise TransitionRefusedError."""
    rule = RULES[action]
    if state not in rule.sources:
        raise TransitionRefusedError(action, state)
    return rule


def allowed_actions(state: str) -> list[Action]:
    """Return the actions the state allows (before any check of who acts), in table order."""
    return [action for action, rule in RULES.items() if state in rule.sources]
