"""The dossier endpoints: the whole path over HTTP, wrong unit 404, stale revision 409, public
lookup without login."""

import json

import pytest

from motcua.accounts.demo import THUC_PHAN_CENTRE
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import DossierState
from motcua.dossiers.tests.helpers import ID_NUMBER, REHAB, at

pytestmark = pytest.mark.django_db

INTAKE = {
    "unit": THUC_PHAN_CENTRE,
    "procedure": REHAB,
    "applicant": {"kind": "individual", "name": "Nguyễn Thị Hồng Nhung", "id_number": ID_NUMBER},
    "components": [{"name": "Tờ khai", "required_position": 1, "originals": 1}],
    "client_token": "api-1",
}


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def act(client, dossier, action, **body):
    response = post(
        client,
        f"/api/v1/dossiers/{dossier['id']}/actions/{action}",
        {"revision": dossier["revision"], **body},
    )
    assert response.status_code == 200, response.json()
    return response.json()


def test_the_whole_path_over_http(login, one_stop_officer, officer, office_leader, leader, clerk):
    counter, specialist = login(one_stop_officer), login(officer)
    with at(2026, 3, 5, 9):
        response = post(counter, "/api/v1/dossiers", INTAKE)
        assert response.status_code == 201, response.json()
        dossier = response.json()
        again = post(counter, "/api/v1/dossiers", INTAKE)  # a retried request
        assert again.json()["id"] == dossier["id"]
        assert dossier["code"] == "000.01.31.H13-260305-0001"
        assert dossier["actions"] == ["forward", "stop", "withdraw", "record_payment"]
        assert dossier["deadline_explanation"]
        dossier = act(counter, dossier, "forward")
        mine = specialist.get("/api/v1/dossiers?list=mine").json()
        assert [item["code"] for item in mine["items"]] == [dossier["code"]]
        assert mine["items"][0]["applicant"] == "Nguyễn T. H. N."
        dossier = specialist.get(f"/api/v1/dossiers/{dossier['id']}").json()
        assert "complete_step" in dossier["actions"]
        dossier = act(specialist, dossier, "take")
        dossier = act(specialist, dossier, "complete_step", note="Đủ điều kiện")
        dossier = act(login(office_leader), dossier, "approve")
        dossier = act(login(leader), dossier, "sign")
        dossier = act(login(clerk), dossier, "issue_result")
        dossier = act(counter, dossier, "return_result")
    assert dossier["state"] == "returned"
    assert [event["action"] for event in dossier["events"]][-1] == "return_result"


def test_errors_wrong_unit_stale_revision_and_bad_input(
    login, one_stop_officer, other_commune_officer
):
    counter = login(one_stop_officer)
    with at(2026, 3, 5, 9):
        dossier = post(counter, "/api/v1/dossiers", INTAKE).json()
        hidden = login(other_commune_officer).get(f"/api/v1/dossiers/{dossier['id']}")
        missing = counter.get("/api/v1/dossiers/999999999")
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
        refused = post(
            login(other_commune_officer),
            f"/api/v1/dossiers/{dossier['id']}/actions/forward",
            {"revision": dossier["revision"]},
        )
        assert refused.status_code == 404
        act(counter, dossier, "forward")
        stale = post(
            counter,
            f"/api/v1/dossiers/{dossier['id']}/actions/forward",
            {"revision": dossier["revision"]},
        )
        assert stale.status_code == 409
        assert stale.json()["code"] == "conflict"
        bad = post(
            counter,
            "/api/v1/dossiers",
            {
                **INTAKE,
                "client_token": "",
                "applicant": {"kind": "individual", "name": "X", "id_number": "123"},
            },
        )
        assert bad.status_code == 400
        assert "12-digit" in bad.json()["message"]
        unknown = post(counter, f"/api/v1/dossiers/{dossier['id']}/actions/fly", {"revision": 2})
        assert unknown.json()["code"] in {"unknown_action", "conflict"}


def test_public_lookup_by_code_needs_no_login(client, login, one_stop_officer):
    with at(2026, 3, 5, 9):
        dossier = post(login(one_stop_officer), "/api/v1/dossiers", INTAKE).json()
    found = client.get(f"/api/v1/lookup/{dossier['code']}")
    assert found.status_code == 200
    body = found.json()
    assert body["applicant"] == "Nguyễn T. H. N."
    assert body["state"] == "received"
    assert "Một Cửa" not in json.dumps(body, ensure_ascii=False)  # no officer names
    assert client.get("/api/v1/lookup/000.01.31.H13-260305-9999").status_code == 404
    assert client.get("/api/v1/dossiers").status_code == 401


@pytest.mark.parametrize("action", [action.value for action in Action])
def test_no_officer_acts_on_a_dossier_outside_their_units(
    action, login, one_stop_officer, other_commune_officer, province_supervisor
):
    with at(2026, 3, 5, 9):
        dossier = post(login(one_stop_officer), "/api/v1/dossiers", INTAKE).json()
        url = f"/api/v1/dossiers/{dossier['id']}/actions/{action}"
        body = {"revision": dossier["revision"], "reason": "x", "items": ["x"], "note": "x"}
        stranger = post(login(other_commune_officer), url, body)
        assert stranger.status_code == 404, stranger.json()  # not even told it exists
        watcher = post(login(province_supervisor), url, body)  # sees it, may not act
        assert watcher.status_code in {400, 403}, watcher.json()
        assert watcher.json()["code"] in {"forbidden", "not_allowed", "unknown_action", "invalid"}
    assert (
        len(login(one_stop_officer).get(f"/api/v1/dossiers/{dossier['id']}").json()["events"]) == 1
    )


def test_a_supervisor_can_never_act_whatever_the_state(one_stop_officer, province_supervisor):
    from motcua.dossiers import policies
    from motcua.dossiers.lifecycle import allowed_actions
    from motcua.dossiers.tests.helpers import receive

    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
    step = dossier.steps.order_by("position").first()
    for state in DossierState.values:
        dossier.state = state
        for action in allowed_actions(state):
            assert not policies.can_act(province_supervisor, dossier, action, step=step)
