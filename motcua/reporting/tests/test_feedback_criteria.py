"""766 criteria 5.1 and 5.2 from the feedback (PAKN) of the unit's subtree (docs/indicators.md):
handled on time; satisfied (on time, not reopened, no more dislikes than likes)."""

from datetime import date
from typing import Any

import pytest

from motcua.accounts.models import OrgUnit
from motcua.feedback import services as feedback_services
from motcua.feedback.tests.helpers import at, published, receive
from motcua.reporting.figures import Period
from motcua.reporting.report import unit_report

pytestmark = pytest.mark.django_db
PROVINCE = "000.00.00.H13"


def criteria(start: date, end: date) -> dict[str, dict[str, Any]]:
    unit = OrgUnit.objects.get(identifier=PROVINCE)
    report = unit_report(unit=unit, period=Period(start, end))
    return {item["id"]: item for item in report["index766"]["criteria"]}


def test_feedback_handled_on_time_and_satisfying_scores_5_1_and_5_2(officer, leader):
    with at(2026, 3, 2):
        good = published(officer=officer, leader=leader)
        disliked = published(officer=officer, leader=leader, title="Đèn đường hỏng")
        receive(title="Chưa xử lý")  # received in March, not answered yet
    for reader in ("a", "b"):
        feedback_services.feedback_react(feedback=disliked, reader=reader, value=-1)
    feedback_services.feedback_react(feedback=good, reader="c", value=1)
    march = criteria(date(2026, 3, 1), date(2026, 3, 31))
    assert (march["5.1"]["numerator"], march["5.1"]["denominator"]) == (2, 3)
    assert (march["5.2"]["numerator"], march["5.2"]["denominator"]) == (1, 3)
    assert march["5.1"]["score"] == pytest.approx(4.0)  # 2/3 of 6 points
    april = criteria(date(2026, 4, 1), date(2026, 4, 30))
    assert not april["5.1"]["denominator"] and april["5.1"]["score"] is None  # not applicable
