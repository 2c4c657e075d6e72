"""The tamper-evident history: every event chained to the previous one, checked by
`manage.py verify_history` (product.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from motcua.dossiers import services
from motcua.dossiers.chain import chain_rows
from motcua.dossiers.models import Dossier, DossierEvent, PersonalDataAccess
from motcua.dossiers.selectors import dossier_history_breaks
from motcua.dossiers.tests.helpers import at, receive

pytestmark = pytest.mark.django_db


def _dossier(one_stop_officer) -> Dossier:
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
        return services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )


def test_each_event_chains_to_the_previous_and_the_dossier_keeps_the_head(one_stop_officer):
    dossier = _dossier(one_stop_officer)
    first, second = dossier.events.order_by("sequence")
    assert len(first.chain_hash) == 64 and first.chain_hash != second.chain_hash
    assert Dossier.objects.get(pk=dossier.pk).history_hash == second.chain_hash
    assert dossier_history_breaks() == (1, [])


def test_a_changed_event_is_found(one_stop_officer, capsys):
    dossier = _dossier(one_stop_officer)
    # Behind the application's back: the model refuses to update an event.
    DossierEvent.objects.filter(dossier=dossier, sequence=1).update(note="sửa lén")
    checked, breaks = dossier_history_breaks()
    assert checked == 1 and [(b.code, b.sequence) for b in breaks] == [(dossier.code, 1)]
    with pytest.raises(CommandError, match="1 of 1 dossiers"):
        call_command("verify_history")
    assert "event 1: the event differs" in capsys.readouterr().out


def test_a_removed_latest_event_is_found(one_stop_officer):
    dossier = _dossier(one_stop_officer)
    DossierEvent.objects.filter(dossier=dossier, sequence=2).delete()  # queryset: raw delete
    _checked, breaks = dossier_history_breaks(code=dossier.code)
    assert [(b.sequence, b.reason) for b in breaks] == [(None, "the latest events are missing")]


def test_a_removed_event_in_the_middle_is_found(one_stop_officer):
    dossier = _dossier(one_stop_officer)
    DossierEvent.objects.filter(dossier=dossier, sequence=1).delete()
    _checked, breaks = dossier_history_breaks()
    assert [(b.sequence, b.reason) for b in breaks] == [(2, "an event is missing before this one")]


def test_reading_personal_data_in_full_is_logged(login, one_stop_officer):
    dossier = _dossier(one_stop_officer)
    client = login(one_stop_officer)
    assert client.get(f"/ho-so/{dossier.pk}/").status_code == 200
    assert client.get(f"/api/v1/dossiers/{dossier.pk}").status_code == 200
    assert client.get("/ho-so/").status_code == 200  # lists mask it: not logged
    logged = PersonalDataAccess.objects.filter(dossier=dossier, user=one_stop_officer)
    assert sorted(logged.values_list("via", flat=True)) == ["api", "page"]


def test_rows_written_in_bulk_chain_like_recorded_events(one_stop_officer):
    dossier = _dossier(one_stop_officer)
    events = dossier.events.order_by("sequence")
    rows = [
        {
            "dossier_id": e.dossier_id,
            "sequence": e.sequence,
            "action": e.action,
            "at": e.at,
            "actor_id": e.actor_id,
            "actor_unit_id": e.actor_unit_id,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "from_position": e.from_position,
            "to_position": e.to_position,
            "to_unit_id": e.to_unit_id,
            "to_holder_id": e.to_holder_id,
            "note": e.note,
            "data": e.data,
        }
        for e in events
    ]
    assert chain_rows(rows) == Dossier.objects.get(pk=dossier.pk).history_hash
    assert [row["chain_hash"] for row in rows] == [e.chain_hash for e in events]


def test_the_canonical_form_is_the_bytes_json_writes():
    """orjson (the fast path) and json agree on what events hold, so that hashes recorded
    before the switch still verify."""
    import json

    from motcua.dossiers.chain import canonical

    content = {
        "dossier": 12,
        "sequence": 3,
        "action": "request_supplement",
        "at": "2026-05-04T02:00:00.000000+00:00",
        "actor": None,
        "note": 'Bổ sung bản sao "Giấy khai sinh"\n\t\x01 \u2028 ✓',
        "data": {
            "due_at": "2026-05-08T17:30:00+07:00",
            "items": [1, True, None, {"z": "", "a": 0}],
        },
        "z": [],
        "a": {},
    }
    expected = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert canonical(content) == expected.encode()
    odd: dict[Any, Any] = {1: "x"}  # orjson refuses non-string keys: json's form
    assert canonical(odd) == b'{"1":"x"}'
