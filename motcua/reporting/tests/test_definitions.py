"""Each definition of issue 7 (docs/indicators.md), pinned with hand-built histories around the
edges of a period, supplements, extensions and withdrawals; and the drill-down of every figure
lists exactly the dossiers it counts."""

from datetime import date
from typing import Any

import pytest

from motcua.accounts.demo import PROVINCE, THUC_PHAN
from motcua.accounts.models import OrgUnit
from motcua.reporting.figures import Period
from motcua.reporting.report import unit_report
from motcua.reporting.selectors import FIGURES, dossiers_behind
from motcua.reporting.tests.helpers import UNIT, line, t
from motcua.reporting.transfer import import_histories

pytestmark = pytest.mark.django_db
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))

# code: (received, due, events...) -- period: March 2026.
HISTORIES = [
    # finished in the period: early (day before the due date), on time (same day, before the
    # due time), late (same day, after it)
    line("EARLY", "2026-03-05 09:00", "2026-03-10", ("processed", "2026-03-09 10:00"),
         ("returned", "2026-03-10 08:00", {"via": "counter"}), e_result=True),
    line("ONTIME", "2026-03-05 09:00", "2026-03-10", ("processed", "2026-03-10 17:30")),
    line("LATE", "2026-03-05 09:00", "2026-03-10", ("processed", "2026-03-10 17:31")),
    # carried over: received before, finished in the period (even at 00:00 of its first day)
    line("CARRIED", "2026-02-27 10:00", "2026-03-04", ("processed", "2026-03-02 10:00")),
    line("MIDNIGHT", "2026-02-27 10:00", "2026-03-04", ("processed", "2026-03-01 00:00")),
    # finished the evening before the period: neither carried over nor processed
    line("BEFORE", "2026-02-20 10:00", "2026-02-27", ("processed", "2026-02-28 23:59")),
    # received in the last minute of the period, or in the first minute after it
    line("LASTMIN", "2026-03-31 23:59", "2026-04-03", channel="online"),
    line("AFTER", "2026-04-01 00:00", "2026-04-06", channel="online"),
    # awaiting a supplement at the end of the period
    line("WAITING", "2026-03-02 09:00", "2026-03-05", ("supplement_requested", "2026-03-03 09:00")),
    # supplement completed with a restarted legal due after / before the period's end
    line("RESTARTED", "2026-03-02 09:00", "2026-03-05",
         ("supplement_requested", "2026-03-03 09:00"),
         ("supplement_completed", "2026-03-20 09:00", {"new_due_at": t("2026-04-03")})),
    line("RESTART_OVERDUE", "2026-03-02 09:00", "2026-03-05",
         ("supplement_requested", "2026-03-03 09:00"),
         ("supplement_completed", "2026-03-20 09:00", {"new_due_at": t("2026-03-25")})),
    # an extension never changes lateness
    line("EXTENDED", "2026-03-02 09:00", "2026-03-05",
         ("extended", "2026-03-04 09:00", {"new_due_at": t("2026-03-20")}),
         ("processed", "2026-03-18 10:00"), channel="postal"),
    # withdrawn before the due date: finished early, counted as withdrawn
    line("WITHDRAWN", "2026-03-02 09:00", "2026-03-05", ("withdrawn", "2026-03-04 09:00")),
    # overdue at the end of the period: due on its last day at 17:30
    line("OVERDUE", "2026-03-25 09:00", "2026-03-31"),
    # returned without a processed event: the return is the end
    line("RETURNONLY", "2026-03-05 09:00", "2026-03-10",
         ("returned", "2026-03-11 08:00", {"via": "online"})),
    # two supplement requests, finished in time by the restarted due: on time, but late for 766
    line("TWICE", "2026-03-02 09:00", "2026-03-05",
         ("supplement_requested", "2026-03-03 09:00"),
         ("supplement_completed", "2026-03-04 09:00", {"new_due_at": t("2026-03-09")}),
         ("supplement_requested", "2026-03-05 09:00"),
         ("supplement_completed", "2026-03-06 09:00", {"new_due_at": t("2026-03-11")}),
         ("processed", "2026-03-10 09:00")),
    # refused and stopped in the period
    line("REFUSED", "2026-03-02 09:00", "2026-03-05", ("refused", "2026-03-03 09:00")),
    line("STOPPED", "2026-02-25 09:00", "2026-03-05", ("stopped", "2026-03-06 09:00")),
]  # fmt: skip

EXPECTED = {
    "received": {
        "EARLY", "ONTIME", "LATE", "LASTMIN", "WAITING", "RESTARTED", "RESTART_OVERDUE",
        "EXTENDED", "WITHDRAWN", "OVERDUE", "RETURNONLY", "TWICE", "REFUSED",
    },
    "carried_over": {"CARRIED", "MIDNIGHT", "STOPPED"},
    "by_channel.online": {"LASTMIN"},
    "by_channel.postal": {"EXTENDED"},
    "finished.early": {"EARLY", "CARRIED", "MIDNIGHT", "WITHDRAWN", "REFUSED", "TWICE"},
    "finished.on_time": {"ONTIME"},
    "finished.late": {"LATE", "EXTENDED", "RETURNONLY", "STOPPED"},
    "in_progress.on_time": {"LASTMIN", "RESTARTED"},
    "in_progress.overdue": {"RESTART_OVERDUE", "OVERDUE"},
    "in_progress.awaiting_supplement": {"WAITING"},
    "returned": {"EARLY", "RETURNONLY"},
    "refused": {"REFUSED"},
    "stopped": {"STOPPED"},
    "withdrawn": {"WITHDRAWN"},
}  # fmt: skip


@pytest.fixture
def imported():
    report = import_histories(HISTORIES)
    assert report.errors == []
    assert report.imported == len(HISTORIES)
    return OrgUnit.objects.get(identifier=UNIT)


def test_the_report_counts_what_the_definitions_say(imported):
    report = unit_report(unit=imported, period=MARCH)
    assert report["received"] == len(EXPECTED["received"])
    assert report["carried_over"] == 3
    assert report["processed"] == 16
    assert report["by_channel"] == {"counter": 11, "online": 1, "postal": 1}
    assert report["finished"] == {"early": 6, "on_time": 1, "late": 4}
    assert report["in_progress"] == {"on_time": 2, "overdue": 2, "awaiting_supplement": 1}
    # processed = finished + in progress, every time
    assert sum(report["finished"].values()) + sum(report["in_progress"].values()) == 16
    assert (report["returned"], report["refused"], report["stopped"], report["withdrawn"]) == (
        2,
        1,
        1,
        1,
    )
    assert report["rates"]["on_time"] == round(7 * 100 / 11, 2)
    assert report["rates"]["online"] == round(100 / 13, 2)
    assert report["rates"]["e_result"] == 12.5  # 8 with a result, 1 electronic
    assert report["rates"]["satisfied"] is None  # nobody rated: not applicable


@pytest.mark.parametrize("figure", sorted(EXPECTED))
def test_each_figure_lists_exactly_its_dossiers(imported, figure):
    codes = set(
        dossiers_behind(unit=imported, period=MARCH, figure=figure).values_list("code", flat=True)
    )
    assert codes == EXPECTED[figure]


def test_every_drilldown_agrees_with_its_count(imported):
    report = unit_report(unit=imported, period=MARCH)
    for figure in FIGURES:
        value: Any = report
        for part in figure.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, int):
            assert dossiers_behind(unit=imported, period=MARCH, figure=figure).count() == value, (
                figure
            )


def test_a_unit_includes_its_subtree_and_nothing_else(imported):
    ward = OrgUnit.objects.get(identifier=THUC_PHAN)  # the centre's parent
    province = OrgUnit.objects.get(identifier=PROVINCE)
    assert unit_report(unit=province, period=MARCH)["received"] == 13
    assert unit_report(unit=ward, period=MARCH)["received"] == 13
    other = OrgUnit.objects.get(identifier="000.01.34.H13")
    assert unit_report(unit=other, period=MARCH)["received"] == 0


def test_the_766_progress_rule_counts_more_than_one_request_as_late(imported):
    report = unit_report(unit=imported, period=MARCH)
    progress = next(c for c in report["index766"]["criteria"] if c["id"] == "2.1")
    # good: EARLY, ONTIME, CARRIED, MIDNIGHT, WITHDRAWN, REFUSED finished by the appointment;
    # in progress and not yet due: LASTMIN, WAITING (the clock stands still while waiting),
    # RESTARTED (3 Mar-20 Mar waited: the appointment moves to 22 Mar 17:30... already past),
    # so not RESTARTED; TWICE is late (two requests).
    assert progress["denominator"] == 16
    assert progress["numerator"] == 8


def test_a_period_of_one_day(imported):
    day = Period(date(2026, 3, 10), date(2026, 3, 10))
    report = unit_report(unit=imported, period=day)
    assert report["received"] == 0
    assert report["finished"] == {"early": 1, "on_time": 1, "late": 1}  # TWICE early
    assert report["finished"]["early"] == 1


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 2, 15), date(2026, 3, 10)),  # two partial months
        (date(2026, 2, 1), date(2026, 3, 31)),  # two whole months
        (date(2026, 2, 27), date(2026, 3, 31)),  # a partial month then a whole one
        (date(2026, 3, 1), date(2026, 3, 9)),  # the start of a month
        (date(2026, 1, 1), date(2026, 12, 31)),  # the year
    ],
)
def test_months_and_days_give_the_same_figures(imported, start, end):
    """A period reads whole months from the monthly table and the rest from the daily one:
    the same figures as summing the drill-down lists day by day."""
    period = Period(start, end)
    report = unit_report(unit=imported, period=period)
    for figure in ("received", "carried_over", "processed", "finished.late", "finished.early",
                   "in_progress.on_time", "in_progress.overdue",
                   "in_progress.awaiting_supplement", "returned"):  # fmt: skip
        value: Any = report
        for part in figure.split("."):
            value = value[part]
        assert dossiers_behind(unit=imported, period=period, figure=figure).count() == value, figure
