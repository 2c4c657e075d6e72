"""The catalogue search and public reads: folding, word starts, ranking, versions, filters.

Runs on both databases (the PostgreSQL pass runs this module too). The demo catalogue is loaded
in every test database (conftest), so tests that must not see it filter on a test field.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from motcua.catalog import selectors, services
from motcua.catalog.content import TermContent
from motcua.catalog.models import Field
from motcua.catalog.selectors import CatalogFilters
from motcua.catalog.tests.factories import content
from motcua.core.errors import NotFoundError
from motcua.core.time import today

pytestmark = pytest.mark.django_db

FIELD = "Lĩnh vực thử nghiệm tìm kiếm"  # a field only these tests use


def publish(code, on=None, **changes):
    changes.setdefault("field_name", FIELD)
    changes.setdefault("local_code", f"{code}.000.00.00.H13")
    draft = services.procedure_draft_save(actor=None, code=code, content=content(**changes))
    return services.procedure_version_publish(actor=None, version=draft, effective_from=on)


def field_id():
    return Field.objects.get(name=FIELD).pk


def codes(query="", on=None, **filters):
    """Return the codes found, best first, within the test field unless told otherwise."""
    filters.setdefault("field_id", field_id())
    found = selectors.procedure_search(filters=CatalogFilters(query=query, **filters), on=on)
    return [item.code for item in found[: len(found)]]


@pytest.fixture
def hotich():
    publish("9.900001", name="Đăng ký kết hôn")
    publish("9.900002", name="Đăng ký khai sinh")
    publish("9.900003", name="Cấp giấy phép phòng cháy, chữa cháy")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dang ky ket hon", ["9.900001"]),
        ("Đăng ký kết hôn", ["9.900001"]),
        ("DANG KY KHAI SINH", ["9.900002"]),
        ("  đăng   KÝ  ", ["9.900001", "9.900002"]),  # both, by name: "ket" < "khai"
        ("dang ky kh", ["9.900002"]),  # the last word may be unfinished
        ("ket hon khai sinh", []),  # every word must match
        ("hon", ["9.900001"]),  # word starts: "hôn", not "phòng"
        ("phong chay", ["9.900003"]),
        ("9.900002", ["9.900002"]),  # the national code
        ("9.900001.000.00.00.h13", ["9.900001"]),  # the localised code
        ("chua chay", ["9.900003"]),  # a word after a comma
        ("thu tuc dang ky ket hon", ["9.900001"]),  # a leading "thủ tục" is ignored
    ],
)
def test_search_ignores_case_and_diacritics_and_matches_every_word(hotich, query, expected):
    assert codes(query) == expected


def test_ranking_exact_then_prefix_then_phrase_then_words_then_other_text():
    publish("9.900011", name="Ghi vào sổ việc đăng ký kết hôn")  # phrase inside the name
    publish("9.900012", name="Đăng ký lại việc kết hôn")  # every word, not as a phrase
    publish("9.900013", name="Thủ tục đăng ký kết hôn lưu động")  # prefix after "Thủ tục"
    publish("9.900014", name="Thủ tục đăng ký kết hôn")  # exact after "Thủ tục"
    publish("9.900015", name="Đăng ký kết hôn có yếu tố nước ngoài")  # prefix
    publish(
        "9.900016", name="Cấp bản sao trích lục", field_name="Đăng ký kết hôn (nhóm thử)"
    )  # only the field matches
    both = CatalogFilters(query="dang ky ket hon")
    found = [item.code for item in selectors.procedure_search(filters=both)[:100]]
    ours = [code for code in found if code.startswith("9.9000")]
    assert ours == ["9.900014", "9.900015", "9.900013", "9.900011", "9.900012", "9.900016"]


def test_real_names_of_the_demo_catalogue_are_found_first():
    found = selectors.procedure_search(filters=CatalogFilters(query="dang ky ket hon"))
    assert [item.code for item in found[:2]] == ["1.000894", "2.000806"]
    assert found[0].name == "Thủ tục đăng ký kết hôn"
    sinh = selectors.procedure_search(filters=CatalogFilters(query="DANG KY KHAI SINH"))
    assert sinh[0].code == "1.001193"
    both = selectors.procedure_search(filters=CatalogFilters(query="đăng ký"))
    assert {"1.000894", "1.001193"} <= {item.code for item in both[: len(both)]}


def test_without_a_query_the_list_is_by_name_then_code():
    publish("9.900022", name="Bảo lãnh")
    publish("9.900021", name="Ấn định")
    publish("9.900023", name="Đăng ký")
    publish("9.900024", name="Bảo lãnh")
    publish("9.900025", name="Thủ tục cấp phép")  # sorted as "cấp phép"
    assert codes() == ["9.900021", "9.900022", "9.900024", "9.900025", "9.900023"]


def test_only_the_version_in_force_is_searched():
    publish("9.900031", on=date(2025, 7, 1), name="Cấp giấy xác nhận thường trú")
    publish("9.900031", on=date(2026, 1, 1), name="Xác nhận thông tin cư trú")
    assert codes("thuong tru", on=date(2025, 12, 31)) == ["9.900031"]
    assert codes("thuong tru", on=date(2026, 1, 1)) == []
    assert codes("thong tin cu tru", on=date(2026, 1, 1)) == ["9.900031"]
    assert codes("thong tin cu tru", on=date(2025, 12, 31)) == []
    # One result per procedure when both versions match.
    assert codes("xac nhan", on=date(2026, 1, 1)) == ["9.900031"]


def test_drafts_future_and_abolished_procedures_are_not_found():
    services.procedure_draft_save(
        actor=None, code="9.900041", content=content(name="Bản nháp", field_name=FIELD)
    )
    publish("9.900042", on=today() + timedelta(days=10), name="Sắp có hiệu lực")
    abolished = publish("9.900043", name="Đã bãi bỏ")
    services.procedure_abolish(actor=None, procedure=abolished.procedure, on=today())
    assert codes("ban nhap") == codes("sap co") == codes("da bai bo") == []
    assert codes("da bai bo", on=today() - timedelta(days=1)) == ["9.900043"]


def test_filters_by_field_level_online_level_and_agency():
    publish("9.900051", name="Thủ tục A", for_province=True, for_commune=False)
    publish("9.900052", name="Thủ tục B", online_level="full")
    publish(
        "9.900053",
        name="Thủ tục C",
        for_province=True,
        for_commune=False,
        implementing_agency="Sở Y tế tỉnh Cao Bằng",
    )
    assert codes(level="province") == ["9.900051", "9.900053"]
    assert codes(level="commune") == ["9.900052"]
    assert codes(online_level="full") == ["9.900052"]
    assert codes(agency="so y te") == ["9.900053"]
    assert codes(agency="SỞ Y") == ["9.900053"]
    assert codes(agency="uy ban nhan dan cap xa") == ["9.900051", "9.900052"]
    assert codes("thu tuc c", level="province", agency="y te") == ["9.900053"]
    everywhere = CatalogFilters(agency="so y te")
    assert "9.900053" in [item.code for item in selectors.procedure_search(filters=everywhere)]


def test_a_page_of_results_costs_three_queries(django_assert_num_queries):
    for number in range(25):
        publish(f"9.9001{number:02d}", name=f"Thủ tục số {number}")
    only_ours = CatalogFilters(field_id=field_id())
    with django_assert_num_queries(3):  # the matches; the page's versions; their time limits
        found = selectors.procedure_search(filters=only_ours)
        page = found[0:20]
    assert len(found) == 25 and len(page) == 20
    first = page[0]
    assert first.code == "9.900100" and first.field_name == FIELD
    assert first.levels == ["commune"] and first.online_level_label
    assert [term.limit_text for term in first.terms] == ["3 working days", "3 working days"]


def test_get_by_national_or_localised_code():
    version = publish("9.900061", name="Theo mã")
    assert selectors.procedure_get_by_code(code="9.900061") == version
    assert selectors.procedure_get_by_code(code="9.900061.000.00.00.h13") == version
    for code in ("9.999999", "nonsense", ""):
        with pytest.raises(NotFoundError):
            selectors.procedure_get_by_code(code=code)


def test_history_gives_each_version_its_period_and_state():
    procedure = publish("9.900071", on=date(2025, 7, 1), name="Một").procedure
    publish("9.900071", on=date(2026, 1, 1), name="Hai")
    upcoming = today() + timedelta(days=30)
    publish("9.900071", on=upcoming, name="Ba")
    history = selectors.procedure_history(procedure=procedure)
    assert [(item.version.number, item.state, item.until) for item in history] == [
        (3, "upcoming", None),
        (2, "in_force", upcoming),
        (1, "past", date(2026, 1, 1)),
    ]
    with pytest.raises(NotFoundError):
        selectors.procedure_version_get_published(procedure=procedure, number=4)


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        ("3", "working_days", "3 working days"),
        ("1.00", "working_days", "1 working day"),
        ("0.5", "working_days", "0.5 working days"),
        ("10", "working_days", "10 working days"),
        ("4", "working_hours", "4 working hours"),
        ("1", "working_hours", "1 working hour"),
        ("30", "calendar_days", "30 days"),
        ("0", "same_day", "Same day (if received before 15:00)"),
    ],
)
def test_time_limits_read_as_people_say_them(value, unit, text):
    term = TermContent("counter", Decimal(value), unit)
    assert selectors.limit_display(value=term.limit_value, unit=unit, cutoff=term.cutoff) == text


def test_fees_read_as_people_say_them():
    assert selectors.fee_display(0) == "No fee"
    assert selectors.fee_display(50_000) == "50,000 VND"
    with translation.override("vi"):
        assert "50.000" in selectors.fee_display(50_000)
        assert "1.250.000" in selectors.fee_display(1_250_000)
