"""The periodic report of a unit (with its subtree) for a period: the JSON of issue 7, which
the command, the API, the dashboard and the xlsx/PDF exports all show."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit, OrgUnitLevel
from motcua.accounts.selectors import working_calendar_for_unit
from motcua.catalog.models import OnlineLevel, ProcedureVersion, VersionStatus
from motcua.deadlines.engine import TimeLimit, due_time
from motcua.feedback.models import Feedback, FeedbackState
from motcua.reporting.figures import Period, counters_by_unit, total
from motcua.reporting.index766 import index766

# The figures of the report, in the order of the printed report, with their labels; the keys
# are those of the JSON and of the drill-down (selectors.FIGURES).
FIGURE_LABELS: tuple[tuple[str, Promise], ...] = (
    ("processed", _("Dossiers to handle in the period")),
    ("carried_over", _("Carried over from before the period")),
    ("received", _("Received in the period")),
    ("by_channel.counter", _("At the counter")),
    ("by_channel.online", _("Online")),
    ("by_channel.postal", _("By post")),
    ("finished", _("Finished")),
    ("finished.early", _("Finished early")),
    ("finished.on_time", _("Finished on time")),
    ("finished.late", _("Finished late")),
    ("in_progress", _("In progress at the end of the period")),
    ("in_progress.on_time", _("In progress, not yet due")),
    ("in_progress.overdue", _("In progress, overdue")),
    ("in_progress.awaiting_supplement", _("Awaiting a supplement")),
    ("returned", _("Results returned")),
    ("refused", _("Refused")),
    ("stopped", _("Stopped")),
    ("withdrawn", _("Withdrawn")),
)
RATE_LABELS: tuple[tuple[str, Promise], ...] = (
    ("on_time", _("Finished early or on time")),
    ("online", _("Received online")),
    ("digitised_components", _("Dossiers with digitised components")),
    ("e_result", _("Results issued electronically")),
    ("paid_online", _("Fee-bearing dossiers paid online")),
    ("satisfied", _("Ratings satisfied or better")),
)


def figure_value(report: dict[str, Any], key: str) -> int:
    """Return a figure of the report by its dotted key ("finished" sums its parts)."""
    value: Any = report
    for part in key.split("."):
        value = value[part]
    if isinstance(value, dict):
        return int(sum(value.values()))
    return int(value)


def rate(numerator: int, denominator: int) -> float | None:
    """Return a percentage with 2 decimals, None (not applicable) for an empty denominator."""
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# domain.md §3 and §9 group 1: a province publishes at least 5 working days before the legal
# basis takes effect, and makes the procedure public within 5 working days of the decision.
PUBLICATION_LEAD = TimeLimit(5, "working_days")  # type: ignore[arg-type]


def publication_figures(*, unit: OrgUnit, period: Period, in_force: int) -> dict[str, int]:
    """Return the figures of 766 criteria 1.1-1.3 for a province-level unit (docs/indicators.md):
    publication decisions dated in the period, those made at least 5 working days before the
    version takes effect, those entered in motcua within 5 working days of the decision, and the
    published versions in force at the period's end (`in_force`, counted by catalog_figures)
    with every mandatory field. Commune-level
    units do not publish procedures: nothing is returned and the criteria do not apply."""
    if unit.level != OrgUnitLevel.PROVINCE:
        return {}
    calendar = working_calendar_for_unit(unit=unit)
    decided = ProcedureVersion.objects.filter(
        status=VersionStatus.PUBLISHED,
        decision_date__range=(period.start, period.end),
        effective_from__isnull=False,
    ).values_list("decision_date", "effective_from", "published_at")
    publications = published_on_time = made_public_on_time = 0
    for decision, effective, published_at in decided:
        if decision is None or effective is None:  # excluded by the query; for the types
            continue
        publications += 1
        # The closing time of the 5th working day after the decision day (deadline engine,
        # domain.md §6 rule 2: the decision day itself is not counted).
        deadline = due_time(
            start=datetime.combine(decision, time(9, 0), tzinfo=VIETNAM),
            limit=PUBLICATION_LEAD,
            calendar=calendar,
        ).due_at
        published_on_time += deadline.date() < effective
        made_public_on_time += published_at is not None and published_at <= deadline
    return {
        "publications": publications,
        "published_on_time": published_on_time,
        "due_public": publications,
        "made_public_on_time": made_public_on_time,
        # Publishing checks every mandatory field (catalog.services): a published version in
        # force is complete by construction, and counted as such.
        "published": in_force,
        "complete_content": in_force,
    }


def catalog_figures(*, unit: OrgUnit, period: Period) -> dict[str, int]:
    """Return the procedures in the unit's competence in force at the period's end and those
    offering an online service (criterion 3.1): the level's published versions in force."""
    level = Q(for_province=True) if unit.level == OrgUnitLevel.PROVINCE else Q(for_commune=True)
    in_force = (
        ProcedureVersion.objects.filter(level, status=VersionStatus.PUBLISHED)
        .filter(effective_from__lte=period.end)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gt=period.end))
    )
    counts = in_force.order_by().values_list("online_level", flat=True)
    levels = Counter(counts)
    return {
        "procedures": sum(levels.values()),
        "procedures_online": levels[OnlineLevel.FULL] + levels[OnlineLevel.PARTIAL],
        **publication_figures(unit=unit, period=period, in_force=sum(levels.values())),
    }


VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")  # periods are local dates (docs/indicators.md)


def feedback_counts_by_unit(*, unit: OrgUnit, period: Period) -> dict[int, Counter[str]]:
    """Return, per responsible unit of `unit`'s subtree, the feedback (PAKN) received in the
    period that the unit handles (not rejected, not forwarded outside its competence), those
    answered on time, and those that satisfied (docs/indicators.md, 766 criteria 5.1 and 5.2):
    not overdue, no more dislikes than likes, not reopened by the sender. One query."""
    start = datetime.combine(period.start, time.min, tzinfo=VIETNAM)
    end = datetime.combine(period.end, time.max, tzinfo=VIETNAM)
    late = Q(answer_ready_at__isnull=False, answer_due_at__isnull=False) & Q(
        answer_ready_at__gt=F("answer_due_at")
    )
    unanswered_overdue = Q(answer_ready_at__isnull=True, answer_due_at__lt=end) | Q(overdue=True)
    on_time = Q(answer_ready_at__isnull=False) & ~late
    satisfied = on_time & Q(reopened_at__isnull=True) & Q(dislikes__lte=F("likes"))
    rows = (
        Feedback.objects.filter(unit__path__startswith=unit.path, received_at__range=(start, end))
        .exclude(state__in=[FeedbackState.REJECTED, FeedbackState.FORWARDED])
        .order_by()
        .values("unit_id")
        .annotate(
            pakn=Count("pk"),
            pakn_on_time=Count("pk", filter=on_time),
            pakn_satisfied=Count("pk", filter=satisfied & ~unanswered_overdue),
        )
    )
    return {
        row["unit_id"]: Counter(
            {key: row[key] for key in ("pakn", "pakn_on_time", "pakn_satisfied")}
        )
        for row in rows
    }


def derived(counter: Counter[str]) -> Counter[str]:
    """Return the report's figures from the summed counters (names of docs/indicators.md)."""
    figures = Counter(counter)
    in_progress = sum(counter[name] for name in ("open_on_time", "open_overdue", "open_awaiting"))
    figures["in_progress"] = in_progress
    figures["processed"] = counter["received"] + counter["carried_over"]
    figures["progress_good"] = counter["finished_good766"] + counter["open_good766"]
    # 5.3: 100% - (overdue rate + "not satisfied" rate), as points over the processed dossiers.
    late = counter["finished_late"] + counter["open_overdue"]
    figures["satisfaction_points"] = max(
        figures["processed"] - late - counter["finished_not_satisfied"], 0
    )
    return figures


def report_from(counter: Counter[str], extra: dict[str, int]) -> dict[str, Any]:
    """Return the report JSON of issue 7 from the summed counters."""
    c = derived(counter)
    c.update(extra)
    return {
        "received": c["received"],
        "carried_over": c["carried_over"],
        "processed": c["processed"],
        "by_channel": {
            "counter": c["received_counter"],
            "online": c["received_online"],
            "postal": c["received_postal"],
        },
        "finished": {
            "early": c["finished_early"],
            "on_time": c["finished_on_time"],
            "late": c["finished_late"],
        },
        "in_progress": {
            "on_time": c["open_on_time"],
            "overdue": c["open_overdue"],
            "awaiting_supplement": c["open_awaiting"],
        },
        "returned": c["returned"],
        "refused": c["refused"],
        "stopped": c["stopped"],
        "withdrawn": c["withdrawn"],
        "rates": {
            "on_time": rate(c["finished_early"] + c["finished_on_time"], c["finished"]),
            "online": rate(c["received_online"], c["received"]),
            "digitised_components": rate(c["received_digitised"], c["received"]),
            "e_result": rate(c["finished_e_result"], c["finished_result"]),
            "paid_online": rate(c["received_paid_online"], c["received_fee"]),
            "satisfied": rate(
                c["finished_rated"] - c["finished_not_satisfied"], c["finished_rated"]
            ),
        },
        "index766": index766(c),
    }


def unit_report(*, unit: OrgUnit, period: Period) -> dict[str, Any]:
    """Return the report of `unit` with its subtree for `period` (three queries)."""
    counters = counters_by_unit(unit=unit, period=period)
    extra = catalog_figures(unit=unit, period=period)
    extra.update(total(feedback_counts_by_unit(unit=unit, period=period)))
    return report_from(total(counters), extra)
