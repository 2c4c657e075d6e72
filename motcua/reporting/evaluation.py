"""The evaluation of dossier handling of TT 01/2018 Art. 12-15 (domain.md §10), per unit and per
officer, over the dossiers finished in a period.

Each indicator scores a dossier 2, 1 or 0; an indicator's score is the mean over the dossiers,
1 decimal. What motcua can compute, and how:

1. total time vs legal time: finished early 2, on time 1, late 0 (the outcome of
   docs/indicators.md);
2. each unit's time vs its allotment: over the dossier's timed steps, the worst one (finished on
   an earlier day than its due 2, the same day and by its due time 1, later 0); dossiers without
   timed steps (imported history) do not count;
3. contacts needed to complete the dossier: no supplement request 2, one 1, more 0;
4. agencies the applicant had to visit: 2 for every dossier (the one-stop unit is the only
   place; joint processing moves between agencies inside the system);
7. staff attitude: early 2, on time 1, late 0, as long as no complaint is upheld (feedback about
   a dossier is linked to it, `feedback.Feedback.dossier`, but records no verdict on whether the
   complaint was upheld: none is known yet);
5, 6, 8, 9 (the unit's one-stop model, publicity, PAKN handling, online-service progress) are
   assessed by the inspecting authority, not from dossiers: not applicable here.

Officers (indicators 1, 2, 3, 4, 7, out of 10): the dossiers they acted on (any event).
Bands: >= 5 completes the task (100%), 3.5-<5 70-<100%, < 3.5 below 70%. Units (out of 18, the
available indicators scaled to 18): >= 15 excellent, 12-<15 good, 9-<12 fair, 6-<9 average,
< 6 weak.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit, User
from motcua.dossiers.models import DossierEvent, DossierStep
from motcua.reporting.facts import local_date
from motcua.reporting.figures import Period
from motcua.reporting.models import DossierFact

# The nine indicators of TT 01/2018 Art. 13-14 (domain.md §10), in their order, and how motcua
# scores each (the evaluation page shows both).
INDICATORS = (
    ("1", _("Total handling time against the legal time"),
     _("Finished early 2, on time 1, late 0.")),
    ("2", _("Each unit's time against its allotment"),
     _("Per dossier, the worst of its timed steps: earlier day 2, same day 1, later 0; dossiers "
       "without timed steps (imported history) do not count.")),
    ("3", _("Contacts needed to complete the dossier"),
     _("No supplement request 2, one 1, more 0.")),
    ("4", _("Agencies the applicant had to visit"),
     _("2: the one-stop unit is the only place; joint processing moves inside the system.")),
    ("5", _("The one-stop model"), None),
    ("6", _("Publicity of the procedures"), None),
    ("7", _("Staff attitude"),
     _("Early 2, on time 1, late 0. An upheld complaint would make it 0, but feedback (PAKN) "
       "about a dossier records no verdict on the complaint yet, so none is known.")),
    ("8", _("Handling of feedback and complaints (PAKN)"), None),
    ("9", _("Progress of online public services"), None),
)  # fmt: skip
BAND_NAMES = {
    "complete": _("Completes 100 percent of the task"),
    "partial": _("Completes 70 to under 100 percent of the task"),
    "below": _("Completes under 70 percent of the task"),
    "excellent": _("Excellent"),
    "good": _("Good"),
    "fair": _("Fair"),
    "average": _("Average"),
    "weak": _("Weak"),
}
DOSSIER_INDICATORS = ("1", "2", "3", "4", "7")
UNIT_ONLY = ("5", "6", "8", "9")
OFFICER_BANDS = ((Decimal(5), "complete"), (Decimal("3.5"), "partial"), (Decimal(0), "below"))
UNIT_BANDS = (
    (Decimal(15), "excellent"),
    (Decimal(12), "good"),
    (Decimal(9), "fair"),
    (Decimal(6), "average"),
    (Decimal(0), "weak"),
)
_OUTCOME = {"early": 2, "on_time": 1, "late": 0}


def _one(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _step_scores(dossier_ids: list[int]) -> dict[int, int]:
    """Return indicator 2 of each dossier with timed, finished steps (the worst step)."""
    worst: dict[int, int] = {}
    for dossier_id, finished, due in DossierStep.objects.filter(
        dossier_id__in=dossier_ids, due_at__isnull=False, finished_at__isnull=False
    ).values_list("dossier_id", "finished_at", "due_at"):
        if finished is None or due is None:
            continue  # filtered out above; for the type checker
        if local_date(finished) < local_date(due):
            score = 2
        elif finished <= due:
            score = 1
        else:
            score = 0
        worst[dossier_id] = min(worst.get(dossier_id, 2), score)
    return worst


def _scores(fact: Mapping[str, Any], steps: dict[int, int]) -> dict[str, int | None]:
    outcome = _OUTCOME[fact["outcome"]]
    requests = fact["supplement_requests"]
    return {
        "1": outcome,
        "2": steps.get(fact["dossier_id"]),
        "3": 2 if requests == 0 else (1 if requests == 1 else 0),
        "4": 2,
        "7": outcome,
    }


def _means(rows: list[dict[str, int | None]]) -> dict[str, float | None]:
    result: dict[str, float | None] = {}
    for indicator in DOSSIER_INDICATORS:
        values = [row[indicator] for row in rows if row[indicator] is not None]
        result[indicator] = (
            _one(Decimal(sum(v for v in values if v is not None)) / len(values)) if values else None
        )
    return result


def _band(total: Decimal, bands: tuple[tuple[Decimal, str], ...]) -> str:
    return next(name for lowest, name in bands if total >= lowest)


def evaluation(*, unit: OrgUnit, period: Period) -> dict[str, Any]:
    """Return the unit's evaluation and its officers', over the dossiers of its subtree
    finished in the period."""
    facts = list(
        DossierFact.objects.filter(
            unit__path__startswith=unit.path, end_day__gte=period.start, end_day__lte=period.end
        ).values("dossier_id", "outcome", "supplement_requests")
    )
    ids = [fact["dossier_id"] for fact in facts]
    steps = _step_scores(ids)
    scored = {fact["dossier_id"]: _scores(fact, steps) for fact in facts}
    means = _means(list(scored.values()))
    available = [value for value in means.values() if value is not None]
    unit_total = Decimal(str(sum(available))) * 18 / (2 * len(available)) if available else None
    handled: dict[int, set[int]] = defaultdict(set)
    for actor_id, dossier_id in (
        DossierEvent.objects.filter(dossier_id__in=ids, actor__isnull=False)
        .values_list("actor_id", "dossier_id")
        .distinct()
    ):
        handled[actor_id].add(dossier_id)
    names = {
        pk: full or username
        for pk, full, username in User.objects.filter(pk__in=list(handled)).values_list(
            "pk", "full_name", "username"
        )
    }
    officers = []
    for actor_id, dossiers in sorted(handled.items(), key=lambda item: names.get(item[0], "")):
        officer_means = _means([scored[d] for d in dossiers])
        total = sum((Decimal(str(v)) for v in officer_means.values() if v is not None), Decimal(0))
        officers.append(
            {
                "officer": actor_id,
                "name": names.get(actor_id, ""),
                "dossiers": len(dossiers),
                "indicators": officer_means,
                "total": _one(total),
                "band": _band(total, OFFICER_BANDS),
            }
        )
    return {
        "dossiers": len(facts),
        "unit": {
            "indicators": {**means, **dict.fromkeys(UNIT_ONLY)},
            "total": _one(unit_total) if unit_total is not None else None,
            "band": _band(unit_total, UNIT_BANDS) if unit_total is not None else None,
        },
        "officers": officers,
    }
