from datetime import date
from decimal import Decimal

import pytest

from motcua.accounts.demo import (
    HOA_AN,
    HOA_AN_CENTRE,
    THUC_PHAN,
    THUC_PHAN_CENTRE,
)
from motcua.catalog.models import Procedure, VersionStatus
from motcua.workflow import engine
from motcua.workflow.demo import demo_processes_kept_as_drafts, load_demo_processes
from motcua.workflow.models import ProcessDefinition, Step
from motcua.workflow.selectors import process_in_force

pytestmark = pytest.mark.django_db
DAY = date(2026, 1, 5)


def in_force(code, centre, unit):
    return process_in_force(
        procedure=Procedure.objects.get(code=code), receiving_unit=unit(centre), on=DAY
    )


def test_the_demo_processes_are_published():
    # conftest.py loaded them once for the test database, after the demo catalogue.
    published = ProcessDefinition.objects.filter(status=VersionStatus.PUBLISHED)
    assert published.count() >= 8
    assert {process.procedure.code for process in published.select_related("procedure")} == {
        "3.000527",
        "1.012994",
    }


def test_thuc_phan_voluntary_rehab_process_takes_three_working_days(unit):
    process = in_force("3.000527", THUC_PHAN_CENTRE, unit)
    steps = list(process.steps.select_related("actor_unit"))
    assert [(step.actor_unit.identifier, step.actor_role) for step in steps] == [
        (THUC_PHAN_CENTRE, "one_stop_officer"),
        (THUC_PHAN, "specialist"),
        (THUC_PHAN, "office_leader"),
        (THUC_PHAN, "agency_leader"),
        (THUC_PHAN, "clerk"),
        (THUC_PHAN_CENTRE, "one_stop_officer"),
    ]
    assert {step.allotted_unit for step in steps} == {"working_days"}
    assert sum(step.allotted_value for step in steps) == Decimal(3)
    assert steps[1].task.startswith("Cán bộ Công an cấp xã")  # no commune police unit in the demo
    assert process.decision.startswith("Quyết định số 2682/QĐ-UBND")
    assert process.effective_from == date(2025, 11, 20)


def test_hoa_an_compensation_process_is_in_working_hours_with_an_untimed_return(unit):
    process = in_force("1.012994", HOA_AN_CENTRE, unit)
    steps = list(process.steps.all())
    assert len(steps) == 7
    assert {step.allotted_unit for step in steps} == {"working_hours"}
    total = engine.total_hours(
        [engine.StepAllotment(position=step.position, hours=step.allotted_value) for step in steps]
    )
    assert total == Decimal(168)  # the legal limit, 21 working days
    assert steps[-1].allotted_value == 0
    assert Step.objects.filter(process=process, actor_unit__identifier=HOA_AN).count() == 5


def test_processes_of_draft_procedures_are_kept_as_drafts_and_say_why():
    reasons = demo_processes_kept_as_drafts()
    assert set(reasons) == {"1.005144", "2.001661", "2.000286", "1.001806"}
    assert "no published version" in reasons["2.001661"]
    kept = ProcessDefinition.objects.filter(procedure__code__in=reasons)
    assert kept.exists()
    assert set(kept.values_list("status", flat=True)) == {VersionStatus.DRAFT}
    # Every real process of the data is in the demo: 2 in force, 4 waiting for their procedure.
    assert ProcessDefinition.objects.values("procedure").distinct().count() == 6


def test_a_second_load_changes_nothing():
    count = ProcessDefinition.objects.count()
    assert load_demo_processes() == (0, 0, count)
    assert ProcessDefinition.objects.count() == count
