import pytest

from motcua.dossiers.demo import load_demo_dossiers
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.helpers import at

pytestmark = pytest.mark.django_db


def test_demo_dossiers_fill_every_worklist_once():
    with at(2026, 3, 5, 9):
        assert load_demo_dossiers() == 5
        assert load_demo_dossiers() == 0
    states = sorted(Dossier.objects.values_list("state", flat=True))
    assert states == ["in_progress", "processed", "received", "returned", "submitted"]
