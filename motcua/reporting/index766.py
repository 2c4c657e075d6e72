"""The 766 index (QĐ 766/QĐ-TTg; domain.md §9) as data, and its scoring.

Each criterion names the figures of its numerator and denominator (keys of the report's
figures, `report.figures`), its maximum and its threshold. A criterion whose data the system
does not hold yet (`source` other than "dossiers"/"catalog": PAKN, signed copies, the citizen's
data store, the population database) or whose denominator is empty is *not applicable*: no
rate, no score, and its maximum is left out of the total. A change of the rules is a change of
`CRITERIA` (or of `BANDS`), not of code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Criterion:
    id: str
    group: str
    max: int
    numerator: str
    denominator: str
    threshold: Decimal | None = None  # a rate (0..1) at or above which the score is full
    source: str = "dossiers"  # where the data comes from; not applicable until it exists


AVAILABLE_SOURCES = frozenset({"dossiers", "catalog", "catalog_publication", "feedback"})

NAMES: dict[str, Promise] = {
    "1": _("Transparency"),
    "2": _("Progress"),
    "3": _("Online services"),
    "3b": _("Online payment"),
    "4": _("Digitisation"),
    "5": _("Satisfaction"),
    "1.1": _("Procedures published on time"),
    "1.2": _("Procedures made public on time"),
    "1.3": _("Procedures published with complete content"),
    "1.4": _("Dossiers synchronised with the national portal"),
    "2.1": _("Dossiers handled on time (766 rule)"),
    "3.1": _("Procedures offering an online service"),
    "3.2": _("Dossiers received online"),
    "3.3": _("Fully online dossiers"),
    "3b.1": _("Fee-bearing procedures with online payment"),
    "3b.2": _("Procedures with at least one online payment"),
    "3b.3": _("Dossiers paid online"),
    "4.1": _("Dossiers with an electronic result"),
    "4.2": _("Dossiers digitised with an electronic result"),
    "4.3": _("Electronic certified copies"),
    "4.4": _("Dossiers reusing digitised data"),
    "4.5": _("Dossiers using the citizen's data store"),
    "4.6": _("Dossiers using population data"),
    "4.7": _("Procedures connected to the population database"),
    "5.1": _("Feedback handled on time"),
    "5.2": _("Satisfaction with feedback answers"),
    "5.3": _("Satisfaction with dossier handling"),
}
BAND_NAMES: dict[str, Promise] = {
    "excellent": _("Excellent"),
    "good": _("Good"),
    "fair": _("Fair"),
    "average": _("Average"),
    "weak": _("Weak"),
}

GROUPS: tuple[tuple[str, int], ...] = (
    ("1", 18),  # transparency
    ("2", 20),  # progress
    ("3", 12),  # online services
    ("3b", 10),  # online payment
    ("4", 22),  # digitisation
    ("5", 18),  # satisfaction
)

_80, _50, _90 = Decimal("0.8"), Decimal("0.5"), Decimal("0.9")

CRITERIA: tuple[Criterion, ...] = (
    Criterion("1.1", "1", 6, "published_on_time", "publications", source="catalog_publication"),
    Criterion("1.2", "1", 4, "made_public_on_time", "due_public", source="catalog_publication"),
    Criterion("1.3", "1", 2, "complete_content", "published", source="catalog_publication"),
    Criterion("1.4", "1", 6, "received_synced", "received"),
    Criterion("2.1", "2", 20, "progress_good", "processed"),
    Criterion("3.1", "3", 4, "procedures_online", "procedures", _80, source="catalog"),
    Criterion("3.2", "3", 4, "received_online", "received", _50),
    Criterion("3.3", "3", 4, "received_full_online", "received_full_eligible"),
    Criterion("3b.1", "3b", 2, "fee_procedures_pay", "fee_procedures", _80, source="payments"),
    Criterion("3b.2", "3b", 2, "procedures_paid", "fee_procedures", source="payments"),
    Criterion("3b.3", "3b", 6, "received_paid_online", "received_fee"),
    Criterion("4.1", "4", 6, "finished_e_result", "finished_result"),
    Criterion("4.2", "4", 4, "finished_digitised_e_result", "finished_result", _80),
    Criterion("4.3", "4", 2, "certified_copies", "copies", source="signing"),
    Criterion("4.4", "4", 2, "received_reused", "received", _80),
    Criterion("4.5", "4", 4, "received_data_store", "received"),
    Criterion("4.6", "4", 2, "population_data", "received", source="population_db"),
    Criterion("4.7", "4", 2, "population_procedures", "procedures", source="population_db"),
    Criterion("5.1", "5", 6, "pakn_on_time", "pakn", source="feedback"),
    Criterion("5.2", "5", 6, "pakn_satisfied", "pakn", source="feedback"),
    Criterion("5.3", "5", 6, "satisfaction_points", "processed", _90),
)

# (lowest total, band) from the top; domain.md §9: >= 90 excellent, < 50 weak, the rest default.
BANDS: tuple[tuple[int, str], ...] = (
    (90, "excellent"),
    (80, "good"),
    (70, "fair"),
    (50, "average"),
    (0, "weak"),
)

CENT = Decimal("0.01")


def _round(value: Decimal) -> float:
    return float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def score(criterion: Criterion, numerator: int, denominator: int) -> tuple[Decimal, Decimal]:
    """Return (rate, score) of a criterion: full marks at or above the threshold, otherwise
    rate x max / threshold; without a threshold rate x max (domain.md §9)."""
    rate = Decimal(numerator) / Decimal(denominator)
    rate = min(max(rate, Decimal(0)), Decimal(1))
    if criterion.threshold is not None:
        points = (
            Decimal(criterion.max)
            if rate >= criterion.threshold
            else rate * criterion.max / criterion.threshold
        )
    else:
        points = rate * criterion.max
    return rate, points


def band(total: float) -> str:
    for lowest, name in BANDS:
        if total >= lowest:
            return name
    return BANDS[-1][1]


def index766(figures: Mapping[str, int]) -> dict[str, Any]:
    """Return the index from the figures: criteria, groups, total (out of 100 over the
    applicable criteria) and band. Rates are percentages with 2 decimals."""
    criteria: list[dict[str, Any]] = []
    groups: dict[str, list[Decimal]] = {name: [Decimal(0), Decimal(0)] for name, _max in GROUPS}
    for criterion in CRITERIA:
        available = criterion.source in AVAILABLE_SOURCES
        numerator = figures.get(criterion.numerator) if available else None
        denominator = figures.get(criterion.denominator) if available else None
        entry: dict[str, Any] = {
            "id": criterion.id,
            "numerator": numerator,
            "denominator": denominator,
            "rate": None,
            "score": None,
            "max": criterion.max,
        }
        if numerator is not None and denominator:
            rate, points = score(criterion, numerator, denominator)
            entry["rate"], entry["score"] = _round(rate * 100), _round(points)
            groups[criterion.group][0] += points
            groups[criterion.group][1] += criterion.max
        criteria.append(entry)
    scored = sum((value[0] for value in groups.values()), Decimal(0))
    possible = sum((value[1] for value in groups.values()), Decimal(0))
    total = _round(scored * 100 / possible) if possible else None
    return {
        "criteria": criteria,
        "groups": [
            {
                "id": name,
                "score": _round(groups[name][0]) if groups[name][1] else None,
                "max": maximum,
            }
            for name, maximum in GROUPS
        ],
        "total": total,
        "band": band(total) if total is not None else None,
    }
