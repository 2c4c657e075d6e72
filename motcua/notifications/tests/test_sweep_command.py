from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_sweep_command_reports_its_counts():
    out = StringIO()
    call_command("sweep", stdout=out)
    assert out.getvalue().startswith("at risk: 0, overdue: 0")
