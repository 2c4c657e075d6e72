"""/api/v1/reports: the same JSON as the command, the drill-down, and the wrong-unit case."""

import pytest

from motcua.accounts.demo import HOA_AN, PROVINCE, THUC_PHAN
from motcua.reporting.evaluation import evaluation
from motcua.reporting.report import unit_report
from motcua.reporting.tests.test_definitions import HISTORIES, MARCH
from motcua.reporting.transfer import import_histories

pytestmark = pytest.mark.django_db
MARCH_QUERY = "from=2026-03-01&to=2026-03-31"


@pytest.fixture
def imported():
    assert import_histories(HISTORIES).errors == []


def test_the_report_is_the_commands_json(imported, login, province_supervisor, unit):
    province = unit(PROVINCE)
    response = login(province_supervisor).get(f"/api/v1/reports/{province.pk}?{MARCH_QUERY}")
    assert response.status_code == 200
    assert response.json() == unit_report(unit=province, period=MARCH)


def test_the_dossiers_behind_a_figure(imported, login, province_supervisor, unit):
    province = unit(PROVINCE)
    response = login(province_supervisor).get(
        f"/api/v1/reports/{province.pk}/dossiers?figure=finished.late&{MARCH_QUERY}"
    )
    body = response.json()
    assert body["count"] == 4
    assert sorted(item["code"] for item in body["items"]) == [
        "EXTENDED", "LATE", "RETURNONLY", "STOPPED"
    ]  # fmt: skip


def test_wrong_unit_is_not_found_and_officers_are_refused(login, leader, officer, unit):
    assert login(leader).get(f"/api/v1/reports/{unit(HOA_AN).pk}").status_code == 404
    assert login(leader).get(f"/api/v1/reports/{unit(THUC_PHAN).pk}").status_code == 200
    assert login(officer).get(f"/api/v1/reports/{unit(THUC_PHAN).pk}").status_code == 403


def test_an_unknown_figure_is_not_found(login, province_supervisor, unit):
    response = login(province_supervisor).get(
        f"/api/v1/reports/{unit(PROVINCE).pk}/dossiers?figure=nope"
    )
    assert response.status_code == 404
    assert response.json()["field"] == "figure"


def test_anonymous_is_unauthenticated(client, unit):
    assert client.get(f"/api/v1/reports/{unit(PROVINCE).pk}").status_code == 401


def test_the_evaluation(imported, login, province_supervisor, leader, unit):
    response = login(province_supervisor).get(
        f"/api/v1/reports/{unit(PROVINCE).pk}/evaluation?{MARCH_QUERY}"
    )
    assert response.status_code == 200
    province = unit(PROVINCE)
    assert response.json() == evaluation(unit=province, period=MARCH)
    assert response.json()["unit"]["total"] == 14.2
    assert response.json()["unit"]["measures"]["9"][0]["criterion"] == "3.1"
    assert login(leader).get(f"/api/v1/reports/{unit(HOA_AN).pk}/evaluation").status_code == 404


def test_the_evaluation_is_refused_to_officers_and_anonymous(client, login, officer, unit):
    path = f"/api/v1/reports/{unit(THUC_PHAN).pk}/evaluation"
    assert login(officer).get(path).status_code == 403
    assert client.get(path).status_code == 401
