"""The import service: dry run, located errors, idempotence, versions; JSON; export."""

import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
import time_machine

from motcua.accounts.demo import HOA_AN_CENTRE, THUC_PHAN, THUC_PHAN_CENTRE
from motcua.catalog import services
from motcua.catalog.content import VersionContent, content_of, missing_fields
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.spreadsheet import read_workbook, write_workbook
from motcua.catalog.tests.factories import content
from motcua.catalog.transfer.importer import catalog_export_items, catalog_import
from motcua.catalog.transfer.items import (
    MANDATORY_KEYS,
    CatalogItem,
    ProcessContent,
    mandatory_columns,
)
from motcua.catalog.transfer.jsonfile import items_to_json, read_json
from motcua.catalog.transfer.processes import (  # the workflow, through the transfer's bridge
    ProcessDefinition,
    StepContent,
    process_draft_save,
    process_publish,
)
from motcua.core.errors import PermissionDeniedError

pytestmark = pytest.mark.django_db
D = Decimal
CODES = ["9.000001", "9.000002", "9.000003", "9.000004", "9.000005"]  # not in the demo


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 3, 2, 3, 0, tzinfo=UTC), tick=False):
        yield


def steps(*hours):
    """The domain.md §4 example process at Thục Phán's centre (4+12+4+2+2 = 3 working days)."""
    actors = [
        (THUC_PHAN_CENTRE, "one_stop_officer"),
        (THUC_PHAN, "specialist"),
        (THUC_PHAN, "agency_leader"),
        (THUC_PHAN, "clerk"),
        (THUC_PHAN_CENTRE, "one_stop_officer"),
    ]
    return tuple(
        StepContent(
            position=index,
            actor_unit=actors[index - 1][0],
            actor_role=actors[index - 1][1],
            task=f"Bước {index}",
            allotted_value=D(value),
        )
        for index, value in enumerate(hours, start=1)
    )


PROCESS = ProcessContent(
    receiving_unit=THUC_PHAN_CENTRE, decision="2682/QĐ-UBND", steps=steps(4, 12, 4, 2, 2)
)


def catalogue():
    """Five complete procedures; the first has an internal process."""
    return [
        CatalogItem(
            code,
            content(name=f"Thủ tục {index}", local_code=f"{code}.000.00.00.H13"),
            (PROCESS,) if index == 1 else (),
        )
        for index, code in enumerate(CODES, start=1)
    ]


def workbook(items, edits=()):
    """Write `items` to a workbook, then apply (sheet, cell, value) edits; return its bytes."""
    buffer = io.BytesIO()
    write_workbook(items, buffer)
    if edits:
        book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
        for sheet, cell, value in edits:
            book[sheet][cell] = value
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()


def run(data, dry_run=False, actor=None):
    return catalog_import(parsed=read_workbook(io.BytesIO(data)), actor=actor, dry_run=dry_run)


def counts(report):
    return (
        (report.procedures.created, report.procedures.updated, report.procedures.unchanged),
        (report.processes.created, report.processes.updated, report.processes.unchanged),
    )


def test_mandatory_columns_follow_missing_fields():
    # Every item missing_fields can name has a column (a new mandatory field needs one).
    everything = missing_fields(VersionContent(name="", field_name=""))
    assert len(everything) == len(MANDATORY_KEYS)
    assert list(mandatory_columns()) == everything
    assert mandatory_columns()[missing_fields(content(legal_basis=""))[0]] == "legal_basis"


def test_deliberate_errors_are_located_and_nothing_is_written():
    data = workbook(
        catalogue(),
        edits=[("Thủ tục", "F7", "Huyện"), ("Quy trình nội bộ", "E4", "000.00.99.H13")],
    )
    report = run(data)
    assert [str(issue) for issue in report.issues] == [
        "Thủ tục!F7 (Cấp thực hiện): Huyện is not one of: Tỉnh; Xã; Tỉnh, Xã.",
        "Quy trình nội bộ!E4 (Mã đơn vị thực hiện): No unit has the identifier 000.00.99.H13.",
    ]
    assert not Procedure.objects.filter(code__in=CODES).exists()
    assert not ProcessDefinition.objects.filter(procedure__code__in=CODES).exists()


def test_fixed_file_imports_and_reimporting_changes_nothing():
    data = workbook(catalogue())
    dry = run(data, dry_run=True)
    assert dry.ok and counts(dry) == ((5, 0, 0), (1, 0, 0))
    assert not Procedure.objects.filter(code__in=CODES).exists()

    first = run(data)
    assert first.ok, first.issues
    assert counts(first) == ((5, 0, 0), (1, 0, 0))
    version = ProcedureVersion.objects.get(procedure__code=CODES[0])
    assert version.is_published and version.effective_from == date(2025, 7, 1)
    assert content_of(version) == catalogue()[0].content
    process = version.procedure.processes.get()
    assert process.is_published and process.effective_from == date(2025, 7, 1)
    assert process.receiving_unit.identifier == THUC_PHAN_CENTRE
    assert [step.allotted_value for step in process.steps.all()] == [4, 12, 4, 2, 2]

    again = run(data)
    assert again.ok and counts(again) == ((0, 0, 5), (0, 0, 1))
    assert ProcedureVersion.objects.filter(procedure__code__in=CODES).count() == 5
    assert ProcessDefinition.objects.filter(procedure__code__in=CODES).count() == 1


def test_export_then_import_changes_nothing():
    for item in catalogue():
        draft = services.procedure_draft_save(actor=None, code=item.code, content=item.content)
        services.procedure_version_publish(actor=None, version=draft)
    procedure = Procedure.objects.get(code=CODES[0])
    from motcua.accounts.models import OrgUnit

    centre = OrgUnit.objects.get(identifier=THUC_PHAN_CENTRE)
    process = process_draft_save(
        actor=None,
        procedure=procedure,
        receiving_unit=centre,
        steps=list(PROCESS.steps),
        decision=PROCESS.decision,
    )
    process_publish(actor=None, process=process, effective_from=date(2025, 8, 1))

    exported = [item for item in catalog_export_items() if item.code in CODES]
    assert [item.code for item in exported] == CODES
    assert exported[0].processes == (PROCESS,)
    report = run(workbook(exported))
    assert report.ok and counts(report) == ((0, 0, 5), (0, 0, 1))
    json_report = catalog_import(parsed=read_json(json.dumps(items_to_json(exported))), actor=None)
    assert json_report.ok and counts(json_report) == ((0, 0, 5), (0, 0, 1))


def test_an_edited_name_makes_version_2_and_keeps_version_1():
    run(workbook(catalogue()))
    edited = run(workbook(catalogue(), edits=[("Thủ tục", "C3", "Thủ tục 1 (sửa đổi)")]))
    assert edited.ok and counts(edited) == ((0, 1, 4), (0, 0, 1))
    versions = ProcedureVersion.objects.filter(procedure__code=CODES[0]).order_by("number")
    assert [(v.number, v.name, v.is_published) for v in versions] == [
        (1, "Thủ tục 1", True),
        (2, "Thủ tục 1 (sửa đổi)", True),
    ]


def test_a_changed_step_publishes_a_new_process_version():
    run(workbook(catalogue()))
    report = run(workbook(catalogue(), edits=[("Quy trình nội bộ", "H4", "1,5")]))
    assert report.ok and counts(report) == ((0, 0, 5), (0, 1, 0))
    process = ProcessDefinition.objects.filter(procedure__code=CODES[0]).order_by("-number")[0]
    assert process.number == 2 and process.steps.get(position=2).allotted_value == D("1.5")


def test_steps_beyond_the_legal_limit_are_refused_at_the_allotted_time():
    report = run(workbook(catalogue(), edits=[("Quy trình nội bộ", "H4", 16)]))
    assert [str(issue) for issue in report.issues] == [
        "Quy trình nội bộ!H3 (Thời gian thực hiện): The steps of this process take 28 working "
        "hours, more than the legal limit of 24 working hours."
    ]


def test_a_shorter_limit_must_still_hold_the_unchanged_process():
    run(workbook(catalogue()))
    report = run(workbook(catalogue(), edits=[("Thủ tục", "U3", 2), ("Thủ tục", "Z3", 2)]))
    assert [str(issue) for issue in report.issues] == [
        "Quy trình nội bộ!H3 (Thời gian thực hiện): The steps of this process take 24 working "
        "hours, more than the legal limit of 16 working hours."
    ]


def test_a_dissolved_actor_unit_is_refused():
    from motcua.accounts.models import OrgUnit
    from motcua.accounts.services import org_unit_dissolve

    centre = OrgUnit.objects.get(identifier=HOA_AN_CENTRE)
    org_unit_dissolve(actor=None, unit=centre, on=date(2025, 12, 1))
    edits = [("Thủ tục", "T3", "01/01/2026"), ("Quy trình nội bộ", "E5", HOA_AN_CENTRE)]
    report = run(workbook(catalogue(), edits=edits))
    assert [str(issue) for issue in report.issues] == [
        f"Quy trình nội bộ!E5 (Mã đơn vị thực hiện): {centre.name} does not exist on 01/01/2026, "
        "when this process would take effect."
    ]


def test_an_effective_date_before_the_current_version_is_refused():
    run(workbook(catalogue(), edits=[("Thủ tục", "T3", "01/01/2026")]))
    report = run(workbook(catalogue(), edits=[("Thủ tục", "C3", "Đổi tên")]))
    assert [str(issue) for issue in report.issues] == [
        "Thủ tục!T3 (Ngày có hiệu lực): The effective date 01/07/2025 is before that of "
        "version 1 (01/01/2026)."
    ]


def test_a_changed_abolished_procedure_is_refused():
    run(workbook(catalogue()))
    services.procedure_abolish(
        actor=None, procedure=Procedure.objects.get(code=CODES[1]), on=date(2026, 1, 1)
    )
    assert run(workbook(catalogue())).ok  # unchanged: left alone
    report = run(workbook(catalogue(), edits=[("Thủ tục", "C4", "Đổi tên")]))
    assert [issue.location.column + str(issue.location.row) for issue in report.issues] == ["A4"]
    assert "abolished" in report.issues[0].message


def test_a_field_code_that_contradicts_the_catalogue_is_refused():
    run(workbook(catalogue(), edits=[("Thủ tục", "E3", "G03-TP01")]))
    report = run(workbook(catalogue(), edits=[("Thủ tục", "E4", "G99-XX99")]))
    assert [str(issue) for issue in report.issues] == [
        "Thủ tục!E4 (Mã lĩnh vực): Field Hộ tịch already has code G03-TP01 in the catalogue."
    ]


def test_a_workbook_without_field_codes_keeps_the_catalogue_s():
    run(workbook(catalogue(), edits=[("Thủ tục", "E3", "G03-TP01")]))
    report = run(workbook(catalogue()))  # no field codes: the catalogue's is kept
    assert report.ok and counts(report)[0] == (0, 0, 5)


def test_only_catalogue_maintainers_may_import(officer, superuser):
    data = workbook(catalogue())
    with pytest.raises(PermissionDeniedError):
        run(data, actor=officer)
    assert run(data, actor=superuser).ok


def test_json_export_shape_and_errors():
    data = items_to_json(catalogue()[:1])
    assert data[0]["code"] == CODES[0]
    assert data[0]["content"]["terms"][0] == {
        "channel": "counter",
        "limit_value": "3",
        "limit_unit": "working_days",
        "cutoff": "15:00:00",
        "fee_vnd": 0,
        "fee_note": "",
    }
    assert data[0]["processes"][0]["steps"][1]["allotted_value"] == "12"
    data[0]["content"]["online_level"] = "sometimes"
    data[0]["content"]["colour"] = "blue"
    data[0]["processes"][0]["steps"][0]["actor_role"] = "boss"
    parsed = read_json(json.dumps(data))
    assert [str(issue) for issue in parsed.issues] == [
        "JSON!1 (content.colour): Unknown key.",
        'JSON!1 (content.online_level): "sometimes" is not valid here.',
        'JSON!1 (processes[0].steps[0].actor_role): "boss" is not valid here.',
    ]


def test_json_round_trip_imports():
    items = catalogue()
    report = catalog_import(parsed=read_json(json.dumps(items_to_json(items))), actor=None)
    assert report.ok and counts(report) == ((5, 0, 0), (1, 0, 0))
    assert [item for item in catalog_export_items() if item.code in CODES] == items


def test_a_service_refusal_rolls_back_the_whole_import(monkeypatch):
    from motcua.catalog.transfer import processes
    from motcua.core.errors import DomainError

    def refuse(**kwargs):
        raise DomainError("Refused for the test.")

    monkeypatch.setattr(processes, "process_publish", refuse)
    report = run(workbook(catalogue()))
    assert [str(issue) for issue in report.issues] == [
        "Quy trình nội bộ!B3 (Mã đơn vị tiếp nhận): Refused for the test."
    ]
    assert not Procedure.objects.filter(code__in=CODES).exists()


def test_the_whole_demo_catalogue_survives_export_and_import():
    exported = catalog_export_items()
    assert len(exported) >= 10 and any(item.processes for item in exported)
    report = run(workbook(exported))
    assert report.ok, [str(issue) for issue in report.issues[:5]]
    assert report.procedures.unchanged == len(exported)
    assert report.procedures.created == report.procedures.updated == 0
    assert report.processes.created == report.processes.updated == 0
    parsed = read_json(json.dumps(items_to_json(exported)))
    again = catalog_import(parsed=parsed, actor=None)
    assert again.ok and again.procedures.unchanged == len(exported)
