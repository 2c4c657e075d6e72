"""The TT 01/2018 evaluation (domain.md §10) per unit and per officer."""

from datetime import date

import pytest

from motcua.accounts.models import OrgUnit
from motcua.dossiers.tests.helpers import at, receive
from motcua.reporting.evaluation import evaluation
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
    assert indicators["5"] is None
    assert result["unit"]["total"] == 14.0  # (1.2 + 1.8 + 2 + 1.2) x 18 / 8
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
