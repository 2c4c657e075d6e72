from datetime import date

import pytest

from motcua.accounts import selectors, services
from motcua.accounts.demo import HOA_AN, PROVINCE, THUC_PHAN, THUC_PHAN_CENTRE
from motcua.accounts.models import Membership, OrgUnit, Role
from motcua.core.errors import DomainError, PermissionDeniedError

pytestmark = pytest.mark.django_db


def test_create_sets_materialised_path_and_depth(unit):
    province = unit(PROVINCE)
    office = services.org_unit_create(
        actor=None,
        identifier="000.02.31.H13",
        name="Phòng Văn hóa - Xã hội",
        kind="office",
        level=3,
        parent=unit(THUC_PHAN),
        valid_from=date(2025, 7, 1),
    )
    assert office.path == f"{unit(THUC_PHAN).path}{office.pk}/"
    assert office.depth == 2
    assert office.ancestor_ids == [province.pk, unit(THUC_PHAN).pk, office.pk]
    assert office in selectors.org_unit_subtree(unit=province)


def test_create_names_every_invalid_field(unit):
    with pytest.raises(DomainError) as error:
        services.org_unit_create(
            actor=None, identifier="bad", name="X", kind="planet", level=9, parent=unit(PROVINCE)
        )
    message = str(error.value)
    assert "identifier" in message and "kind" in message and "level" in message


def test_create_refuses_duplicate_identifier(unit):
    with pytest.raises(DomainError, match="identifier"):
        services.org_unit_create(
            actor=None,
            identifier=THUC_PHAN,
            name="Copy",
            kind="commune",
            level=3,
            parent=unit(PROVINCE),
        )


def test_create_under_a_dissolved_parent_is_refused(unit):
    district = OrgUnit.objects.get(identifier="000.00.21.H13")
    with pytest.raises(DomainError, match="does not exist on"):
        services.org_unit_create(
            actor=None,
            identifier="000.09.21.H13",
            name="Late",
            kind="commune",
            level=3,
            parent=district,
            valid_from=date(2026, 1, 1),
        )


def test_only_administrators_create_units(unit, officer, ward_admin):
    kwargs = {
        "identifier": "000.03.31.H13",
        "name": "Tổ",
        "kind": "office",
        "level": 3,
        "parent": unit(THUC_PHAN),
    }
    with pytest.raises(PermissionDeniedError):
        services.org_unit_create(actor=officer, **kwargs)
    created = services.org_unit_create(actor=ward_admin, **kwargs)
    assert created.parent == unit(THUC_PHAN)


def test_dissolve_keeps_history_and_ends_roles(unit, one_stop_officer):
    centre = unit(THUC_PHAN_CENTRE)
    services.org_unit_dissolve(actor=None, unit=centre, on=date(2026, 12, 1))
    centre.refresh_from_db()
    assert centre.valid_until == date(2026, 12, 1)
    assert centre.end_reason == "dissolved"
    assert centre.is_valid_on(date(2026, 11, 30)) and not centre.is_valid_on(date(2026, 12, 1))
    membership = Membership.objects.get(user=one_stop_officer, unit=centre)
    assert membership.valid_until == date(2026, 12, 1)
    # Still visible as history in the subtree when no date is given, gone on a later date.
    assert centre in selectors.org_unit_subtree(unit=unit(THUC_PHAN))
    assert centre not in selectors.org_unit_subtree(unit=unit(THUC_PHAN), on=date(2027, 1, 1))


def test_dissolve_refuses_a_unit_with_living_children(unit):
    with pytest.raises(DomainError, match="still has sub-units"):
        services.org_unit_dissolve(actor=None, unit=unit(THUC_PHAN), on=date(2026, 12, 1))


def test_dissolve_twice_is_refused(unit):
    centre = unit(THUC_PHAN_CENTRE)
    services.org_unit_dissolve(actor=None, unit=centre, on=date(2026, 12, 1))
    with pytest.raises(DomainError, match="already ended"):
        services.org_unit_dissolve(actor=None, unit=centre, on=date(2027, 1, 1))


def test_merge_points_sources_at_successor(unit):
    hoa_an_centre = OrgUnit.objects.get(identifier="000.01.34.H13")
    services.org_unit_dissolve(actor=None, unit=hoa_an_centre, on=date(2027, 1, 1))
    services.org_unit_merge(
        actor=None, sources=[unit(HOA_AN)], into=unit(THUC_PHAN), on=date(2027, 1, 1)
    )
    hoa_an = unit(HOA_AN)
    assert hoa_an.end_reason == "merged"
    assert hoa_an.successor == unit(THUC_PHAN)
    assert hoa_an in unit(THUC_PHAN).predecessors.all()


def test_merge_into_itself_or_a_dead_unit_is_refused(unit):
    with pytest.raises(DomainError, match="into itself"):
        services.org_unit_merge(
            actor=None, sources=[unit(THUC_PHAN)], into=unit(THUC_PHAN), on=date(2027, 1, 1)
        )
    dead = OrgUnit.objects.get(identifier="000.00.20.H13")
    with pytest.raises(DomainError, match="does not exist on"):
        services.org_unit_merge(actor=None, sources=[unit(HOA_AN)], into=dead, on=date(2027, 1, 1))


def test_demo_history_shows_the_2025_reorganisation(unit):
    thuc_phan = unit(THUC_PHAN)
    names = sorted(old.name for old in thuc_phan.predecessors.all())
    assert names == [
        "Ủy ban nhân dân phường Hợp Giang",
        "Ủy ban nhân dân phường Sông Hiến",
        "Ủy ban nhân dân phường Đề Thám",
    ]
    district = OrgUnit.objects.get(identifier="000.00.21.H13")
    assert district.end_reason == "dissolved" and district.valid_until == date(2025, 7, 1)


def _record(identifier, parent=PROVINCE, **extra):
    return {
        "identifier": identifier,
        "name": f"Unit {identifier}",
        "kind": "commune",
        "level": "commune",
        "parent": parent,
        **extra,
    }


def test_import_is_idempotent_and_updates_by_identifier():
    records = [
        _record("000.00.60.H13"),
        _record("000.01.60.H13", parent="000.00.60.H13", kind="one_stop_centre"),
    ]
    first = services.org_units_import(records=records)
    assert (first.created, first.updated, first.errors) == (2, 0, [])
    second = services.org_units_import(records=records)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    records[0]["name"] = "Renamed"
    third = services.org_units_import(records=records)
    assert (third.created, third.updated) == (0, 1)
    assert OrgUnit.objects.get(identifier="000.00.60.H13").name == "Renamed"


def test_import_accepts_children_before_parents_and_moves_units():
    records = [_record("000.01.61.H13", parent="000.00.61.H13"), _record("000.00.61.H13")]
    assert services.org_units_import(records=records).created == 2
    child = OrgUnit.objects.get(identifier="000.01.61.H13")
    assert child.parent is not None
    assert child.parent.identifier == "000.00.61.H13"
    # Move the child under Thục Phán: its path follows.
    records[0]["parent"] = THUC_PHAN
    assert services.org_units_import(records=records).updated == 1
    child.refresh_from_db()
    assert child.path.startswith(OrgUnit.objects.get(identifier=THUC_PHAN).path)


def test_import_reports_every_error_and_writes_nothing():
    before = OrgUnit.objects.count()
    report = services.org_units_import(
        records=[
            _record("000.00.62.H13"),
            {"identifier": "", "name": "", "kind": "x", "level": "y"},
            _record("000.00.63.H13", parent="999.99.99.H99"),
            _record("000.00.64.H13", valid_from="01/07/2025"),
        ]
    )
    assert len(report.errors) == 3
    assert "Record 2" in report.errors[0] and "identifier is missing" in report.errors[0]
    assert "kind x" in report.errors[0]
    assert "Record 3" in report.errors[2] or "Record 3" in " ".join(report.errors)
    assert "999.99.99.H99" in " ".join(report.errors)
    assert "01/07/2025 is not a date" in " ".join(report.errors)
    assert OrgUnit.objects.count() == before


def test_import_refuses_a_cycle():
    report = services.org_units_import(
        records=[
            _record("000.00.65.H13", parent="000.00.66.H13"),
            _record("000.00.66.H13", parent="000.00.65.H13"),
        ]
    )
    assert report.errors and "cycle" in report.errors[0]


def test_import_ends_units_with_successor():
    report = services.org_units_import(
        records=[
            _record(
                "000.00.67.H13",
                valid_from="2000-01-01",
                valid_until="2025-07-01",
                successor=THUC_PHAN,
            ),
        ]
    )
    assert report.errors == []
    old = OrgUnit.objects.get(identifier="000.00.67.H13")
    assert old.successor is not None
    assert (old.end_reason, old.successor.identifier) == ("merged", THUC_PHAN)


def test_membership_grant_rules(unit, officer, citizen, ward_admin, other_commune_officer):
    with pytest.raises(DomainError, match="Only staff"):
        services.membership_grant(actor=None, user=citizen, unit=unit(THUC_PHAN), role=Role.CLERK)
    with pytest.raises(DomainError, match="already holds"):
        services.membership_grant(
            actor=None, user=officer, unit=unit(THUC_PHAN), role=Role.SPECIALIST
        )
    with pytest.raises(PermissionDeniedError):
        services.membership_grant(
            actor=ward_admin, user=other_commune_officer, unit=unit(HOA_AN), role=Role.CLERK
        )
    granted = services.membership_grant(
        actor=ward_admin, user=other_commune_officer, unit=unit(THUC_PHAN), role=Role.CLERK
    )
    ended = services.membership_end(actor=ward_admin, membership=granted, on=date(2030, 1, 1))
    assert ended.valid_until == date(2030, 1, 1)
    with pytest.raises(DomainError, match="already ended"):
        services.membership_end(actor=None, membership=granted, on=date(2031, 1, 1))


def test_citizen_needs_a_valid_id_number():
    with pytest.raises(DomainError, match="12 digits"):
        services.user_create_citizen(username="x", password=None, full_name="X", id_number="123")
    with pytest.raises(DomainError, match="ID number"):
        services.user_create_citizen(
            username="y", password=None, full_name="Y", id_number="004095001234"
        )  # already used by the demo citizen


def test_calendar_entry_publish_rules(unit, officer, ward_admin, superuser):
    with pytest.raises(PermissionDeniedError):
        services.calendar_entry_publish(
            actor=officer,
            unit=unit(THUC_PHAN),
            day=date(2026, 12, 24),
            working=False,
            reason="Lễ hội",
        )
    with pytest.raises(DomainError, match="reason"):
        services.calendar_entry_publish(
            actor=ward_admin,
            unit=unit(THUC_PHAN),
            day=date(2026, 12, 24),
            working=False,
            reason=" ",
        )
    entry = services.calendar_entry_publish(
        actor=ward_admin,
        unit=unit(THUC_PHAN),
        day=date(2026, 12, 24),
        working=False,
        reason="Lễ hội địa phương",
    )
    with pytest.raises(DomainError, match="already an entry"):
        services.calendar_entry_publish(
            actor=ward_admin,
            unit=unit(THUC_PHAN),
            day=date(2026, 12, 24),
            working=True,
            reason="x",
        )
    # A ward administrator cannot publish for the whole deployment; the province admin can.
    with pytest.raises(PermissionDeniedError):
        services.calendar_entry_publish(
            actor=ward_admin, unit=None, day=date(2026, 12, 31), working=False, reason="x"
        )
    services.calendar_entry_publish(
        actor=superuser, unit=None, day=date(2026, 12, 31), working=False, reason="Nghỉ bù"
    )
    services.calendar_entry_withdraw(actor=ward_admin, entry=entry)
