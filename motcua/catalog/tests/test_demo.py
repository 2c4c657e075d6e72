import copy
from datetime import date
from decimal import Decimal

import pytest

from motcua.catalog.content import content_of, missing_fields
from motcua.catalog.demo import (
    demo_catalog,
    demo_catalog_drafts,
    demo_catalog_not_loaded,
    load_demo_catalog,
)
from motcua.catalog.models import Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.selectors import CatalogFilters, procedure_get_by_code, procedure_search

pytestmark = pytest.mark.django_db
DAY = date(2026, 1, 5)  # every demo version is in force by then (effective 2025-07-01)


def demo_versions():
    codes = [entry["code"] for entry in demo_catalog()["procedures"]]
    return ProcedureVersion.objects.filter(
        procedure__code__in=codes, status=VersionStatus.PUBLISHED
    ).select_related("procedure", "field")


def test_the_demo_catalogue_is_published_at_both_levels():
    # conftest.py loaded it once for the test database.
    versions = procedure_search(filters=CatalogFilters(), on=DAY)
    assert len(versions) >= 40
    assert any(version.for_province for version in versions)
    assert any(version.for_commune for version in versions)
    assert procedure_search(filters=CatalogFilters(query="dang ky khai sinh"), on=DAY)


def test_every_published_demo_procedure_is_complete():
    versions = list(demo_versions())
    assert len(versions) >= 40
    for version in versions:
        assert missing_fields(content_of(version)) == [], version.procedure.code


def test_incomplete_procedures_stay_drafts_and_say_why():
    drafts = demo_catalog_drafts()
    assert "required documents" in drafts["2.000286"]  # the source decision lists no documents
    assert "time limit" in drafts["2.001263"]  # the data gives stages, no single total
    for code in drafts:
        versions = ProcedureVersion.objects.filter(procedure__code=code)
        assert [version.status for version in versions] == [VersionStatus.DRAFT]
    entries = {entry["code"]: entry for entry in demo_catalog()["procedures"]}
    assert set(drafts) == {
        code for code, entry in entries.items() if "unpublished_because" in entry
    }


def test_every_procedure_fits_including_the_longest_name():
    # 1.013831's real name has 569 characters; ProcedureVersion.name allows 1000.
    assert demo_catalog_not_loaded() == {}
    assert Procedure.objects.filter(code="1.013831").exists()


def loaded():
    return len(demo_catalog()["procedures"]) - len(demo_catalog_not_loaded())


def test_a_second_load_changes_nothing():
    counts = (Procedure.objects.count(), ProcedureVersion.objects.count())
    assert load_demo_catalog() == (0, loaded())
    assert (Procedure.objects.count(), ProcedureVersion.objects.count()) == counts


def test_a_changed_procedure_gets_a_new_version(monkeypatch):
    version = procedure_get_by_code(code="1.001193", on=DAY)
    data = copy.deepcopy(demo_catalog())
    data["procedures"][0]["name"] = "Thủ tục đăng ký khai sinh (sửa đổi)"
    monkeypatch.setattr("motcua.catalog.demo.demo_catalog", lambda: data)
    assert load_demo_catalog() == (1, loaded() - 1)
    changed = procedure_get_by_code(code="1.001193", on=DAY)
    assert (changed.number, changed.name) == (version.number + 1, data["procedures"][0]["name"])


def test_mapping_of_a_civil_status_procedure():
    version = procedure_get_by_code(code="1.001193", on=DAY)  # đăng ký khai sinh
    assert version.local_code == "1.001193.000.00.00.H13"
    assert version.for_commune and not version.for_province
    assert version.decision_number == "163/QĐ-BTP"
    assert {term.channel: term.limit_text for term in version.terms.all()} == {
        "counter": "same_day",
        "online": "same_day",
        "postal": "same_day",
    }
    residence = version.documents.get(name__startswith="Giấy tờ chứng minh nơi cư trú")
    assert (residence.originals, residence.note, residence.reusable) == (1, "Xuất trình", True)


def test_per_channel_limits_and_fees_follow_the_portal_table():
    land = procedure_get_by_code(code="1.013978", on=DAY)
    assert {term.channel: term.limit_text for term in land.terms.all()} == {
        "counter": "27 working_days",
        "online": "17 working_days",
        "postal": "20 working_days",
    }
    business = procedure_get_by_code(code="1.001612", on=DAY)
    assert {term.channel: term.fee_vnd for term in business.terms.all()} == {
        "counter": 50000,
        "online": 150000,
        "postal": 150000,
    }
    licence = procedure_get_by_code(code="3.000347", on=DAY)
    online = licence.terms.get(channel="online")
    assert online.fee_vnd == 135000  # the reduced online rate ran until 31/12/2025: note only
    assert "31/12/2025" in online.fee_note


def test_hours_in_the_data_are_working_hours():
    version = procedure_get_by_code(code="1.012994", on=DAY)
    assert {(term.limit_value, term.limit_unit) for term in version.terms.all()} == {
        (Decimal(168), "working_hours")
    }
