"""The dossier's history is the truth (product.md): rebuild the state from the events, and
check the cached columns against it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from motcua.dossiers.lifecycle import Action, target_state
from motcua.dossiers.models import Dossier, DossierEvent


@dataclass(frozen=True)
class Replayed:
    state: str
    position: int | None
    revision: int


class HistoryMismatchError(AssertionError):
    """The dossier's columns disagree with its events."""


def replay(events: Iterable[DossierEvent]) -> Replayed:
    """Return the state, step and revision the events lead to, checking each transition
    against the lifecycle table (an impossible history raises)."""
    state, position, revision = "", None, 0
    for event in events:
        if event.from_state != state:
            raise HistoryMismatchError(
                f"event {event.sequence} starts from {event.from_state!r}, the history is at "
                f"{state!r}"
            )
        expected = target_state(Action(event.action), state)
        # Completing the last processing step ends processing: the one state change a step
        # action makes besides its table target.
        if event.to_state not in (expected, "processed"):
            raise HistoryMismatchError(
                f"event {event.sequence} ({event.action}) leads to {event.to_state!r}, the "
                f"lifecycle to {expected!r}"
            )
        if event.sequence != revision + 1:
            raise HistoryMismatchError(f"event {event.sequence} follows {revision}")
        state, position, revision = event.to_state, event.to_position, event.sequence
    return Replayed(state=state, position=position, revision=revision)


def check(dossier: Dossier) -> None:
    """Raise HistoryMismatchError unless the dossier's state, step and revision are those its
    events lead to."""
    replayed = replay(dossier.events.order_by("sequence"))
    current = Replayed(state=dossier.state, position=dossier.position, revision=dossier.revision)
    if replayed != current:
        raise HistoryMismatchError(f"columns {current} but history {replayed}")
