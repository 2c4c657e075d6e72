from datetime import date
from decimal import Decimal

import pytest

from motcua.accounts.demo import HOA_AN, THUC_PHAN, THUC_PHAN_CENTRE
from motcua.accounts.services import org_unit_dissolve
from motcua.catalog import services as catalog_services
from motcua.catalog.models import Procedure
from motcua.catalog.tests.factories import COMPLETE
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.workflow import selectors, services
from motcua.workflow.services import StepContent

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def procedure():
    draft = catalog_services.procedure_draft_save(actor=None, code="1.999894", content=COMPLETE)
    catalog_services.procedure_version_publish(actor=None, version=draft)
    return Procedure.objects.get(code="1.999894")


def steps(*hours, unit="working_hours"):
    actors = [
        (THUC_PHAN_CENTRE, "one_stop_officer"),
        (THUC_PHAN, "specialist"),
        (THUC_PHAN, "agency_leader"),
        (THUC_PHAN, "clerk"),
        (THUC_PHAN_CENTRE, "one_stop_officer"),
    ]
    return [
        StepContent(
            position=index,
            actor_unit=actors[index - 1][0],
            actor_role=actors[index - 1][1],
            task=f"Bước {index}",
            allotted_value=D(value),
            allotted_unit=unit,
        )
        for index, value in enumerate(hours, start=1)
    ]


def save(procedure, unit, body, actor=None):
    return services.process_draft_save(
        actor=actor,
        procedure=procedure,
        receiving_unit=unit(THUC_PHAN_CENTRE),
        steps=body,
        decision="2682/QĐ-UBND",
    )


def test_domain_example_process_publishes(procedure, unit):
    # domain.md §4: 4 + 12 + 4 + 2 + 2 = 24 working hours = 3 working days.
    process = save(procedure, unit, steps(4, 12, 4, 2, 2))
    published = services.process_publish(
        actor=None, process=process, effective_from=date(2025, 8, 1)
    )
    assert published.is_published and published.number == 1
    assert (
        selectors.process_in_force(
            procedure=procedure, receiving_unit=unit(THUC_PHAN_CENTRE), on=date(2025, 8, 1)
        )
        == published
    )


def test_steps_exceeding_the_legal_limit_cannot_be_published(procedure, unit):
    process = save(procedure, unit, steps(4, 16, 4, 2, 2))
    with pytest.raises(DomainError) as error:
        services.process_publish(actor=None, process=process, effective_from=date(2025, 8, 1))
    assert "28 working hours, more than the legal limit of 24" in str(error.value)
    process.refresh_from_db()
    assert not process.is_published


def test_allotments_in_working_days_count_eight_hours(procedure, unit):
    process = save(
        procedure, unit, steps("0.25", "1.75", "0.5", "0.5", "0.25", unit="working_days")
    )
    with pytest.raises(DomainError, match="more than the legal limit"):
        services.process_publish(actor=None, process=process, effective_from=date(2025, 8, 1))


def test_every_actor_must_exist(procedure, unit):
    body = steps(4, 4)
    body[1] = StepContent(
        position=2, actor_unit="999.99.99.H99", actor_role="nobody", task="", allotted_value=D(-1)
    )
    with pytest.raises(DomainError) as error:
        save(procedure, unit, body)
    message = str(error.value)
    assert "999.99.99.H99" in message and "nobody is not a role" in message
    assert "cannot be negative" in message and "task is missing" in message


def test_an_actor_unit_dissolved_before_the_effective_date_is_refused(procedure, unit):
    process = save(procedure, unit, steps(4, 4))
    centre = unit(THUC_PHAN_CENTRE)
    org_unit_dissolve(actor=None, unit=centre, on=date(2026, 1, 1))
    with pytest.raises(DomainError, match="does not exist on 01/01/2026"):
        services.process_publish(actor=None, process=process, effective_from=date(2026, 1, 1))


def test_parallel_joint_processing_counts_once_with_one_lead(procedure, unit):
    body = [
        *steps(4),
        StepContent(
            position=2,
            actor_unit=THUC_PHAN,
            actor_role="specialist",
            task="A",
            allotted_value=D(16),
            kind="joint",
            joint_mode="parallel",
            is_lead=True,
        ),
        StepContent(
            position=2,
            actor_unit=HOA_AN,
            actor_role="specialist",
            task="B",
            allotted_value=D(16),
            kind="joint",
            joint_mode="parallel",
        ),
    ]
    process = save(procedure, unit, body)
    services.process_publish(actor=None, process=process, effective_from=date(2025, 8, 1))
    no_lead = [body[0], *(StepContent(**{**step.__dict__, "is_lead": False}) for step in body[1:])]
    draft = save(procedure, unit, no_lead)
    with pytest.raises(DomainError, match="exactly one lead"):
        services.process_publish(actor=None, process=draft, effective_from=date(2025, 9, 1))


def test_a_new_version_keeps_the_old_one(procedure, unit):
    first = services.process_publish(
        actor=None, process=save(procedure, unit, steps(4, 12)), effective_from=date(2025, 8, 1)
    )
    second = services.process_publish(
        actor=None, process=save(procedure, unit, steps(2, 10)), effective_from=date(2026, 1, 1)
    )
    assert second.number == 2
    centre = unit(THUC_PHAN_CENTRE)
    assert (
        selectors.process_in_force(
            procedure=procedure, receiving_unit=centre, on=date(2025, 12, 31)
        )
        == first
    )
    assert [s.allotted_value for s in first.steps.all()] == [D(4), D(12)]


def test_only_catalogue_maintainers_change_processes(procedure, unit, ward_admin):
    with pytest.raises(PermissionDeniedError):
        save(procedure, unit, steps(4), actor=ward_admin)
