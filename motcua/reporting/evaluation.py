"""The evaluation of dossier handling of TT 01/2018/TT-VPCP Art. 12-15 (domain.md §10), per unit
and per officer, over the dossiers finished in a period.

Each indicator scores 2, 1 or 0. The per-dossier indicators (1, 2, 3, 4, 7) score each dossier
and the indicator is the mean over the dossiers, 1 decimal (`dossier_scores`):

1. total time vs legal time: finished early 2, on time 1, late 0 (the outcome of
   docs/indicators.md);
2. each unit's time vs its allotment: over the dossier's timed steps, the worst one (finished on
   an earlier day than its due 2, the same day and by its due time 1, later 0); dossiers without
   timed steps (imported history) do not count;
3. contacts needed to complete the dossier: no supplement request 2, one 1, more 0;
4. agencies the applicant had to visit: 2 for every dossier (the one-stop unit is the only
   place; joint processing moves between agencies inside the system);
7. staff attitude: early 2, on time 1, late 0, and 0 for a dossier with an upheld complaint.
   A complaint about a dossier is a feedback (PAKN) linked to it (`Feedback.dossier`, set at
   receipt from the dossier code the sender gives), but neither the feedback model nor its
   lifecycle records whether it was upheld: the answer is free text and complaints
   (*khiếu nại*) follow other laws (domain.md §11). So no dossier is known to have an upheld
   complaint (`upheld_complaints` is empty) and the dossiers with linked feedback are only
   counted (`feedback_dossiers`), until the feedback app records an outcome.

The per-unit indicators (5, 6, 8, 9) are computed from data motcua holds, as measures of rates
(`UNIT_INDICATORS`, the thresholds as data): a measure scores 2 at or above `full`, 1 at or
above `partial`, 0 below; an indicator is the lowest of its measures (all must hold for 2). The
text of TT 01/2018 Art. 13-14 giving what earns 2, 1 and 0 for these four was not available to
us (docs/indicators.md): the thresholds are our defaults, defended next to each one.

An indicator without data (no dossier with timed steps, a commune that publishes no procedure,
a unit that received no feedback) is *not applicable*: shown as such, and counted at full marks
in the total, as domain.md §9 does for criteria that cannot apply, so that a missing source does
not lower a band. The unit's total is the sum of the nine (out of 18, no scaling); the officers'
of indicators 1, 2, 3, 4, 7 (out of 10) over the dossiers they acted on (any event). Bands
(domain.md §10): officers >= 5 completes the task (100%), 3.5-<5 70-<100%, < 3.5 below 70%;
units >= 15 excellent, 12-<15 good, 9-<12 fair, 6-<9 average, < 6 weak. Without a finished
dossier there is nothing to evaluate: no total, no band.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit, OrgUnitKind, User
from motcua.dossiers.models import DossierEvent, DossierStep
from motcua.feedback.models import Feedback, FeedbackState
from motcua.reporting.facts import local_date
from motcua.reporting.figures import Period, counters_by_unit, total
from motcua.reporting.models import DossierFact
from motcua.reporting.report import catalog_figures, derived, feedback_counts_by_unit

INDICATORS = ("1", "2", "3", "4", "5", "6", "7", "8", "9")
DOSSIER_INDICATORS = ("1", "2", "3", "4", "7")
UNIT_ONLY = ("5", "6", "8", "9")
UNIT_MAX = 18
OFFICER_MAX = 10
# domain.md §9: what cannot apply gets full marks (here: an indicator without data).
NOT_APPLICABLE_POINTS = 2
OFFICER_BANDS = ((Decimal(5), "complete"), (Decimal("3.5"), "partial"), (Decimal(0), "below"))
UNIT_BANDS = (
    (Decimal(15), "excellent"),
    (Decimal(12), "good"),
    (Decimal(9), "fair"),
    (Decimal(6), "average"),
    (Decimal(0), "weak"),
)
_OUTCOME = {"early": 2, "on_time": 1, "late": 0}

NAMES: dict[str, Promise] = {
    "1": _("Total handling time against the legal time"),
    "2": _("Each unit's time against its allotment"),
    "3": _("Contacts needed to complete the dossier"),
    "4": _("Agencies the applicant had to visit"),
    "5": _("Receipt and return through the one-stop unit"),
    "6": _("Publicity of the procedures"),
    "7": _("Staff attitude"),
    "8": _("Handling of feedback (PAKN)"),
    "9": _("Progress of online public services"),
}
# How each per-dossier indicator is computed, as the page shows it.
HOW: dict[str, Promise] = {
    "1": _("Per dossier: finished early 2, on time 1, late 0; the mean over the dossiers."),
    "2": _(
        "Per dossier, its worst timed step: finished a day before its due date or earlier 2, "
        "on the due date in time 1, late 0; dossiers without timed steps do not count."
    ),
    "3": _("Per dossier: no supplement request 2, one 1, more 0."),
    "4": _(
        "2 for every dossier: the one-stop unit is the only place the applicant goes; joint "
        "processing moves between agencies inside the system."
    ),
    "7": _(
        "Per dossier: finished early 2, on time 1, late 0; 0 with an upheld complaint. The "
        "feedback app does not record whether a complaint is upheld, so none is counted."
    ),
}
BAND_NAMES: dict[str, Promise] = {
    "complete": _("Completes 100 percent of the task"),
    "partial": _("Completes 70 to under 100 percent of the task"),
    "below": _("Completes under 70 percent of the task"),
}  # the units' bands have the names of the 766 bands (index766.BAND_NAMES)


@dataclass(frozen=True)
class Measure:
    """A rate (figures `numerator` / `denominator`) and the rates that earn 2 and 1."""

    label: Promise
    numerator: str
    denominator: str
    full: Decimal  # 2 points at or above this rate (0..1)
    partial: Decimal  # 1 point at or above this rate; 0 below
    criterion: str = ""  # the 766 criterion with the same figures (docs/indicators.md)


@dataclass(frozen=True)
class UnitIndicator:
    id: str
    measures: tuple[Measure, ...]  # the indicator is the lowest of its applicable ones


_ALL, _90, _80, _70, _50, _40, _25 = (
    Decimal(1),
    Decimal("0.9"),
    Decimal("0.8"),
    Decimal("0.7"),
    Decimal("0.5"),
    Decimal("0.4"),
    Decimal("0.25"),
)

# TT 01/2018 Art. 13-14, indicators 5, 6, 8, 9 (domain.md §10). The rule text was not found;
# these are our defaults (docs/indicators.md). A change of rules is a change of this table.
UNIT_INDICATORS: tuple[UnitIndicator, ...] = (
    # NĐ 61/2018 (the one-stop mechanism): every dossier is received and its result returned
    # at the one-stop unit, so 2 needs all of them; 1 tolerates a few received elsewhere
    # (imported history).
    UnitIndicator(
        "5",
        (
            Measure(
                _("Dossiers finished in the period received by a one-stop centre"),
                "one_stop_dossiers",
                "dossiers",
                _ALL,
                _90,
            ),
        ),
    ),
    # Publicity is the 766 group 1 publication data (province level: communes publish no
    # procedure, so the indicator does not apply to them): complete and on time earns 2.
    UnitIndicator(
        "6",
        (
            Measure(
                _("Publication decisions made 5 working days before taking effect"),
                "published_on_time",
                "publications",
                _ALL,
                _80,
                "1.1",
            ),
            Measure(
                _("Decisions made public within 5 working days"),
                "made_public_on_time",
                "due_public",
                _ALL,
                _80,
                "1.2",
            ),
            Measure(
                _("Procedures in force published with complete content"),
                "complete_content",
                "published",
                _ALL,
                _80,
                "1.3",
            ),
        ),
    ),
    # 766 criterion 5.1. Feedback received near the period's end may still be in handling,
    # so 2 does not demand 100%: 90% (the 766 satisfaction threshold, 5.3); 1 at 70% (the
    # officers' lower band of domain.md §10).
    UnitIndicator(
        "8",
        (
            Measure(
                _("Feedback received in the period answered on time"),
                "pakn_on_time",
                "pakn",
                _90,
                _70,
                "5.1",
            ),
        ),
    ),
    # 766 criteria 3.1 and 3.2: 2 at their thresholds (80% of the procedures online, 50% of
    # the dossiers received online), 1 at half of them.
    UnitIndicator(
        "9",
        (
            Measure(
                _("Procedures in competence offering an online service"),
                "procedures_online",
                "procedures",
                _80,
                _40,
                "3.1",
            ),
            Measure(
                _("Dossiers received online in the period"),
                "received_online",
                "received",
                _50,
                _25,
                "3.2",
            ),
        ),
    ),
)


def _one(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _percent(value: Decimal) -> float:
    return float((value * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def dossier_scores(
    *, outcome: str, supplement_requests: int, step_score: int | None, upheld: bool
) -> dict[str, int | None]:
    """Return indicators 1, 2, 3, 4 and 7 of one dossier (TT 01/2018 Art. 13; domain.md §10).

    `step_score` is indicator 2 (None without timed steps); an upheld complaint makes 7 zero
    whatever the timing.
    """
    timing = _OUTCOME[outcome]
    return {
        "1": timing,
        "2": step_score,
        "3": 2 if supplement_requests == 0 else (1 if supplement_requests == 1 else 0),
        "4": 2,
        "7": 0 if upheld else timing,
    }


def measure_score(measure: Measure, figures: Mapping[str, int]) -> dict[str, Any]:
    """Return the measure's numerator, denominator, rate (%, 2 decimals) and score (2/1/0), or a
    null rate and score when the denominator is empty (the measure does not apply)."""
    numerator = int(figures.get(measure.numerator, 0))
    denominator = int(figures.get(measure.denominator, 0))
    result: dict[str, Any] = {
        "criterion": measure.criterion,
        "numerator": numerator,
        "denominator": denominator,
        "rate": None,
        "score": None,
        "full": _percent(measure.full),
        "partial": _percent(measure.partial),
    }
    if denominator:
        rate = Decimal(numerator) / Decimal(denominator)
        result["rate"] = _percent(rate)
        result["score"] = 2 if rate >= measure.full else (1 if rate >= measure.partial else 0)
    return result


def unit_indicator(
    indicator: UnitIndicator, figures: Mapping[str, int]
) -> tuple[int | None, list[dict[str, Any]]]:
    """Return a per-unit indicator (the lowest score of its applicable measures, None when
    none applies) and its measures (TT 01/2018 Art. 13; thresholds in UNIT_INDICATORS)."""
    measures = [measure_score(measure, figures) for measure in indicator.measures]
    scores = [item["score"] for item in measures if item["score"] is not None]
    return (min(scores) if scores else None), measures


def _means(rows: list[dict[str, int | None]]) -> dict[str, float | None]:
    result: dict[str, float | None] = {}
    for indicator in DOSSIER_INDICATORS:
        values = [row[indicator] for row in rows if row[indicator] is not None]
        result[indicator] = (
            _one(Decimal(sum(v for v in values if v is not None)) / len(values)) if values else None
        )
    return result


def counted_total(scores: Iterable[float | None]) -> Decimal:
    """Return the sum of the scores, a not-applicable one (None) at full marks (domain.md §9)."""
    return sum(
        (Decimal(str(NOT_APPLICABLE_POINTS if s is None else s)) for s in scores), Decimal(0)
    )


def band(total: Decimal, bands: tuple[tuple[Decimal, str], ...]) -> str:
    """Return the band of a total (domain.md §10): the first whose lowest total it reaches."""
    return next(name for lowest, name in bands if total >= lowest)


def _step_scores(facts: QuerySet[DossierFact]) -> dict[int, int]:
    """Return indicator 2 of each dossier with timed, finished steps (the worst step)."""
    worst: dict[int, int] = {}
    for dossier_id, finished, due in DossierStep.objects.filter(
        dossier_id__in=facts.values("dossier_id"),
        due_at__isnull=False,
        finished_at__isnull=False,
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


def upheld_complaints(*, facts: QuerySet[DossierFact]) -> frozenset[int]:
    """Return the dossiers with an upheld complaint (indicator 7 scores them 0): none, since
    no outcome of a feedback is recorded (module docstring). Kept as the one place to read it
    from once the feedback app records one."""
    return frozenset()


def unit_figures(*, unit: OrgUnit, period: Period) -> Counter[str]:
    """Return the figures of the unit's report (the same as the 766 index reads: counters,
    catalogue and publication, feedback) that indicators 6, 8 and 9 measure."""
    figures = derived(total(counters_by_unit(unit=unit, period=period)))
    figures.update(catalog_figures(unit=unit, period=period))
    figures.update(total(feedback_counts_by_unit(unit=unit, period=period)))
    return figures


def evaluation(*, unit: OrgUnit, period: Period) -> dict[str, Any]:
    """Return the unit's evaluation and its officers', over the dossiers of its subtree
    finished in the period (TT 01/2018 Art. 12-15; domain.md §10)."""
    finished = DossierFact.objects.filter(
        unit__path__startswith=unit.path, end_day__gte=period.start, end_day__lte=period.end
    )
    facts = list(finished.values("dossier_id", "outcome", "supplement_requests", "unit__kind"))
    steps = _step_scores(finished)
    upheld = upheld_complaints(facts=finished)
    scored = {
        fact["dossier_id"]: dossier_scores(
            outcome=fact["outcome"],
            supplement_requests=fact["supplement_requests"],
            step_score=steps.get(fact["dossier_id"]),
            upheld=fact["dossier_id"] in upheld,
        )
        for fact in facts
    }
    means = _means(list(scored.values()))
    figures = unit_figures(unit=unit, period=period)
    figures["dossiers"] = len(facts)
    figures["one_stop_dossiers"] = sum(
        1 for fact in facts if fact["unit__kind"] == OrgUnitKind.ONE_STOP_CENTRE
    )
    indicators: dict[str, float | None] = dict(means)
    measures: dict[str, list[dict[str, Any]]] = {}
    for definition in UNIT_INDICATORS:
        score, measures[definition.id] = unit_indicator(definition, figures)
        indicators[definition.id] = float(score) if score is not None else None
    ordered = {key: indicators[key] for key in INDICATORS}
    unit_total = counted_total(ordered.values()) if facts else None
    feedback_dossiers = (
        Feedback.objects.filter(dossier_id__in=finished.values("dossier_id"))
        .exclude(state=FeedbackState.REJECTED)
        .values("dossier_id")
        .distinct()
        .count()
    )
    return {
        "dossiers": len(facts),
        "unit": {
            "indicators": ordered,
            "measures": measures,
            "not_applicable": [key for key, value in ordered.items() if value is None],
            "total": _one(unit_total) if unit_total is not None else None,
            "max": UNIT_MAX,
            "band": band(unit_total, UNIT_BANDS) if unit_total is not None else None,
            "feedback_dossiers": feedback_dossiers,
            "upheld_complaints": len(upheld),
        },
        "officers": _officers(finished, scored),
    }


def _officers(
    finished: QuerySet[DossierFact], scored: dict[int, dict[str, int | None]]
) -> list[dict[str, Any]]:
    handled: dict[int, set[int]] = defaultdict(set)
    for actor_id, dossier_id in (
        DossierEvent.objects.filter(
            dossier_id__in=finished.values("dossier_id"), actor__isnull=False
        )
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
        officer_means = _means([scored[d] for d in dossiers if d in scored])
        officer_total = counted_total(officer_means.values())
        officers.append(
            {
                "officer": actor_id,
                "name": names.get(actor_id, ""),
                "dossiers": len(dossiers),
                "indicators": officer_means,
                "total": _one(officer_total),
                "band": band(officer_total, OFFICER_BANDS),
            }
        )
    return officers


UNIT_HOW = _(
    "The lowest score of its measures: each scores 2 at or above its first threshold, 1 at or "
    "above its second, 0 below; a measure without data does not count."
)


def indicator_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the nine indicators of a unit's evaluation as the page and the workbook show them:
    id, name, score (None: not applicable), what the total counts, how it is computed and, for
    the per-unit ones, their measures with labels."""
    definitions = {definition.id: definition for definition in UNIT_INDICATORS}
    rows = []
    for key in INDICATORS:
        score = result["unit"]["indicators"][key]
        definition = definitions.get(key)
        measures = []
        if definition is not None:
            measures = [
                {**item, "label": measure.label}
                for measure, item in zip(
                    definition.measures, result["unit"]["measures"][key], strict=True
                )
            ]
        rows.append(
            {
                "id": key,
                "name": NAMES[key],
                "per_unit": definition is not None,
                "score": score,
                "counted": float(NOT_APPLICABLE_POINTS) if score is None else score,
                "how": UNIT_HOW if definition is not None else HOW[key],
                "measures": measures,
            }
        )
    return rows
