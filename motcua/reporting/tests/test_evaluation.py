"""The TT 01/2018 evaluation (domain.md §10) per unit and per officer."""

from datetime import date
from decimal import Decimal

import pytest

from motcua.accounts.demo import PROVINCE, THUC_PHAN
from motcua.accounts.models import OrgUnit
from motcua.dossiers.tests.helpers import at, receive
from motcua.feedback.tests.helpers import at as feedback_at
from motcua.feedback.tests.helpers import published
from motcua.feedback.tests.helpers import receive as feedback_receive
from motcua.reporting.evaluation import (
    OFFICER_BANDS,
    UNIT_BANDS,
    UNIT_INDICATORS,
    band,
    counted_total,
    dossier_scores,
    evaluation,
    unit_indicator,
)
from motcua.reporting.figures import Period
from motcua.reporting.tests.helpers import UNIT
from motcua.reporting.tests.test_definitions import HISTORIES, MARCH
from motcua.reporting.tests.test_live import to_processed
from motcua.reporting.transfer import import_histories

pytestmark = pytest.mark.django_db


def test_the_unit_evaluation_of_imported_histories():
    import_histories(HISTORIES)
    result = evaluation(unit=OrgUnit.objects.get(identifier=UNIT), period=MARCH)
    assert result["dossiers"] == 11
    indicators = result["unit"]["indicators"]
    assert indicators["1"] == 1.2  # (6 x 2 + 1 x 1 + 4 x 0) / 11
    assert indicators["2"] is None  # imported histories have no timed steps
    assert indicators["3"] == 1.8  # one dossier asked twice: (10 x 2 + 0) / 11
    assert indicators["4"] == 2.0
    assert indicators["5"] == 2.0  # every dossier received by the ward's one-stop centre
    assert indicators["6"] is None  # a commune-level centre publishes no procedure
    assert indicators["7"] == 1.2  # no upheld complaint: the same as 1
    assert indicators["8"] is None  # no feedback
    assert indicators["9"] == 0.0  # 2 of 36 procedures online, 1 of 13 received online
    assert result["unit"]["not_applicable"] == ["2", "6", "8"]
    # 1.2 + 2 (n/a) + 1.8 + 2 + 2 + 2 (n/a) + 1.2 + 2 (n/a) + 0, out of 18
    assert result["unit"]["total"] == 14.2
    assert result["unit"]["band"] == "good"
    assert result["officers"] == []


def test_officers_are_scored_on_the_dossiers_they_acted_on(
    one_stop_officer, officer, office_leader, leader, clerk
):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
    with at(2026, 3, 5, 10):
        to_processed(dossier, one_stop_officer, officer, office_leader, leader, clerk)
    result = evaluation(
        unit=OrgUnit.objects.get(identifier="000.00.00.H13"),
        period=Period(date(2026, 3, 1), date(2026, 3, 31)),
    )
    assert result["dossiers"] == 1
    assert result["unit"]["indicators"]["2"] == 1.0  # steps due the same day, finished by then
    by_name = {row["officer"]: row for row in result["officers"]}
    assert officer.pk in by_name and clerk.pk in by_name
    assert by_name[officer.pk]["total"] == 9.0  # 2 + 1 + 2 + 2 + 2
    assert by_name[officer.pk]["band"] == "complete"


def test_a_province_is_scored_on_its_publication(unit):
    import_histories(HISTORIES)
    result = evaluation(unit=unit(PROVINCE), period=MARCH)
    measures = result["unit"]["measures"]["6"]
    # no publication decision in March; the 12 versions in force are complete (1.3)
    assert [m["criterion"] for m in measures] == ["1.1", "1.2", "1.3"]
    assert (measures[2]["numerator"], measures[2]["denominator"]) == (12, 12)
    assert result["unit"]["indicators"]["6"] == 2.0


def test_no_finished_dossier_has_no_total(unit):
    result = evaluation(unit=unit(PROVINCE), period=MARCH)
    assert result["dossiers"] == 0
    assert result["unit"]["indicators"]["1"] is None
    assert result["unit"]["total"] is None and result["unit"]["band"] is None


def test_feedback_handled_on_time_scores_indicator_8(officer, leader, unit):
    import_histories(HISTORIES)
    ward = unit(THUC_PHAN)
    with feedback_at(2026, 3, 2):
        published(officer=officer, leader=leader)
    assert evaluation(unit=ward, period=MARCH)["unit"]["indicators"]["8"] == 2.0  # 1 of 1
    with feedback_at(2026, 3, 3):
        feedback_receive(title="Chưa xử lý")  # received in March, not answered
    measure = evaluation(unit=ward, period=MARCH)["unit"]["measures"]["8"][0]
    assert (measure["numerator"], measure["denominator"], measure["rate"]) == (1, 2, 50.0)
    assert measure["score"] == 0  # below 70%


def test_feedback_about_a_dossier_is_counted_but_upholds_nothing(unit):
    import_histories(HISTORIES)
    ward = unit(THUC_PHAN)
    before = evaluation(unit=ward, period=MARCH)
    with feedback_at(2026, 3, 20):
        complaint = feedback_receive(title="Trả kết quả chậm", dossier_code="EARLY")
    assert complaint.dossier is not None  # the code links the dossier
    after = evaluation(unit=ward, period=MARCH)
    assert after["unit"]["feedback_dossiers"] == 1
    assert after["unit"]["upheld_complaints"] == 0  # no outcome is recorded
    assert after["unit"]["indicators"]["7"] == before["unit"]["indicators"]["7"]


# -- the rules, on hand-built figures ---------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "upheld", "attitude"),
    [
        ("early", False, 2),
        ("on_time", False, 1),
        ("late", False, 0),
        ("early", True, 0),  # an upheld complaint scores 0 whatever the timing
        ("on_time", True, 0),
    ],
)
def test_indicator_7_staff_attitude(outcome, upheld, attitude):
    scores = dossier_scores(outcome=outcome, supplement_requests=0, step_score=None, upheld=upheld)
    assert scores["7"] == attitude
    assert scores["1"] == {"early": 2, "on_time": 1, "late": 0}[outcome]  # timing unchanged


def score_of(indicator: str, **figures: int) -> int | None:
    definition = next(d for d in UNIT_INDICATORS if d.id == indicator)
    return unit_indicator(definition, figures)[0]


@pytest.mark.parametrize(
    ("one_stop", "dossiers", "expected"),
    [(10, 10, 2), (99, 100, 1), (9, 10, 1), (89, 100, 0), (0, 0, None)],
)
def test_indicator_5_one_stop(one_stop, dossiers, expected):
    assert score_of("5", one_stop_dossiers=one_stop, dossiers=dossiers) == expected


PUBLISHED = {"publications": 10, "due_public": 10, "published": 10}


@pytest.mark.parametrize(
    ("on_time", "public", "complete", "expected"),
    [
        (10, 10, 10, 2),  # every decision on time, public on time, complete
        (9, 10, 10, 1),  # one late decision: 90%
        (10, 8, 10, 1),  # 80% made public on time
        (10, 10, 7, 0),  # 70% complete: the lowest measure counts
    ],
)
def test_indicator_6_publicity(on_time, public, complete, expected):
    figures = {
        **PUBLISHED,
        "published_on_time": on_time,
        "made_public_on_time": public,
        "complete_content": complete,
    }
    assert score_of("6", **figures) == expected


def test_indicator_6_does_not_apply_without_publication():
    assert score_of("6") is None  # a commune: publication_figures returns nothing
    # only the snapshot of versions in force: that measure decides
    assert score_of("6", published=4, complete_content=4) == 2


@pytest.mark.parametrize(
    ("on_time", "pakn", "expected"),
    [(9, 10, 2), (899, 1000, 1), (7, 10, 1), (69, 100, 0), (0, 0, None)],
)
def test_indicator_8_feedback(on_time, pakn, expected):
    assert score_of("8", pakn_on_time=on_time, pakn=pakn) == expected


@pytest.mark.parametrize(
    ("procedures_online", "received_online", "expected"),
    [
        (80, 50, 2),  # the 766 thresholds of 3.1 and 3.2
        (80, 49, 1),
        (79, 50, 1),
        (40, 25, 1),  # half of them
        (39, 50, 0),
        (80, 24, 0),
    ],
)
def test_indicator_9_online_services(procedures_online, received_online, expected):
    figures = {
        "procedures_online": procedures_online,
        "procedures": 100,
        "received_online": received_online,
        "received": 100,
    }
    assert score_of("9", **figures) == expected


def test_indicator_9_with_no_dossier_received_scores_the_catalogue():
    assert score_of("9", procedures_online=8, procedures=10) == 2


@pytest.mark.parametrize(
    ("scores", "total", "unit_band"),
    [
        ([2.0] * 9, Decimal(18), "excellent"),
        ([None] * 9, Decimal(18), "excellent"),  # not applicable counts at full marks
        ([2.0] * 7 + [1.0, 0.0], Decimal(15), "excellent"),
        ([2.0] * 7 + [0.9, 0.0], Decimal("14.9"), "good"),
        ([2.0] * 6 + [0.0] * 3, Decimal(12), "good"),
        ([1.0] * 9, Decimal(9), "fair"),
        ([2.0] * 3 + [0.0] * 6, Decimal(6), "average"),
        ([1.9, 2.0, 2.0] + [0.0] * 6, Decimal("5.9"), "weak"),
    ],
)
def test_the_unit_total_is_out_of_18_and_banded(scores, total, unit_band):
    assert counted_total(scores) == total
    assert band(total, UNIT_BANDS) == unit_band


@pytest.mark.parametrize(
    ("total", "officer_band"),
    [(Decimal(10), "complete"), (Decimal(5), "complete"), (Decimal("4.9"), "partial"),
     (Decimal("3.5"), "partial"), (Decimal("3.4"), "below"), (Decimal(0), "below")],
)  # fmt: skip
def test_officer_bands(total, officer_band):
    assert band(total, OFFICER_BANDS) == officer_band
