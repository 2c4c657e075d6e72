"""The applicant's rating of the service, after the result is returned (domain.md §10).

One rating per dossier: a later rating replaces it as the current one (`Dossier.rating`), and
every rating stays in the history as its own "rate" event, so a change is recorded. A "not
satisfied" rating feeds criterion 5 of the 766 index (domain.md §9).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import Dossier, RatingCriterion, RatingLevel
from motcua.dossiers.services.common import DossierError, check_transition, lock, record

VIA = frozenset({"online", "counter"})


@transaction.atomic
def dossier_rate(
    *,
    actor: User,
    dossier: Dossier,
    revision: int,
    overall: str,
    criteria: dict[str, str],
    via: str,
    comment: str = "",
) -> Dossier:
    """Record the applicant's rating (overall and per criterion), online or at the counter.

    `actor` is the applicant online, or the one-stop officer whose counter tablet took it.
    """
    dossier = lock(dossier, revision)
    check_transition(actor=actor, dossier=dossier, action=Action.RATE)
    if overall not in RatingLevel.values:
        raise DossierError(_("Choose how satisfied you are overall."), field="overall")
    unknown = set(criteria) - set(RatingCriterion.values)
    if unknown or any(level not in RatingLevel.values for level in criteria.values()):
        raise DossierError(_("Choose one of the three levels for each question."), field="criteria")
    if via not in VIA:
        raise DossierError(_("Unknown channel."), field="via")
    previous = dossier.rating
    dossier.rating = overall
    record(
        dossier,
        action=Action.RATE,
        actor=actor,
        at=timezone.now(),
        from_state=dossier.state,
        from_position=dossier.position,
        fields=["rating"],
        actor_unit=dossier.receiving_unit,
        note=comment.strip(),
        data={
            "overall": overall,
            "criteria": dict(sorted(criteria.items())),
            "via": via,
            "replaces": previous or None,
        },
    )
    return dossier
