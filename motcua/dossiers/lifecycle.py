"""Which action is allowed in which state, by whom, and where it leads (domain.md §5).

Pure data and functions: the services ask `rule_for(action, state)` before any write, and
`history.replay` uses the same table to rebuild the state from the events.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from motcua.dossiers.models import DossierState as S


class Action(StrEnum):
    """Every action on a dossier; the value is the event's `action` code."""

    SUBMIT = "submit"  # an online or postal dossier arrives
    RECEIVE = "receive"  # form 01: receipt and appointment, code issued, clock starts
    RETURN_FOR_COMPLETION = "return_for_completion"  # form 02 at intake
    REFUSE_AT_INTAKE = "refuse_at_intake"  # form 03
    FORWARD = "forward"  # one-stop unit -> handling agency (NĐ 61 Art. 18)
    ASSIGN = "assign"  # a leader names the handler of the current step
    TAKE = "take"  # an officer of the step takes the dossier
    COMPLETE_STEP = "complete_step"
    APPROVE = "approve"  # a leader completes a review step
    SIGN = "sign"  # the agency leader signs
    ISSUE_RESULT = "issue_result"  # the result is issued: processing ends
    SEND_BACK = "send_back"  # back to the previous step
    CONSULT = "consult"  # ask another unit's opinion (recorded, Art. 19(2))
    REPLY = "reply"  # the consulted unit answers
    REQUEST_SUPPLEMENT = "request_supplement"  # Art. 19(4), within 3 wd of receipt; form 02
    COMPLETE_SUPPLEMENT = "complete_supplement"  # the limit restarts (rule 7)
    REFUSE = "refuse"  # not eligible after appraisal
    STOP = "stop"  # form 05
    WITHDRAW = "withdraw"  # the applicant withdraws
    REQUEST_EXTENSION = "request_extension"  # form 04, once, one wd before the due date
    RETURN_RESULT = "return_result"  # handed over at the counter or online
    RECORD_POSTAL_DISPATCH = "record_postal_dispatch"  # the result leaves by post
    RECORD_PAYMENT = "record_payment"  # a fee paid, with its receipt number
    RATE = "rate"  # the applicant rates the service after the return (domain.md §10)


class Actor(StrEnum):
    """Who may take an action (policies.can_act checks it against memberships)."""

    INTAKE = "intake"  # a one-stop officer of the receiving unit
    STEP = "step"  # the holder, or an officer with the current step's role in its unit
    STEP_LEADER = "step_leader"  # a leader (office or agency) of the current step's unit
    HANDLING_LEADER = "handling_leader"  # a leader of a unit on the dossier's process
    INTAKE_OR_LEADER = "intake_or_leader"  # one-stop officer of the receiving unit or a leader
    CONSULTED = "consulted"  # an officer of the unit that was consulted


@dataclass(frozen=True)
class Rule:
    """An action allowed from `sources`, leading to `target` (None: the state does not change)."""

    sources: frozenset[str]
    target: str | None
    actor: Actor


NEW = ""  # a counter dossier has no state before the officer's first action
INTAKE = frozenset({NEW, S.SUBMITTED})
PROCESSING = frozenset({S.IN_PROGRESS, S.SUPPLEMENT_COMPLETED})
OPEN = PROCESSING | {S.RECEIVED, S.SUPPLEMENT_REQUESTED}

RULES: dict[Action, Rule] = {
    Action.SUBMIT: Rule(frozenset({NEW}), S.SUBMITTED, Actor.INTAKE),
    Action.RECEIVE: Rule(INTAKE, S.RECEIVED, Actor.INTAKE),
    Action.RETURN_FOR_COMPLETION: Rule(INTAKE, S.RETURNED_FOR_COMPLETION, Actor.INTAKE),
    Action.REFUSE_AT_INTAKE: Rule(INTAKE, S.REFUSED_AT_INTAKE, Actor.INTAKE),
    Action.FORWARD: Rule(frozenset({S.RECEIVED}), S.IN_PROGRESS, Actor.INTAKE),
    Action.ASSIGN: Rule(PROCESSING, None, Actor.STEP_LEADER),
    Action.TAKE: Rule(PROCESSING, None, Actor.STEP),
    Action.COMPLETE_STEP: Rule(PROCESSING, None, Actor.STEP),
    Action.APPROVE: Rule(PROCESSING, None, Actor.STEP),
    Action.SIGN: Rule(PROCESSING, None, Actor.STEP),
    Action.ISSUE_RESULT: Rule(PROCESSING, S.PROCESSED, Actor.STEP),
    Action.SEND_BACK: Rule(PROCESSING, None, Actor.STEP),
    Action.CONSULT: Rule(PROCESSING, None, Actor.STEP),
    Action.REPLY: Rule(PROCESSING | {S.SUPPLEMENT_REQUESTED}, None, Actor.CONSULTED),
    Action.REQUEST_SUPPLEMENT: Rule(PROCESSING, S.SUPPLEMENT_REQUESTED, Actor.STEP),
    Action.COMPLETE_SUPPLEMENT: Rule(
        frozenset({S.SUPPLEMENT_REQUESTED}), S.SUPPLEMENT_COMPLETED, Actor.INTAKE
    ),
    Action.REFUSE: Rule(PROCESSING, S.REFUSED, Actor.STEP_LEADER),
    Action.STOP: Rule(OPEN, S.STOPPED, Actor.INTAKE_OR_LEADER),
    Action.WITHDRAW: Rule(OPEN | {S.SUBMITTED}, S.WITHDRAWN, Actor.INTAKE),
    Action.REQUEST_EXTENSION: Rule(PROCESSING, None, Actor.HANDLING_LEADER),
    Action.RETURN_RESULT: Rule(frozenset({S.PROCESSED}), S.RETURNED, Actor.INTAKE),
    Action.RECORD_POSTAL_DISPATCH: Rule(frozenset({S.PROCESSED}), S.RETURNED, Actor.INTAKE),
    Action.RECORD_PAYMENT: Rule(OPEN | {S.SUBMITTED, S.PROCESSED}, None, Actor.INTAKE),
    # Online by the applicant, or on the counter's tablet, which a one-stop officer of the
    # receiving unit has open (the event names that officer, `via` says "counter").
    Action.RATE: Rule(frozenset({S.RETURNED}), None, Actor.INTAKE),
}

# What the applicant does on their own dossier through the portal (domain.md §5): apply online,
# hand in the missing items of a supplement request, withdraw.
APPLICANT_ACTIONS = frozenset(
    {Action.SUBMIT, Action.COMPLETE_SUPPLEMENT, Action.WITHDRAW, Action.RATE}
)

# A step's own action, by the role the step needs: a leader approves, the agency leader signs.
STEP_ACTION_ROLES: dict[Action, frozenset[str]] = {
    Action.APPROVE: frozenset({"office_leader", "agency_leader"}),
    Action.SIGN: frozenset({"agency_leader"}),
}

FINAL = frozenset(
    {S.REFUSED_AT_INTAKE, S.REFUSED, S.STOPPED, S.WITHDRAWN, S.RETURNED}
)  # nothing changes after these but the rating of a returned result (returned for
# completion: the applicant applies again)


class TransitionRefusedError(ValueError):
    """The action is not allowed in the dossier's state."""


def rule_for(action: Action, state: str) -> Rule:
    """Return the rule of `action` from `state`, or raise TransitionRefusedError."""
    rule = RULES[action]
    if state not in rule.sources:
        raise TransitionRefusedError(action, state)
    return rule


def target_state(action: Action, state: str) -> str:
    """Return the state after `action` from `state` (the same when the action keeps it)."""
    return rule_for(action, state).target or state


def allowed_actions(state: str) -> list[Action]:
    """Return the actions the state allows (before any check of who acts), in table order."""
    return [action for action, rule in RULES.items() if state in rule.sources]
