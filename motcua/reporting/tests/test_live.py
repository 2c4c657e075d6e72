"""Facts kept by the services in the same transaction as each event (no lag), across the 30
April holiday, supplements and extensions, and equal to a recomputation from the history."""

from datetime import date

import pytest

from motcua.accounts.models import OrgUnit
from motcua.documents.services import result_issue
from motcua.dossiers import services
from motcua.dossiers.tests.helpers import at, fresh, receive
from motcua.dossiers.tests.helpers import intake as make_intake
from motcua.reporting.check import check_facts
from motcua.reporting.figures import Period
from motcua.reporting.models import DossierFact
from motcua.reporting.report import unit_report
from motcua.reporting.selectors import dossiers_behind
from motcua.reporting.tests.helpers import UNIT

pytestmark = pytest.mark.django_db


def to_processed(dossier, one_stop_officer, officer, office_leader, leader, clerk):
    dossier = services.dossier_forward(
        actor=one_stop_officer, dossier=dossier, revision=dossier.revision
    )
    dossier = services.dossier_take(actor=officer, dossier=dossier, revision=dossier.revision)
    dossier = services.dossier_complete_step(
        actor=officer, dossier=dossier, revision=dossier.revision, note="Đủ điều kiện"
    )
    dossier = services.dossier_approve(
        actor=office_leader, dossier=dossier, revision=dossier.revision
    )
    dossier = services.dossier_sign(actor=leader, dossier=dossier, revision=dossier.revision)
    return services.dossier_issue_result(actor=clerk, dossier=dossier, revision=dossier.revision)


def e_result_returned(dossier, one_stop_officer, officer, office_leader, leader, clerk):
    """Take a received dossier through its steps to a signed electronic result, returned."""
    dossier = services.dossier_forward(
        actor=one_stop_officer, dossier=dossier, revision=dossier.revision
    )
    dossier = services.dossier_take(actor=officer, dossier=dossier, revision=dossier.revision)
    dossier = services.dossier_complete_step(
        actor=officer, dossier=dossier, revision=dossier.revision
    )
    dossier = services.dossier_approve(
        actor=office_leader, dossier=dossier, revision=dossier.revision
    )
    dossier = services.dossier_sign(actor=leader, dossier=dossier, revision=dossier.revision)
    result_issue(  # signed with the ward's demo certificate (conftest)
        actor=clerk,
        dossier=dossier,
        revision=dossier.revision,
        verify_url=lambda code: f"http://testserver/xac-thuc/?ma={code}",
    )
    return services.dossier_return_result(
        actor=one_stop_officer, dossier=fresh(dossier), revision=fresh(dossier).revision
    )


def report(start, end):
    return unit_report(unit=OrgUnit.objects.get(identifier=UNIT), period=Period(start, end))


def test_each_event_updates_the_figures_at_once(
    one_stop_officer, officer, office_leader, leader, clerk
):
    april = (date(2026, 4, 1), date(2026, 4, 30))
    # Wed 29 Apr 2026 10:00, 3 working days: 30 Apr and 1 May are holidays -> due Wed 6 May.
    with at(2026, 4, 29, 10):
        dossier = receive(one_stop_officer)
    assert dossier.due_at is not None and dossier.due_at.date() == date(2026, 5, 6)
    figures = report(*april)
    assert figures["received"] == 1
    assert figures["in_progress"] == {"on_time": 1, "overdue": 0, "awaiting_supplement": 0}
    with at(2026, 5, 4, 9):
        dossier = to_processed(dossier, one_stop_officer, officer, office_leader, leader, clerk)
    assert report(*april)["in_progress"]["on_time"] == 1  # still open at the end of April
    may = report(date(2026, 5, 1), date(2026, 5, 31))
    assert (may["received"], may["carried_over"], may["finished"]["early"]) == (0, 1, 1)
    with at(2026, 5, 4, 10):
        services.dossier_return_result(
            actor=one_stop_officer, dossier=fresh(dossier), revision=fresh(dossier).revision
        )
    assert report(date(2026, 5, 1), date(2026, 5, 31))["returned"] == 1
    assert check_facts().differences == []


def test_a_supplement_pauses_and_restarts_and_an_extension_changes_nothing(
    one_stop_officer, officer, office_leader, leader, clerk
):
    with at(2026, 3, 5, 9):  # Thursday; 3 working days -> due Tue 10 Mar 17:30
        dossier = receive(one_stop_officer)
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        dossier = services.dossier_take(actor=officer, dossier=dossier, revision=dossier.revision)
    with at(2026, 3, 6, 9):
        dossier = services.dossier_request_supplement(
            actor=officer, dossier=dossier, revision=dossier.revision, items=["Bản sao CCCD"]
        )
    march = report(date(2026, 3, 1), date(2026, 3, 6))
    assert march["in_progress"]["awaiting_supplement"] == 1
    with at(2026, 3, 16, 9):  # Monday: the limit restarts -> due Thu 19 Mar 17:30
        dossier = services.dossier_complete_supplement(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
    restarted = fresh(dossier).original_due_at
    assert restarted is not None and restarted.date() == date(2026, 3, 19)
    fact = DossierFact.objects.get(dossier_id=dossier.pk)
    assert fact.legal_due_at == fresh(dossier).original_due_at
    assert fact.due_at.date() == date(2026, 3, 10)  # the appointment of form 01 is kept
    # during the wait, the end of 13 Mar: awaiting; 17 Mar: on time; 20 Mar: overdue
    assert report(date(2026, 3, 1), date(2026, 3, 13))["in_progress"]["awaiting_supplement"] == 1
    assert report(date(2026, 3, 1), date(2026, 3, 17))["in_progress"]["on_time"] == 1
    with at(2026, 3, 17, 9):
        dossier = services.dossier_request_extension(
            actor=leader,
            dossier=fresh(dossier),
            revision=fresh(dossier).revision,
            new_due_at=restarted.replace(day=25),
            reason="Cần xác minh thêm",
        )
    # the extension does not change the legal due: overdue at the end of 20 March all the same
    figures = report(date(2026, 3, 1), date(2026, 3, 20))
    assert figures["in_progress"]["overdue"] == 1
    unit = OrgUnit.objects.get(identifier=UNIT)
    overdue = dossiers_behind(
        unit=unit, period=Period(date(2026, 3, 1), date(2026, 3, 20)), figure="in_progress.overdue"
    )
    assert list(overdue) == [fresh(dossier)]
    with at(2026, 3, 23, 9):
        dossier = services.dossier_withdraw(
            actor=one_stop_officer, dossier=fresh(dossier), revision=fresh(dossier).revision
        )
    figures = report(date(2026, 3, 1), date(2026, 3, 31))
    assert figures["finished"] == {"early": 0, "on_time": 0, "late": 1}
    assert figures["withdrawn"] == 1
    assert check_facts().differences == []


def test_a_dossier_refused_at_intake_is_not_counted(one_stop_officer):
    with at(2026, 3, 5, 9):
        submitted = services.dossier_submit(actor=None, intake=make_intake(channel="online"))
        services.dossier_refuse_at_intake(
            actor=one_stop_officer,
            dossier=submitted,
            revision=submitted.revision,
            reason="Không thuộc thẩm quyền",
        )
    assert report(date(2026, 3, 1), date(2026, 3, 31))["received"] == 0
    assert not DossierFact.objects.filter(dossier_id=submitted.pk).exists()


def test_a_signed_e_result_and_the_applicants_rating_reach_the_figures(
    one_stop_officer, officer, office_leader, leader, clerk
):
    may = (date(2026, 5, 1), date(2026, 5, 31))
    with at(2026, 5, 4, 9):
        dossier = e_result_returned(
            receive(one_stop_officer), one_stop_officer, officer, office_leader, leader, clerk
        )
    rates = report(*may)["rates"]
    assert rates["e_result"] == 100.0  # the signed e-result counts at once
    with at(2026, 5, 5, 9):
        services.dossier_rate(
            actor=one_stop_officer,  # the counter tablet
            dossier=fresh(dossier),
            revision=fresh(dossier).revision,
            overall="not_satisfied",
            criteria={},
            via="counter",
        )
    assert report(*may)["rates"]["satisfied"] == 0.0
    assert check_facts().differences == []


def criterion(start, end, ident):
    return next(c for c in report(start, end)["index766"]["criteria"] if c["id"] == ident)


def test_a_result_sent_to_the_citizens_data_store_counts_for_criterion_4_5(
    one_stop_officer, officer, office_leader, leader, clerk, citizen
):
    """766 criterion 4.5 (domain.md §9 group 4): dossiers taking components from, or sending
    results to, the citizen's data store, over the dossiers received."""
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.portal.services import results_into_store

    may = (date(2026, 5, 1), date(2026, 5, 31))
    with at(2026, 5, 4, 9):
        dossier = receive(one_stop_officer)
        Dossier.objects.filter(pk=dossier.pk).update(applicant_user=citizen)
        other = receive(one_stop_officer)  # a counter applicant without an account
    assert criterion(*may, "4.5")["numerator"] == 0
    assert criterion(*may, "4.5")["denominator"] == 2
    with at(2026, 5, 4, 10):
        dossier = e_result_returned(
            fresh(dossier), one_stop_officer, officer, office_leader, leader, clerk
        )
        returned = DossierEvent.objects.filter(dossier=dossier).latest("sequence")
        assert results_into_store(event_id=returned.pk) == 1
    found = criterion(*may, "4.5")
    assert (found["numerator"], found["denominator"], found["rate"]) == (1, 2, 50.0)
    assert DossierFact.objects.get(dossier_id=dossier.pk).data_store
    assert not DossierFact.objects.get(dossier_id=other.pk).data_store
    assert check_facts().differences == []
