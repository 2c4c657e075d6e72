"""Who sees which dossier, the worklists and the search (deny by default)."""

import pytest

from motcua.core.errors import NotFoundError
from motcua.dossiers import selectors, services
from motcua.dossiers.tests.helpers import at, intake, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarded(one_stop_officer):
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer, name="Nguyễn Thị Hồng Nhung")
        return services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )


def test_the_units_on_the_dossier_see_it_others_get_not_found(
    forwarded,
    one_stop_officer,
    officer,
    leader,
    province_supervisor,
    other_commune_officer,
    citizen,
):
    for user in (one_stop_officer, officer, leader, province_supervisor):
        assert selectors.dossier_get_for_user(user=user, pk=forwarded.pk) == forwarded
    for user in (other_commune_officer, citizen):
        with pytest.raises(NotFoundError):
            selectors.dossier_get_for_user(user=user, pk=forwarded.pk)
    with pytest.raises(NotFoundError):
        selectors.dossier_get_for_user(user=one_stop_officer, pk=10**9)


def test_worklists(forwarded, one_stop_officer, officer, office_leader, leader):
    with at(2026, 3, 5, 9):
        submitted = services.dossier_submit(actor=None, intake=intake(channel="online"))
    assert list(selectors.dossier_list_intake_queue(user=one_stop_officer)) == [submitted]
    assert list(selectors.dossier_list_my_steps(user=officer)) == [forwarded]
    assert list(selectors.dossier_list_my_steps(user=office_leader)) == []  # not their step yet
    assert list(selectors.dossier_list_for_unit_leader(user=leader)) == [forwarded]
    assert list(selectors.dossier_list_awaiting_return(user=one_stop_officer)) == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("nguyen thi hong", True),
        ("NHUNG", True),
        ("001203004567", True),
        ("0912345678", True),
        ("260305-0001", False),  # a code is one word: searched whole or by its start
        ("000.01.31.h13-260305", True),
        ("tran", False),
    ],
)
def test_search_by_code_name_without_diacritics_id_or_phone(forwarded, officer, query, found):
    visible = selectors.dossier_list_for_user(user=officer)
    assert selectors.dossier_search(queryset=visible, query=query).exists() is found


def test_masks():
    assert selectors.mask_name("Nguyễn Thị Hồng Nhung") == "Nguyễn T. H. N."
    assert selectors.mask_id("001203004567") == "*********567"


def test_hand_overs_list_each_move_between_steps(forwarded, officer):
    with at(2026, 3, 5, 10):
        dossier = services.dossier_take(
            actor=officer, dossier=forwarded, revision=forwarded.revision
        )
        services.dossier_complete_step(actor=officer, dossier=dossier, revision=dossier.revision)
    rows = selectors.dossier_hand_overs(dossier=dossier)
    assert [row.action for row in rows] == ["receive", "forward", "complete_step"]
    assert rows[1].to_unit.startswith("Ủy ban nhân dân")
