"""The feedback's history is the truth: rebuild the state from the events and check the cached
columns against it (like dossiers.history)."""

from __future__ import annotations

from collections.abc import Iterable

from motcua.feedback.lifecycle import Action, TransitionRefusedError, rule_for
from motcua.feedback.models import Feedback, FeedbackEvent


class HistoryMismatchError(AssertionError):
    """The feedback's columns disagree with its events."""


def replay(events: Iterable[FeedbackEvent]) -> tuple[str, int]:
    """Return the state and revision the events lead to, checking each transition against the
    lifecycle table (an impossible history raises)."""
    state, revision = "", 0
    for event in events:
        if event.sequence != revision + 1 or event.from_state != state:
            raise HistoryMismatchError(f"event {event.sequence} does not follow {revision}")
        try:
            target = rule_for(Action(event.action), state).target
        except TransitionRefusedError:
            raise HistoryMismatchError(f"{event.action} is not allowed from {state!r}") from None
        if event.to_state != target:
            raise HistoryMismatchError(
                f"{event.action} leads to {target!r}, not {event.to_state!r}"
            )
        state, revision = event.to_state, event.sequence
    return state, revision


def check(feedback: Feedback) -> None:
    """Raise HistoryMismatchError unless the state and revision are those the events lead to."""
    replayed = replay(feedback.events.order_by("sequence"))
    if replayed != (feedback.state, feedback.revision):
        raise HistoryMismatchError(
            f"columns {(feedback.state, feedback.revision)}, history {replayed}"
        )
