"""The dashboard's figures are the report's, for the unit and for each child unit."""

import pytest

from motcua.accounts.demo import PROVINCE, THUC_PHAN
from motcua.accounts.models import OrgUnit
from motcua.reporting.dashboard import dashboard_data
from motcua.reporting.report import unit_report
from motcua.reporting.tests.test_definitions import HISTORIES, MARCH
from motcua.reporting.transfer import import_histories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("identifier", [PROVINCE, THUC_PHAN])
def test_every_child_row_is_the_childs_report(identifier):
    assert import_histories(HISTORIES).errors == []
    unit = OrgUnit.objects.get(identifier=identifier)
    data = dashboard_data(unit=unit, period=MARCH)
    assert data["report"] == unit_report(unit=unit, period=MARCH)
    assert data["children"], "the demo units have children"
    for row in data["children"]:
        report = unit_report(unit=row.unit, period=MARCH)
        assert row.received == report["received"]
        assert row.processed == report["processed"]
        assert row.overdue == report["in_progress"]["overdue"]
        assert row.on_time_rate == report["rates"]["on_time"]
        assert row.index766 == report["index766"]["total"]
    assert sum(row.received for row in data["children"]) <= data["report"]["received"]
    assert sum(item["received"] for item in data["trend"]) == data["report"]["received"]
