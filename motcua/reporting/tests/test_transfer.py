"""History import and export: validation by line, idempotency, archived records, round trip,
and `check_indicators` agreeing after an import."""

import io
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.accounts.models import OrgUnit
from motcua.catalog.models import Procedure
from motcua.dossiers import history as dossier_history
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_history_breaks
from motcua.reporting.check import check_facts
from motcua.reporting.report import unit_report
from motcua.reporting.tests.helpers import UNIT, line, t
from motcua.reporting.tests.test_definitions import HISTORIES
from motcua.reporting.transfer import import_histories

pytestmark = pytest.mark.django_db


def write(tmp_path, lines, name="in.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_round_trip_export_of_an_import_is_identical(tmp_path):
    source = write(tmp_path, HISTORIES)
    call_command("import_dossiers", str(source), stdout=StringIO(), stderr=StringIO())
    out = tmp_path / "out.jsonl"
    call_command(
        "export_dossiers",
        "--unit", UNIT, "--from", "2026-01-01", "--to", "2026-12-31", str(out),
        stdout=StringIO(),
    )  # fmt: skip
    assert out.read_text(encoding="utf-8").splitlines() == sorted(
        HISTORIES, key=lambda text: json.loads(text)["code"]
    )


def test_importing_twice_changes_nothing():
    first = import_histories(HISTORIES)
    second = import_histories(HISTORIES)
    assert (first.imported, second.imported, second.skipped) == (len(HISTORIES), 0, len(HISTORIES))
    assert Dossier.objects.filter(code__in=["EARLY", "LATE"]).count() == 2


def test_invalid_lines_are_reported_by_number_and_nothing_is_imported(tmp_path):
    lines = [
        HISTORIES[0],
        "{not json",
        line("X1", "2026-03-05 09:00", "2026-03-10", ("processed", "2026-03-04 09:00")),
        line("X2", "2026-03-05 09:00", "2026-03-10", channel="fax"),
        line("X3", "2026-03-05 09:00", "2026-03-10", ("supplement_completed", "2026-03-06 09:00")),
        line("X4", "2026-03-05 09:00", "2026-03-10", unit="999.99.99.H99"),
        line("X5", "2026-03-05 09:00", "2026-03-10", ("paid", "2026-03-06", {"amount": -1})),
        json.dumps({"code": "X6", "received_at": "2026-03-05T09:00:00"}),
    ]
    stderr = StringIO()
    with pytest.raises(CommandError, match="7 invalid lines"):
        call_command("import_dossiers", str(write(tmp_path, lines)), stderr=stderr)
    text = stderr.getvalue()
    assert "line 2: not JSON" in text
    assert "line 3: events[0].at: before the previous event or the receipt" in text
    assert "line 4: channel: one of counter, online, postal" in text
    assert "line 5: events[0]: supplement_completed is not possible after open" in text
    assert "line 6: unit: unknown unit '999.99.99.H99'" in text
    assert "line 7: events[0].amount" in text
    assert "line 8: " in text
    assert not Dossier.objects.filter(code=json.loads(HISTORIES[0])["code"]).exists()


def test_skip_invalid_imports_the_valid_lines(tmp_path):
    lines = [HISTORIES[0], "{not json", HISTORIES[1]]
    out = StringIO()
    call_command(
        "import_dossiers", str(write(tmp_path, lines)), "--skip-invalid", stdout=out,
        stderr=StringIO(),
    )  # fmt: skip
    assert "Imported 2 dossiers" in out.getvalue()


def test_create_missing_makes_archived_units_and_procedures():
    lines = [
        line(
            "OLD-1", "2024-03-05 09:00", "2024-03-10", ("processed", "2024-03-08 09:00"),
            unit="000.00.77.H13", unit_name="Huyện Cũ", procedure="1.999999",
            procedure_name="Thủ tục đã bãi bỏ",
        )
    ]  # fmt: skip
    assert import_histories(lines).errors[0][1].startswith("unit: unknown unit")
    report = import_histories(lines, create_missing=True)
    assert report.errors == [] and report.imported == 1
    unit = OrgUnit.objects.get(identifier="000.00.77.H13")
    assert unit.valid_until is not None and unit.end_reason == "dissolved"
    assert Procedure.objects.get(code="1.999999").abolished_from is not None


def test_imported_histories_replay_and_check_without_difference():
    import_histories(HISTORIES)
    for dossier in Dossier.objects.filter(code__in=["EARLY", "TWICE", "WITHDRAWN"]):
        dossier_history.check(dossier)
    report = check_facts()
    assert report.differences == []
    assert report.dossiers >= len(HISTORIES)
    # Imported histories are chained like recorded ones (the tamper-evident history).
    checked, breaks = dossier_history_breaks()
    assert checked >= len(HISTORIES) and breaks == []


def test_check_indicators_finds_a_tampered_counter():
    from motcua.reporting.models import DailyFigures

    import_histories(HISTORIES)
    row = DailyFigures.objects.filter(received__gt=0).first()
    assert row is not None
    DailyFigures.objects.filter(pk=row.pk).update(received=row.received + 1)
    with pytest.raises(CommandError, match="differences"):
        call_command("check_indicators", stdout=StringIO(), stderr=StringIO())


def test_times_in_another_offset_are_the_same_instants():
    utc = line("UTC", "2026-03-05 09:00", "2026-03-10").replace(
        t("2026-03-05 09:00"), "2026-03-05T02:00:00+00:00"
    )
    import_histories([utc])
    received = Dossier.objects.get(code="UTC").received_at
    assert received is not None and received.isoformat() == "2026-03-05T02:00:00+00:00"


def test_report_command_json_has_exactly_the_issue_keys(tmp_path):
    import_histories(HISTORIES)
    out = StringIO()
    call_command("report", "--unit", UNIT, "--from", "2026-03-01", "--to", "2026-03-31", stdout=out)
    report = json.loads(out.getvalue())
    assert list(report) == [
        "received", "carried_over", "processed", "by_channel", "finished", "in_progress",
        "returned", "refused", "stopped", "withdrawn", "rates", "index766",
    ]  # fmt: skip
    assert list(report["rates"]) == [
        "on_time", "online", "digitised_components", "e_result", "paid_online", "satisfied"
    ]  # fmt: skip
    assert list(report["index766"]) == ["criteria", "groups", "total", "band"]
    assert set(report["index766"]["criteria"][0]) == {
        "id", "numerator", "denominator", "rate", "score", "max"
    }  # fmt: skip
    assert report["received"] == 13


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_report_command_writes_xlsx_and_pdf_in_vietnamese(tmp_path, kind):
    import_histories(HISTORIES)
    path = tmp_path / f"report.{kind}"
    call_command(
        "report", "--unit", UNIT, "--from", "2026-03-01", "--to", "2026-03-31",
        "--format", kind, "--out", str(path),
    )  # fmt: skip
    data = path.read_bytes()
    if kind == "pdf":
        assert data.startswith(b"%PDF")
        from pypdf import PdfReader

        text = PdfReader(path).pages[0].extract_text()
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Mới tiếp nhận trong kỳ" in text
    else:
        from openpyxl import load_workbook

        book = load_workbook(path)
        values = {
            row[1]: row[2] for row in book.worksheets[0].iter_rows(min_row=6, values_only=True)
        }
        # Numbers, not text: a reader sums and charts them.
        assert values["Mới tiếp nhận trong kỳ"] == 13
        assert all(isinstance(v, int | float) or v == "không áp dụng" for v in values.values())
        criteria = {
            row[0]: row for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)
        }
        assert isinstance(criteria["2.1"][2], int) and isinstance(criteria["2.1"][6], int)
        assert criteria["4.3"][4] == "không áp dụng"


def test_generated_histories_import_and_check_without_difference(tmp_path):
    out = tmp_path / "generated.jsonl"
    call_command(
        "generate_dossiers", "--count", "300", "--year", "2025", "--seed", "3", "--out", str(out),
        stdout=StringIO(),
    )  # fmt: skip
    again = tmp_path / "again.jsonl"
    call_command(
        "generate_dossiers", "--count", "300", "--year", "2025", "--seed", "3", "--out",
        str(again), stdout=StringIO(),
    )  # fmt: skip
    assert out.read_text() == again.read_text()  # deterministic for a seed
    stdout = StringIO()
    call_command(
        "generate_dossiers", "--count", "300", "--year", "2025", "--seed", "3", stdout=stdout,
        stderr=StringIO(),
    )  # fmt: skip
    assert "300" in stdout.getvalue()
    report = check_facts()
    assert report.differences == []
    assert report.dossiers >= 300


def test_the_data_store_flag_is_imported_counted_and_exported_only_when_true(tmp_path):
    """The optional `data_store` flag (766 criterion 4.5): counted over the dossiers received;
    written back only when true, so that files without it export identically."""
    from datetime import date

    from motcua.reporting.figures import Period
    from motcua.reporting.report import unit_report

    lines = [
        line("STORE1", "2026-03-05 09:00", "2026-03-10", ("processed", "2026-03-09 09:00"),
             data_store=True),
        line("STORE2", "2026-03-05 10:00", "2026-03-10", ("processed", "2026-03-09 09:00")),
    ]  # fmt: skip
    source = write(tmp_path, lines)
    call_command("import_dossiers", str(source), stdout=StringIO(), stderr=StringIO())
    unit = OrgUnit.objects.get(identifier=UNIT)
    result = unit_report(unit=unit, period=Period(date(2026, 3, 1), date(2026, 3, 31)))
    found = next(c for c in result["index766"]["criteria"] if c["id"] == "4.5")
    assert (found["numerator"], found["denominator"]) == (1, 2)
    out = tmp_path / "out.jsonl"
    call_command(
        "export_dossiers",
        "--unit", UNIT, "--from", "2026-03-01", "--to", "2026-03-31", str(out),
        stdout=StringIO(),
    )  # fmt: skip
    assert out.read_text(encoding="utf-8").splitlines() == lines
    assert check_facts().differences == []


def _snapshot():
    from motcua.dossiers.models import DossierEvent
    from motcua.reporting.models import DailyFigures, DossierFact

    dossiers = sorted(
        Dossier.objects.values_list("code", "state", "due_at", "finished_at", "revision")
    )
    events = sorted(
        DossierEvent.objects.values_list("dossier__code", "sequence", "action", "at", "data")
    )
    facts = sorted(
        DossierFact.objects.values_list("dossier__code", "outcome", "end_day", "data_store")
    )
    daily = sorted(
        DailyFigures.objects.values_list("unit__identifier", "day", "received", "finished")
    )
    return dossiers, events, facts, daily


def test_worker_processes_build_the_same_rows_as_one_process(monkeypatch):
    """The pipeline (batches built in forked workers, written in order by the main process)
    gives what one process gives: with batches of 3, a duplicate across batches, an invalid
    line (skip_invalid) and a unit created on the way (create_missing)."""
    from motcua.reporting import transfer

    monkeypatch.setattr(transfer, "BATCH", 3)
    lines = [
        *HISTORIES,
        HISTORIES[0],  # repeated in a later batch: skipped
        "{not json",
        line(
            "OLD-2", "2024-03-05 09:00", "2024-03-10", ("processed", "2024-03-08 09:00"),
            unit="000.00.78.H13", unit_name="Huyện Cũ Hai",
        ),
    ]  # fmt: skip
    from django.db import transaction

    class UndoError(Exception):
        pass

    with pytest.raises(UndoError), transaction.atomic():
        one = import_histories(lines, skip_invalid=True, create_missing=True, workers=1)
        expected = _snapshot()
        assert check_facts().differences == []
        raise UndoError  # back to an empty database, the created unit too
    assert not Dossier.objects.exists()
    many = import_histories(lines, skip_invalid=True, create_missing=True, workers=2)
    assert (many.imported, many.skipped, many.errors) == (one.imported, one.skipped, one.errors)
    assert one.imported == len(HISTORIES) + 1 and one.skipped == 1
    assert [number for number, _message in one.errors] == [len(HISTORIES) + 2]
    assert _snapshot() == expected
    assert check_facts().differences == []
    checked, breaks = dossier_history_breaks()
    assert checked >= len(HISTORIES) and breaks == []


def test_the_command_takes_the_number_of_workers(tmp_path, monkeypatch):
    from motcua.reporting import transfer

    monkeypatch.setattr(transfer, "BATCH", 4)  # several batches: the workers are used
    out = StringIO()
    source = write(tmp_path, HISTORIES)
    call_command("import_dossiers", str(source), "--workers", "2", stdout=out, stderr=StringIO())
    assert f"Imported {len(HISTORIES)} dossiers" in out.getvalue()
    assert check_facts().differences == []


@pytest.mark.parametrize(
    ("identifier", "issuer", "authority", "place"),
    [
        # The province issues in its own name: no governing authority above it.
        ("000.00.00.H13", "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG", None, "Cao Bằng, ngày"),
        # A ward's service centre: its ward above it, the ward's name in the date line.
        ("000.01.31.H13", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "ỦY BAN NHÂN DÂN PHƯỜNG THỤC PHÁN",
         "Thục Phán, ngày"),
    ],
)  # fmt: skip
def test_the_report_pdf_header_names_the_unit_and_its_authority_once(
    identifier, issuer, authority, place
):
    from pypdf import PdfReader

    from motcua.accounts.models import OrgUnit
    from motcua.reporting.exports import report_pdf
    from motcua.reporting.figures import Period

    unit = OrgUnit.objects.get(identifier=identifier)
    period = Period(date(2026, 3, 1), date(2026, 3, 31))
    pdf = report_pdf(
        unit=unit, period=period, report=unit_report(unit=unit, period=period),
        today=date(2026, 4, 2),
    )  # fmt: skip
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    head = text.split("CỘNG HÒA")[0]
    assert issuer in text and text.count(issuer) == 1, head
    if authority is None:
        assert head.strip().startswith(issuer), head
    else:
        assert head.strip().startswith(authority), head
    assert f"Hạnh phúc {place} 02 tháng 4 năm 2026" in text  # the place, not the unit
