"""Deny by default: who sees which units (product.md, "Reliability and security")."""

from datetime import date, datetime

import pytest

from motcua.accounts import selectors, services
from motcua.accounts.demo import (
    HOA_AN,
    HOA_AN_CENTRE,
    PROVINCE,
    PROVINCE_CENTRE,
    PROVINCE_OFFICE,
    THUC_PHAN,
    THUC_PHAN_CENTRE,
)
from motcua.accounts.models import OrgUnit
from motcua.core.errors import NotFoundError
from motcua.deadlines.calendar import VN_TZ

pytestmark = pytest.mark.django_db


def identifiers(user):
    return {unit.identifier for unit in selectors.org_unit_list_for_user(user=user)}


def test_officer_sees_only_their_own_unit(officer, one_stop_officer):
    assert identifiers(officer) == {THUC_PHAN}
    assert identifiers(one_stop_officer) == {THUC_PHAN_CENTRE}


def test_officer_of_another_commune_gets_not_found(unit, other_commune_officer):
    assert identifiers(other_commune_officer) == {HOA_AN_CENTRE}
    for identifier in (THUC_PHAN, THUC_PHAN_CENTRE, HOA_AN, PROVINCE):
        with pytest.raises(NotFoundError):
            selectors.org_unit_get_for_user(user=other_commune_officer, pk=unit(identifier).pk)


def test_missing_and_hidden_units_give_the_same_answer(unit, other_commune_officer):
    with pytest.raises(NotFoundError) as hidden:
        selectors.org_unit_get_for_user(user=other_commune_officer, pk=unit(THUC_PHAN).pk)
    with pytest.raises(NotFoundError) as missing:
        selectors.org_unit_get_for_user(user=other_commune_officer, pk=10**9)
    assert str(hidden.value) == str(missing.value)


def test_supervisor_sees_its_subtree(office_supervisor, province_supervisor):
    assert identifiers(office_supervisor) == {PROVINCE_OFFICE, PROVINCE_CENTRE}
    assert identifiers(province_supervisor) == set(
        OrgUnit.objects.values_list("identifier", flat=True)
    )


def test_citizen_and_anonymous_see_nothing(citizen):
    from django.contrib.auth.models import AnonymousUser

    assert identifiers(citizen) == set()
    assert identifiers(AnonymousUser()) == set()


def test_ended_membership_no_longer_grants_access(unit, officer):
    membership = officer.memberships.get()
    services.membership_end(actor=None, membership=membership, on=date(2026, 1, 1))
    officer.refresh_from_db()
    fresh = type(officer).objects.get(pk=officer.pk)
    assert identifiers(fresh) == set()


def test_user_get_for_user_is_scoped(officer, leader, other_commune_officer, province_supervisor):
    assert selectors.user_get_for_user(viewer=officer, pk=leader.pk) == leader
    assert selectors.user_get_for_user(viewer=province_supervisor, pk=leader.pk) == leader
    with pytest.raises(NotFoundError):
        selectors.user_get_for_user(viewer=other_commune_officer, pk=leader.pk)


def test_unit_calendar_applies_entries_deepest_last_and_office_hours(unit, superuser):
    province, ward = unit(PROVINCE), unit(THUC_PHAN)
    services.calendar_entry_publish(
        actor=None, unit=None, day=date(2026, 12, 24), working=False, reason="Deployment-wide"
    )
    services.calendar_entry_publish(
        actor=None, unit=province, day=date(2026, 12, 25), working=False, reason="Province"
    )
    services.calendar_entry_publish(
        actor=None, unit=ward, day=date(2026, 12, 25), working=True, reason="Ward works"
    )
    ward.office_hours = "07:00-11:00,13:00-17:00"
    ward.save()
    ward_calendar = selectors.working_calendar_for_unit(unit=ward)
    province_calendar = selectors.working_calendar_for_unit(unit=province)
    assert not ward_calendar.is_working_day(date(2026, 12, 24))
    assert ward_calendar.is_working_day(date(2026, 12, 25))
    assert not province_calendar.is_working_day(date(2026, 12, 25))
    assert str(ward_calendar.office_hours) == "07:00-11:00,13:00-17:00"
    # Another commune is not touched by the ward's entry.
    hoa_an_calendar = selectors.working_calendar_for_unit(unit=unit(HOA_AN))
    assert not hoa_an_calendar.is_working_day(date(2026, 12, 25))
    assert datetime(2026, 12, 25, tzinfo=VN_TZ).date() == date(2026, 12, 25)


def test_tree_is_depth_first_with_centres_after_their_commune(province_supervisor, ward_admin):
    tree = selectors.org_unit_tree_for_user(user=province_supervisor)
    identifiers_in_order = [unit.identifier for unit, _ in tree]
    assert identifiers_in_order[0] == PROVINCE
    position = identifiers_in_order.index(THUC_PHAN)
    assert identifiers_in_order[position + 1] == THUC_PHAN_CENTRE
    assert {unit.identifier: indent for unit, indent in tree}[THUC_PHAN_CENTRE] == 2
    # A ward administrator's tree starts at the ward.
    assert [
        (unit.identifier, indent)
        for unit, indent in selectors.org_unit_tree_for_user(user=ward_admin)
    ] == [
        (THUC_PHAN, 0),
        (THUC_PHAN_CENTRE, 1),
    ]
