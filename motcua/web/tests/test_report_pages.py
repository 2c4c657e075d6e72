"""The dashboard: leaders and supervisors only, another unit is "not found", a capped number of
queries, the same numbers as the report, and every number's link lists exactly its dossiers."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.demo import HOA_AN, PROVINCE, THUC_PHAN
from motcua.accounts.models import OrgUnit
from motcua.reporting.figures import Period
from motcua.reporting.report import unit_report
from motcua.reporting.tests.test_definitions import HISTORIES, MARCH
from motcua.reporting.transfer import import_histories

pytestmark = pytest.mark.django_db
MARCH_QUERY = "from=2026-03-01&to=2026-03-31"


@pytest.fixture
def imported():
    assert import_histories(HISTORIES).errors == []


def url(unit, extra=""):
    return f"/bao-cao/?unit={unit.pk}&{MARCH_QUERY}{extra}"


def test_officers_and_citizens_are_refused(login, officer, one_stop_officer, citizen, unit):
    province = unit(PROVINCE)
    for user in (officer, one_stop_officer, citizen):
        assert login(user).get(url(province)).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, unit):
    response = client.get(url(unit(PROVINCE)))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_leader_sees_their_ward_and_not_another_commune(login, leader, unit):
    client = login(leader)
    assert client.get(url(unit(THUC_PHAN))).status_code == 200
    assert client.get(url(unit(HOA_AN))).status_code == 404
    assert client.get(url(unit(PROVINCE))).status_code == 404
    drill = f"/bao-cao/ho-so/?unit={unit(HOA_AN).pk}&{MARCH_QUERY}&figure=received"
    assert client.get(drill).status_code == 404


def test_the_dashboard_shows_the_report_numbers_in_few_queries(
    imported, login, province_supervisor, unit
):
    client = login(province_supervisor)
    province = unit(PROVINCE)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(province))
    assert response.status_code == 200
    # A fixed number whatever the data size: the counters, the catalogue, the publication
    # decisions and the province's calendar (criteria 1.1-1.2), the feedback (5.1-5.2).
    assert len(queries) <= 18, [q["sql"][:120] for q in queries.captured_queries]
    html = response.content.decode()
    report = unit_report(unit=province, period=MARCH)
    # every figure of the table links to its drill-down, with the report's number
    links = re.findall(r'<a href="(/bao-cao/ho-so/\?[^"]+)">(\d+)</a>', html)
    figures: dict[str, set[int]] = {}
    for href, number in links:
        found = re.search(r"figure=([\w.]+)", unescape(href))
        assert found is not None
        figure = found.group(1)
        figures.setdefault(figure, set()).add(int(number))
    assert figures["received"] >= {report["received"]}
    assert figures["in_progress.overdue"] >= {report["in_progress"]["overdue"]}
    assert figures["finished.late"] == {report["finished"]["late"]}
    # each link lists exactly as many dossiers as the number it is on
    checked = 0
    for href, number in set(links):
        page = client.get(unescape(href))
        assert page.status_code == 200
        count = len(re.findall(r'<a class="code"', page.content.decode()))
        assert count == int(number), href
        checked += 1
    assert checked > 10
    assert "766" in html
    assert 'data-refresh="60"' in html


def test_the_refresh_fragment_is_the_body_only(imported, login, province_supervisor, unit):
    response = login(province_supervisor).get(url(unit(PROVINCE), "&part=body"))
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"report-cards" in response.content


def test_child_units_below_the_threshold_are_flagged(imported, login, province_supervisor, unit):
    ward = unit(THUC_PHAN)
    html = login(province_supervisor).get(url(ward)).content.decode()
    # the ward's centre holds every dossier: on time 7 of 11 (63.64%) is below 95%
    assert "flagged" in html
    assert "63,64" in html or "63.64" in html


@pytest.mark.parametrize(
    ("kind", "start"), [("xlsx", b"PK"), ("pdf", b"%PDF")], ids=["xlsx", "pdf"]
)
def test_exports(imported, login, province_supervisor, unit, kind, start):
    response = login(province_supervisor).get(
        f"/bao-cao/xuat.{kind}?unit={unit(PROVINCE).pk}&{MARCH_QUERY}"
    )
    assert response.status_code == 200
    assert response.content.startswith(start)
    assert "attachment" in response["Content-Disposition"]


def test_an_unknown_figure_or_bad_date_is_not_found(login, province_supervisor, unit):
    client = login(province_supervisor)
    province = unit(PROVINCE)
    assert client.get(f"/bao-cao/ho-so/?unit={province.pk}&figure=nope").status_code == 404
    assert client.get(f"/bao-cao/?unit={province.pk}&from=2026-13-01").status_code == 404


def test_the_drilldown_of_a_unit_lists_its_subtree_only(imported, login, province_supervisor):
    other = OrgUnit.objects.get(identifier=HOA_AN)
    response = login(province_supervisor).get(
        f"/bao-cao/ho-so/?unit={other.pk}&{MARCH_QUERY}&figure=received"
    )
    assert response.status_code == 200
    assert b'class="code"' not in response.content
    assert Period(MARCH.start, MARCH.end) == MARCH


def test_the_evaluation_page_shows_the_unit_and_its_officers(
    imported, login, province_supervisor, officer, unit
):
    """TT 01/2018 (domain.md §10): the page shows `evaluation()`'s figures; same access as
    the dashboard."""
    from motcua.reporting.evaluation import evaluation

    province = unit(PROVINCE)
    page = f"/bao-cao/danh-gia/?unit={province.pk}&{MARCH_QUERY}"
    assert login(officer).get(page).status_code == 403
    response = login(province_supervisor).get(page)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    expected = evaluation(unit=province, period=MARCH)
    assert expected["dossiers"] > 0
    assert f"{expected['dossiers']} dossiers finished" in html  # the tests run in English
    assert f"{expected['unit']['total']:.1f}" in html
    for ident in ("1", "3", "7"):
        assert f"{expected['unit']['indicators'][ident]:.1f}" in html
    # the per-unit indicators show their measures: numerator/denominator = rate
    for ident in ("5", "9"):
        for measure in expected["unit"]["measures"][ident]:
            if measure["rate"] is not None:
                assert f"{measure['numerator']}/{measure['denominator']} = " in html
    assert "766 criterion 3.2" in html
    for officer in expected["officers"]:
        assert officer["name"] in html
    dashboard = login(province_supervisor).get(url(province)).content.decode()
    assert "/bao-cao/danh-gia/?" in dashboard


def test_the_evaluation_downloads_as_a_workbook_with_the_pages_numbers(
    imported, login, province_supervisor, officer, unit
):
    from io import BytesIO

    from openpyxl import load_workbook

    from motcua.reporting.evaluation import evaluation

    province = unit(PROVINCE)
    link = f"/bao-cao/danh-gia/xuat.xlsx?unit={province.pk}&{MARCH_QUERY}"
    assert login(officer).get(link).status_code == 403
    response = login(province_supervisor).get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(BytesIO(response.content))
    cells = [cell for row in book["Đơn vị"].iter_rows(values_only=True) for cell in row]
    expected = evaluation(unit=province, period=MARCH)
    assert expected["dossiers"] in cells
    assert "1" in cells and "9" in cells  # the nine indicators, by number
    page = login(province_supervisor).get(f"/bao-cao/danh-gia/?unit={province.pk}&{MARCH_QUERY}")
    assert "/bao-cao/danh-gia/xuat.xlsx?" in page.content.decode()


@pytest.mark.parametrize("page", ["/bao-cao/", "/bao-cao/danh-gia/"])
def test_the_period_links_keep_the_unit_and_mark_the_period_shown(
    login, province_supervisor, unit, time_machine, page
):
    time_machine.move_to("2026-12-02 09:00 +07:00", tick=False)
    province = unit(PROVINCE)
    client = login(province_supervisor)
    html = unescape(
        client.get(f"{page}?unit={province.pk}&from=2026-10-01&to=2026-12-02").content.decode()
    )
    calendar, closing = re.findall(r"<p>(.*?)</p>", html.split('class="period-links"')[1])[:2]

    def links(part):
        return {
            label.strip(): query
            for query, label in re.findall(r'href="\?([^"]+)"[^>]*>([^<]+)', part)
        }

    by_label = links(calendar)
    assert by_label["Quarter IV"] == f"unit={province.pk}&from=2026-10-01&to=2026-12-02"
    assert links(closing)["6 months"] == f"unit={province.pk}&from=2025-12-15&to=2026-06-14"
    current = re.findall(r'<a href="\?[^"]+"[^>]*aria-current="true">([^<]+)', html)
    assert [label.strip() for label in current] == ["Quarter IV"]
    assert "<details>" in html  # the reporting periods folded: none of them is shown
    reporting = client.get(f"{page}?{links(closing)['6 months']}").content.decode()
    assert "<details open>" in reporting
    # Following a link shows that period.
    followed = client.get(f"{page}?{by_label['Year 2025']}").content.decode()
    assert 'value="2025-01-01"' in followed and 'value="2025-12-31"' in followed
