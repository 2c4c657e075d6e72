"""Officers' dossier pages and the public lookup: each page for the right persona, the wrong
unit gets 404, a whole dossier walked through the pages by posting their forms, a stale
revision, intake errors, query caps on the worklists."""

import re

import pytest

from motcua.accounts.selectors import officer_list_holding
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.helpers import ID_NUMBER, REHAB, at, fresh, receive
from motcua.workflow.selectors import procedure_list_with_process

pytestmark = pytest.mark.django_db

INTAKE_URL = f"/ho-so/tiep-nhan/?procedure={REHAB}"
APPLICANT = {
    "client_token": "page-1",
    "applicant_kind": "individual",
    "name": "Nguyễn Thị Hồng Nhung",
    "id_number": ID_NUMBER,
    "address": "Tổ 5, phường Thục Phán",
    "phone": "0912345678",
    "return_method": "counter",
}
ALL_RECEIVED = {
    "doc_1": "on",
    "doc_1_originals": 1,
    "doc_1_certified_copies": 0,
    "doc_1_photocopies": 0,
    "doc_2": "on",
    "doc_2_originals": 0,
    "doc_2_certified_copies": 0,
    "doc_2_photocopies": 1,
    "doc_3": "on",
    "doc_3_originals": 0,
    "doc_3_certified_copies": 0,
    "doc_3_photocopies": 1,
}


def text(response):
    """The page's text without tags and with spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body)


def act(client, dossier, action, expect=302, **fields):
    """Post the action form of the dossier page (prefixed by the action, like the page)."""
    data = {f"{action}-revision": fresh(dossier).revision}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    response = client.post(f"/ho-so/{dossier.pk}/thao-tac/{action}/", data)
    assert response.status_code == expect, text(response)[:2000]
    return response


def offered(client, dossier):
    page = client.get(f"/ho-so/{dossier.pk}/")
    assert page.status_code == 200
    forms = page.context["primary_forms"] + page.context["other_forms"]
    return [form.action for form in forms]


def test_every_page_renders_for_its_persona(
    client, login, one_stop_officer, officer, leader, citizen
):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        counter = login(one_stop_officer)
        assert counter.get("/ho-so/").status_code == 200
        start = counter.get("/ho-so/tiep-nhan/")
        assert start.status_code == 200 and f'value="{REHAB}"' in start.content.decode()
        form = counter.get(INTAKE_URL)
        assert form.status_code == 200
        assert "Đăng ký cai nghiện ma túy tự nguyện" in text(form)
        assert 'name="doc_1_originals"' in form.content.decode()
        assert counter.get(f"/ho-so/{dossier.pk}/").status_code == 200
        specialist = login(officer)
        assert specialist.get("/ho-so/").context["tab"].key == "mine"
        assert specialist.get("/ho-so/tiep-nhan/").status_code == 403  # not a counter officer
        assert specialist.get(f"/ho-so/{dossier.pk}/").status_code == 200
        assert login(leader).get("/ho-so/?list=unit").status_code == 200
        assert client.get(f"/tra-cuu/?ma={dossier.code}").status_code == 200
        assert login(citizen).get("/ho-so/")["Location"] == "/"
        anonymous = client.get("/ho-so/")
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_header_and_staff_home_link_the_worklists(login, one_stop_officer):
    counter = login(one_stop_officer)
    home = counter.get("/staff/").content.decode()
    assert 'href="/ho-so/"' in home and 'href="/ho-so/tiep-nhan/"' in home
    assert 'href="/tra-cuu/"' in counter.get("/").content.decode()


def test_wrong_unit_officer_gets_not_found_on_the_page_and_the_action(
    login, one_stop_officer, other_commune_officer
):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        other = login(other_commune_officer)
        assert other.get(f"/ho-so/{dossier.pk}/").status_code == 404
        assert other.get("/ho-so/999999999/").status_code == 404
        act(other, dossier, "forward", expect=404)
        assert other.get("/ho-so/?list=all&q=nguyen").context["page"].paginator.count == 0
    assert fresh(dossier).state == "received"


def test_a_dossier_walks_through_the_pages(
    client, login, one_stop_officer, officer, office_leader, leader, clerk
):
    counter, specialist = login(one_stop_officer), login(officer)
    with at(2026, 3, 5, 9):
        response = counter.post(INTAKE_URL, {**APPLICANT, **ALL_RECEIVED, "outcome": "receive"})
        assert response.status_code == 302
        dossier = Dossier.objects.get(client_token="page-1")
        assert response["Location"] == f"/ho-so/{dossier.pk}/"
        page = counter.get(response["Location"])
        assert "Dossier 000.01.31.H13-260305-0001 received (form 01)" in text(page)
        assert "Appointment: 17:30 10/03/2026" in text(page)
        assert page.context["explanation"]  # the deadline explains itself next to the date
        assert dossier.components.count() == 3
        assert offered(counter, dossier)[0] == "forward"
        act(counter, dossier, "forward", note="Chuyển Công an phường")
    with at(2026, 3, 5, 10):
        assert [row["dossier"] for row in specialist.get("/ho-so/").context["rows"]] == [dossier]
        assert "complete_step" in offered(specialist, dossier)
        act(specialist, dossier, "take")
        act(specialist, dossier, "complete_step", note="Đủ điều kiện")
    with at(2026, 3, 6, 9):
        act(login(office_leader), dossier, "approve")
        act(login(leader), dossier, "sign")
        act(login(clerk), dossier, "issue_result")
        assert fresh(dossier).state == "processed"
        assert [row["dossier"] for row in counter.get("/ho-so/?list=return").context["rows"]] == [
            dossier
        ]
        done = act(counter, dossier, "return_result", via="counter")
    assert fresh(dossier).state == "returned"
    page = counter.get(done["Location"])
    history = text(page)
    for label in ("Receive (form 01)", "Forward to the handling agency", "Take the dossier"):
        assert label in history
    assert f"{dossier.code}-KQ1" in history  # the result code in the history's data
    assert [row.action for row, _when, _label in page.context["hand_overs"]][:2] == [
        "receive",
        "forward",
    ]
    lookup = client.get("/tra-cuu/", {"ma": dossier.code})
    assert "Result returned" in text(lookup)


def test_a_stale_revision_applies_nothing_and_asks_to_reload(login, one_stop_officer):
    counter = login(one_stop_officer)
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        stale = dossier.revision
        services.dossier_record_payment(
            actor=one_stop_officer,
            dossier=dossier,
            revision=stale,
            amount_vnd=50_000,
            method="cash",
            receipt_number="BL-1",
        )
        response = counter.post(
            f"/ho-so/{dossier.pk}/thao-tac/forward/",
            {"forward-revision": stale, "forward-note": "Giữ lại ghi chú"},
        )
    assert response.status_code == 409
    assert "This dossier changed since you opened it" in text(response)
    assert "Giữ lại ghi chú" in response.content.decode()  # what was typed is kept
    assert fresh(dossier).state == "received"


def test_action_errors_show_next_to_the_field(login, one_stop_officer, officer, office_leader):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        response = act(login(officer), dossier, "send_back", expect=400)
        assert 'aria-describedby="id_send_back-reason_error"' in response.content.decode()
        leader_page = login(office_leader).get(f"/ho-so/{dossier.pk}/")
        assign = next(f for f in leader_page.context["other_forms"] if f.action == "assign")
        assert [label for _pk, label in assign.fields["assignee"].choices][1:] == [
            "Trần Văn Chuyên"
        ]
        act(login(office_leader), dossier, "assign", assignee=officer.pk)
        assert fresh(dossier).holder == officer


def test_intake_errors_keep_everything_typed(login, one_stop_officer):
    counter = login(one_stop_officer)
    with at(2026, 3, 5, 9):
        bad = {**APPLICANT, **ALL_RECEIVED, "id_number": "12345", "outcome": "receive"}
        response = counter.post(INTAKE_URL, bad)
        body = response.content.decode()
        assert response.status_code == 400
        assert re.search(r'aria-describedby="[^"]*id_id_number_error"', body)
        assert 'value="Nguyễn Thị Hồng Nhung"' in body and 'value="page-1"' in body
        unchecked = {**APPLICANT, "outcome": "receive"}
        response = counter.post(INTAKE_URL, unchecked)
        assert "confirm_not_applicable" in response.context["form"].errors
        refused = counter.post(INTAKE_URL, {**APPLICANT, "outcome": "refuse_at_intake"})
        assert "reason" in refused.context["form"].errors
        enter_key = counter.post(INTAKE_URL, {**APPLICANT, **ALL_RECEIVED})  # no button
        assert enter_key.status_code == 400 and not Dossier.objects.exists()
        returned = counter.post(
            INTAKE_URL,
            {**APPLICANT, **{k: v for k, v in ALL_RECEIVED.items() if not k.startswith("doc_3")}}
            | {"outcome": "return_for_completion", "reason": "Bổ sung bản sao giấy tờ"},
        )
    dossier = Dossier.objects.get()
    assert returned["Location"] == f"/ho-so/{dossier.pk}/"
    assert dossier.state == "returned_for_completion" and dossier.code == ""
    items = dossier.events.get().data["items"]
    assert len(items) == 1 and items[0].startswith("Bản sao một giấy tờ tùy thân")


def test_a_double_submit_makes_one_dossier(login, one_stop_officer):
    counter = login(one_stop_officer)
    with at(2026, 3, 5, 9):
        data = {**APPLICANT, **ALL_RECEIVED, "outcome": "receive"}
        first, second = counter.post(INTAKE_URL, data), counter.post(INTAKE_URL, data)
    assert first["Location"] == second["Location"]
    assert Dossier.objects.count() == 1


def test_worklists_mask_page_search_and_cap_their_queries(
    login, one_stop_officer, officer, django_assert_max_num_queries
):
    with at(2026, 3, 5, 9):
        dossiers = [receive(one_stop_officer, name=f"Trần Văn Bình {n}") for n in range(29)]
        dossiers.append(receive(one_stop_officer, name="Lê Thị Hoa", id_number="001099000123"))
        for dossier in dossiers[:25]:
            services.dossier_forward(
                actor=one_stop_officer, dossier=dossier, revision=dossier.revision
            )
        counter, specialist = login(one_stop_officer), login(officer)
        counter.get("/ho-so/")  # the session and the device, once
        specialist.get("/ho-so/")
        for client, url in (
            (counter, "/ho-so/?list=forward"),
            (counter, "/ho-so/?list=all"),
            (counter, "/ho-so/?list=all&page=2"),
            (specialist, "/ho-so/?list=mine"),
        ):
            with django_assert_max_num_queries(10):  # session, user, device, roles, counts, page
                page = client.get(url)
            assert page.status_code == 200
        # The dossier page: fixed, whatever its history (+2 for its results and digitised
        # documents, one query each, whatever their number).
        with django_assert_max_num_queries(20):
            assert counter.get(f"/ho-so/{dossiers[0].pk}/").status_code == 200
        mine = specialist.get("/ho-so/?list=mine")
        assert len(mine.context["rows"]) == 20 and mine.context["page"].paginator.count == 25
        body = text(mine)
        assert "Trần V. B. 0" in body and "Trần Văn Bình" not in body
        assert "*********567" in body and ID_NUMBER not in body
        found = counter.get("/ho-so/", {"list": "all", "q": "le thi hoa"})
        assert [row["dossier"] for row in found.context["rows"]] == [dossiers[-1]]
        by_id = counter.get("/ho-so/", {"list": "all", "q": "001099000123"})
        assert by_id.context["page"].paginator.count == 1
        by_code = counter.get("/ho-so/", {"list": "all", "q": dossiers[3].code})
        assert [row["dossier"] for row in by_code.context["rows"]] == [dossiers[3]]
        empty = counter.get("/ho-so/", {"list": "forward", "q": "khong co ai"})
        assert "No dossier in this list matches" in text(empty)


def test_the_public_lookup_needs_no_login_and_names_no_officer(client, one_stop_officer, officer):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        services.dossier_take(actor=officer, dossier=dossier, revision=dossier.revision)
        page = client.get("/tra-cuu/", {"ma": dossier.code})
    body = text(page)
    assert page.status_code == 200
    assert dossier.code in body and "Nguyễn T. H. N." in body
    assert "Ủy ban nhân dân phường Thục Phán" in body  # the units, with their times
    for name in ("Trần Văn Chuyên", "Nguyễn Thị Một Cửa", "Hồng Nhung", ID_NUMBER):
        assert name not in body
    assert "17:30 10/03/2026" in body
    missing = client.get("/tra-cuu/", {"ma": "000.01.31.H13-260305-9999"})
    assert missing.status_code == 404
    assert "No dossier has the code “000.01.31.H13-260305-9999”" in text(missing)
    assert client.get("/tra-cuu/").status_code == 200


def test_the_choices_come_from_the_selectors(unit, officer):
    centre = unit("000.01.31.H13")
    codes = [
        version.procedure.code for version in procedure_list_with_process(receiving_unit=centre)
    ]
    assert REHAB in codes
    assert officer_list_holding(unit=unit("000.00.31.H13"), role="specialist") == [officer]


def test_consult_reply_payment_and_extension_through_their_forms(
    login, one_stop_officer, officer, leader, unit
):
    counter, specialist = login(one_stop_officer), login(officer)
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        services.dossier_forward(actor=one_stop_officer, dossier=dossier, revision=dossier.revision)
        centre = unit("000.01.31.H13")
        act(specialist, dossier, "consult", unit_id=centre.pk, note="Xin xác nhận nơi cư trú")
        assert "reply" in offered(counter, dossier)
        asked = fresh(dossier).events.get(action="consult").sequence
        act(counter, dossier, "reply", consultation=asked, note="Đã xác nhận")
        assert "reply" not in offered(counter, dossier)  # nothing left to answer
        act(
            counter,
            dossier,
            "record_payment",
            amount_vnd=50_000,
            method="cash",
            receipt_number="BL-7",
        )
        act(
            login(leader),
            dossier,
            "request_extension",
            new_due_at="2026-03-13T17:30",
            reason="Chờ kết quả xác minh",
        )
        page = counter.get(f"/ho-so/{dossier.pk}/")
    body = text(page)
    assert fresh(dossier).extended_at is not None
    assert "Extended (form 04)" in body and "17:30 13/03/2026" in body
    assert "Xin xác nhận nơi cư trú" in body and "Đã xác nhận" in body
    assert "BL-7" in body and centre.name in body  # the receipt; the consulted unit by name


def test_worklists_mark_due_soon_and_overdue_in_words(login, one_stop_officer, officer):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
    with at(2026, 3, 6, 9):  # transfer was due at closing time on the day of receipt
        row = login(one_stop_officer).get("/ho-so/?list=forward").context["rows"][0]
        assert row["marks"] == [("overdue", "Overdue")]
        services.dossier_forward(actor=one_stop_officer, dossier=dossier, revision=dossier.revision)
    with at(2026, 3, 10, 9):  # due Tue 10 Mar 17:30: less than a working day left
        services.dossier_sweep()
        assert "Due soon" in text(login(officer).get("/ho-so/?list=mine"))
    with at(2026, 3, 11, 9):
        assert "Overdue" in text(login(officer).get("/ho-so/?list=mine"))


def test_print_links_open_the_forms_and_the_register(
    login, one_stop_officer, other_commune_officer
):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
    client = login(one_stop_officer)
    page = client.get(f"/ho-so/{dossier.pk}/")
    assert f"/ho-so/{dossier.pk}/bieu-mau/1/" in page.content.decode()
    assert f"/ho-so/{dossier.pk}/bieu-mau/6/" in page.content.decode()
    pdf = client.get(f"/ho-so/{dossier.pk}/bieu-mau/1/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(f"/ho-so/{dossier.pk}/bieu-mau/4/").status_code == 404  # no extension
    assert login(other_commune_officer).get(f"/ho-so/{dossier.pk}/bieu-mau/1/").status_code == 404
    form = client.get("/ho-so/so-theo-doi/")
    assert form.status_code == 200
    unit_id = dossier.receiving_unit_id
    register = client.get(f"/ho-so/so-theo-doi/?unit={unit_id}&start=2026-03-01&end=2026-03-31")
    assert register["Content-Type"] == "application/pdf"
    hidden = login(other_commune_officer).get(
        f"/ho-so/so-theo-doi/?unit={unit_id}&start=2026-03-01&end=2026-03-31"
    )
    assert hidden.status_code == 400  # not one of their units


def test_intake_takes_scans_by_content_and_the_fee(login, one_stop_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    counter = login(one_stop_officer)
    paid = {"payment_method": "cash", "payment_amount": 50000, "receipt_number": "BL-0001"}
    with at(2026, 3, 5, 9):
        fake = SimpleUploadedFile("scan.pdf", b"GIF89a not a pdf", content_type="application/pdf")
        refused = counter.post(
            INTAKE_URL,
            {**APPLICANT, **ALL_RECEIVED, **paid, "outcome": "receive", "doc_1_scan": fake},
        )
        assert refused.status_code == 400
        assert "không phải tệp PDF" in text(refused) or "is not a PDF" in text(refused)
        assert not Dossier.objects.exists()
        scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.5\n%scan", content_type="application/pdf")
        response = counter.post(
            INTAKE_URL,
            {**APPLICANT, **ALL_RECEIVED, **paid, "outcome": "receive", "doc_1_scan": scan},
        )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.components.exclude(file="").count() == 1
    assert dossier.payments.get().receipt_number == "BL-0001"
    component = dossier.components.exclude(file="").get()
    url = f"/ho-so/{dossier.pk}/ban-quet/{component.pk}/"
    assert url in counter.get(f"/ho-so/{dossier.pk}/").content.decode()
    opened = counter.get(url)
    assert opened["Content-Type"] == "application/pdf"
    assert b"".join(opened.streaming_content).startswith(b"%PDF")
