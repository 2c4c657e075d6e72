"""The lifecycle table (domain.md §5) on its own: which actions each state allows."""

import pytest

from motcua.dossiers.lifecycle import (
    FINAL,
    RULES,
    Action,
    TransitionRefusedError,
    allowed_actions,
    rule_for,
    target_state,
)
from motcua.dossiers.models import DossierState


def test_every_action_has_a_rule_and_every_state_is_reachable():
    assert set(RULES) == set(Action)
    targets = {rule.target for rule in RULES.values() if rule.target}
    assert targets == set(DossierState.values)


@pytest.mark.parametrize("state", sorted(FINAL))
def test_nothing_happens_after_a_final_state(state):
    # Only the applicant's rating of a returned result, which changes no state.
    assert allowed_actions(state) == ([Action.RATE] if state == "returned" else [])


@pytest.mark.parametrize(
    ("action", "state", "expected"),
    [
        (Action.RECEIVE, "", "received"),
        (Action.RECEIVE, "submitted", "received"),
        (Action.FORWARD, "received", "in_progress"),
        (Action.COMPLETE_STEP, "in_progress", "in_progress"),
        (Action.REQUEST_SUPPLEMENT, "in_progress", "supplement_requested"),
        (Action.COMPLETE_SUPPLEMENT, "supplement_requested", "supplement_completed"),
        (Action.COMPLETE_STEP, "supplement_completed", "supplement_completed"),
        (Action.ISSUE_RESULT, "in_progress", "processed"),
        (Action.RETURN_RESULT, "processed", "returned"),
        (Action.WITHDRAW, "submitted", "withdrawn"),
        (Action.STOP, "supplement_requested", "stopped"),
    ],
)
def test_allowed_transitions(action, state, expected):
    assert target_state(action, state) == expected


@pytest.mark.parametrize(
    ("action", "state"),
    [
        (Action.FORWARD, "submitted"),  # received first
        (Action.COMPLETE_STEP, "received"),  # forwarded first
        (Action.COMPLETE_STEP, "supplement_requested"),  # waiting for the applicant
        (Action.REQUEST_SUPPLEMENT, "supplement_requested"),
        (Action.RETURN_RESULT, "in_progress"),
        (Action.REFUSE, "processed"),
        (Action.RECEIVE, "received"),
    ],
)
def test_refused_transitions(action, state):
    with pytest.raises(TransitionRefusedError):
        rule_for(action, state)
