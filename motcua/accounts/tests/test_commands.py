import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.accounts.models import Membership, OrgUnit, User

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue().strip().splitlines()


@pytest.mark.parametrize(
    ("start", "limit", "due"),
    [
        ("2026-03-05T09:00", "3 working_days", "2026-03-10T17:30"),
        ("2026-02-06T17:45", "5 working_days", "2026-02-23T17:30"),
        ("2026-04-29T10:00", "4 working_hours", "2026-04-29T16:00"),
    ],
)
def test_deadline_command_gives_the_worked_examples(start, limit, due):
    assert run("deadline", "--start", start, "--limit", limit)[-1] == due


def test_deadline_command_explains_tet():
    lines = run("deadline", "--start", "2026-02-06T17:45", "--limit", "5 working_days", "--explain")
    assert lines[-1] == "2026-02-23T17:30"
    text = "\n".join(lines[:-1])
    assert len(lines) > 2
    assert "Lunar New Year" in text or "Tết" in text
    assert "09/02/2026" in text or "9 Feb 2026" in text or "2026-02-09" in text


def test_deadline_command_applies_a_units_office_hours():
    unit = OrgUnit.objects.get(identifier="000.00.31.H13")
    unit.office_hours = "07:00-11:00,13:00-17:00"
    unit.save()
    lines = run(
        "deadline",
        "--start",
        "2026-03-05T09:00",
        "--limit",
        "3 working_days",
        "--unit",
        "000.00.31.H13",
    )
    assert lines[-1] == "2026-03-10T17:00"


def test_deadline_command_same_day_cutoff():
    assert run("deadline", "--start", "2026-03-05T14:59", "--limit", "same_day")[-1] == (
        "2026-03-05T17:30"
    )
    assert (
        run("deadline", "--start", "2026-03-05T15:30", "--limit", "same_day", "--cutoff", "16:00")[
            -1
        ]
        == "2026-03-05T17:30"
    )
    assert run("deadline", "--start", "2026-03-05T15:01", "--limit", "same_day")[-1] == (
        "2026-03-06T17:30"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "yesterday", "--limit", "3 working_days"], "ISO 8601"),
        (["--start", "2026-03-05T09:00", "--limit", "3 fortnights"], "fortnights"),
        (
            ["--start", "2026-03-05T09:00", "--limit", "3 working_days", "--unit", "999.99.99.H99"],
            "999.99.99.H99",
        ),
        (["--start", "2026-03-05T09:00", "--limit", "same_day", "--cutoff", "noon"], "noon"),
    ],
)
def test_deadline_command_errors_are_clear(args, message):
    with pytest.raises(CommandError, match=message):
        run("deadline", *args)


def test_import_units_command(tmp_path):
    path = tmp_path / "units.json"
    path.write_text(
        json.dumps(
            {
                "units": [
                    {
                        "identifier": "000.00.70.H13",
                        "name": "Xã Mới",
                        "kind": "commune",
                        "level": "commune",
                        "parent": "000.00.00.H13",
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    assert run("import_units", str(path)) == ["1 created, 0 updated, 0 unchanged."]
    assert run("import_units", str(path)) == ["0 created, 0 updated, 1 unchanged."]


def test_import_units_command_reports_errors(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps([{"identifier": "nope", "name": "X", "kind": "commune", "level": "commune"}]),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="1 error"):
        run("import_units", str(path))
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not UTF-8 JSON"):
        run("import_units", str(path))
    with pytest.raises(CommandError, match="no such file"):
        run("import_units", str(tmp_path / "missing.json"))


def test_load_demo_twice_duplicates_nothing():
    counts = (OrgUnit.objects.count(), User.objects.count(), Membership.objects.count())
    lines = run("load_demo")
    assert lines[0].startswith("Demo units: 0 created, 0 updated")
    assert (OrgUnit.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert any("thucphan.motcua" in line for line in lines)


def test_demo_code_prints_six_digits():
    assert len(run("demo_code")[-1]) == 6
