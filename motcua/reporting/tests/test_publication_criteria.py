"""766 criteria 1.1-1.3 from the catalogue (docs/indicators.md): decisions at least 5 working
days before the version takes effect, made public in motcua within 5 working days, complete."""

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
import time_machine

from motcua.accounts.models import OrgUnit
from motcua.catalog import services as catalog_services
from motcua.catalog.tests.factories import COMPLETE
from motcua.reporting.figures import Period
from motcua.reporting.report import publication_figures

pytestmark = pytest.mark.django_db
PROVINCE = "000.00.00.H13"


def publish(code: str, decided: date, effective: date, published_on: str) -> None:
    content = replace(COMPLETE, decision_date=decided, decision_effective_date=effective)
    with time_machine.travel(f"{published_on} 09:00 +0700", tick=False):
        draft = catalog_services.procedure_draft_save(actor=None, code=code, content=content)
        catalog_services.procedure_version_publish(actor=None, version=draft)


def figures(start: date, end: date, identifier: str = PROVINCE) -> dict[str, Any]:
    unit = OrgUnit.objects.get(identifier=identifier)
    return publication_figures(unit=unit, period=Period(start, end), in_force=7)


def test_publication_on_time_across_the_30_april_holiday():
    # Decided Tue 28 Apr 2026: the five working days after it are 29 Apr, 4, 5, 6 and 7 May
    # (30 Apr and 1 May are holidays), so it must take effect after Thu 7 May.
    publish("1.999901", date(2026, 4, 28), date(2026, 5, 8), "2026-05-07")  # both on time
    publish("1.999902", date(2026, 4, 28), date(2026, 5, 7), "2026-05-08")  # both late
    april = figures(date(2026, 4, 1), date(2026, 4, 30))
    assert (april["publications"], april["published_on_time"]) == (2, 1)
    assert (april["due_public"], april["made_public_on_time"]) == (2, 1)
    assert april["complete_content"] == april["published"] == 7


def test_communes_do_not_publish_procedures():
    assert figures(date(2026, 4, 1), date(2026, 4, 30), identifier="000.00.31.H13") == {}
