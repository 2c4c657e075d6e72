"""The interfaces of the transfer: `import_catalog`, `export_catalog` and the admin pages."""

import io
import json
from datetime import UTC, datetime

import openpyxl
import pytest
import time_machine
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import include, path

from motcua.catalog.admin_transfer import transfer_urls
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.tests.test_transfer import CODES, catalogue, workbook

pytestmark = pytest.mark.django_db

# The admin pages mounted as catalog/admin.py mounts them (tests use this module as URLconf).
_ADMIN = [path("catalog/procedure/", include(transfer_urls(admin.site))), *admin.site.get_urls()]
urlpatterns = [
    path("admin/", (_ADMIN, "admin", admin.site.name)),
    path("", include("motcua.web.urls")),
]
ERRORS = [
    "Thủ tục!F7 (Cấp thực hiện): Huyện is not one of: Tỉnh; Xã; Tỉnh, Xã.",
    "Quy trình nội bộ!E4 (Mã đơn vị thực hiện): No unit has the identifier 000.00.99.H13.",
]
EDITS = [("Thủ tục", "F7", "Huyện"), ("Quy trình nội bộ", "E4", "000.00.99.H13")]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 3, 2, 3, 0, tzinfo=UTC), tick=False):
        yield


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def written():
    return Procedure.objects.filter(code__in=CODES).count()


def test_import_with_errors_prints_each_cell_and_fails(tmp_path):
    path_ = tmp_path / "catalogue.xlsx"
    path_.write_bytes(workbook(catalogue(), edits=EDITS))
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_catalog", str(path_), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == ERRORS
    assert str(error.value) == "2 errors; nothing was imported."
    assert error.value.returncode == 1
    assert written() == 0


def test_dry_run_then_import_then_again(tmp_path):
    path_ = tmp_path / "catalogue.xlsx"
    path_.write_bytes(workbook(catalogue()))
    out, _ = command("import_catalog", str(path_), "--dry-run")
    assert out.splitlines() == [
        "Dry run: no errors, nothing was written.",
        "Procedures: 5 new, 0 with a new version, 0 unchanged. "
        "Processes: 1 new, 0 with a new version, 0 unchanged.",
    ]
    assert written() == 0
    out, err = command("import_catalog", str(path_))
    assert out.strip() == (
        "Procedures: 5 new, 0 with a new version, 0 unchanged. "
        "Processes: 1 new, 0 with a new version, 0 unchanged."
    )
    assert err == ""  # no progress bar when stderr is not a terminal
    out, _ = command("import_catalog", str(path_))
    assert out.strip() == (
        "Procedures: 0 new, 0 with a new version, 5 unchanged. "
        "Processes: 0 new, 0 with a new version, 1 unchanged."
    )


def test_export_then_import_both_formats(tmp_path):
    command("import_catalog", _file(tmp_path, workbook(catalogue())))
    out, _ = command("export_catalog", str(tmp_path / "out.xlsx"))
    assert out.startswith("Exported ") and out.strip().endswith(f"{tmp_path / 'out.xlsx'}.")
    command("export_catalog", str(tmp_path / "out.json"))
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert {item["code"] for item in data} >= set(CODES)
    for name in ("out.xlsx", "out.json"):
        out, _ = command("import_catalog", str(tmp_path / name))
        assert out.strip() == (
            f"Procedures: 0 new, 0 with a new version, {len(data)} unchanged. "
            f"Processes: 0 new, 0 with a new version, {_processes(data)} unchanged."
        )
    assert ProcedureVersion.objects.filter(procedure__code__in=CODES).count() == 5


def _processes(data):
    return sum(len(item["processes"]) for item in data)


def test_the_template_command_writes_the_example(tmp_path):
    command("export_catalog", str(tmp_path / "template.xlsx"), "--template")
    book = openpyxl.load_workbook(tmp_path / "template.xlsx", read_only=True)
    assert book["Thủ tục"]["A3"].value == "1.000894"


def test_command_input_errors(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        command("import_catalog", str(tmp_path / "missing.xlsx"))
    with pytest.raises(CommandError, match=r"must end in \.xlsx or \.json"):
        command("export_catalog", str(tmp_path / "out.csv"))
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="1 error; nothing was imported"):
        command("import_catalog", str(bad))


def _file(tmp_path, data, name="catalogue.xlsx"):
    target = tmp_path / name
    target.write_bytes(data)
    return str(target)


# --- Admin pages ------------------------------------------------------------------------------

TRANSFER = "/admin/catalog/procedure/transfer/"


@pytest.fixture
def maintainer(login, superuser, settings, tmp_path):
    settings.MOTCUA_IMPORT_DIR = tmp_path / "imports"
    return login(superuser)


def upload(client, data, name="catalogue.xlsx"):
    return client.post(TRANSFER, {"file": _upload(data, name)})


def _upload(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.urls(__name__)
def test_admin_dry_run_lists_every_error_with_its_cell(maintainer):
    assert maintainer.get(TRANSFER).status_code == 200
    response = upload(maintainer, workbook(catalogue(), edits=EDITS))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 problems were found; nothing was imported." in page
    for cell, header in (("F7", "Cấp thực hiện"), ("E4", "Mã đơn vị thực hiện")):
        assert f"<td>{cell}</td>" in page and f"<td>{header}</td>" in page
    assert 'name="token"' not in page
    assert written() == 0


@pytest.mark.urls(__name__)
def test_admin_check_then_confirm_imports(maintainer, tmp_path):
    response = upload(maintainer, workbook(catalogue()))
    assert response.status_code == 200
    assert "Procedures: 5 new" in response.content.decode()
    assert written() == 0
    token = response.context["token"]
    response = maintainer.post(TRANSFER + "confirm/", {"token": token})
    assert response.status_code == 302 and response["Location"] == TRANSFER
    assert written() == 5
    assert Procedure.objects.get(code=CODES[0]).processes.count() == 1
    assert list((tmp_path / "imports").iterdir()) == []  # the upload is removed once imported
    again = maintainer.post(TRANSFER + "confirm/", {"token": token})
    assert again.status_code == 302  # the file is gone: "upload it again"
    assert written() == 5


@pytest.mark.urls(__name__)
def test_admin_refuses_a_forged_token_and_a_wrong_file_type(maintainer):
    response = maintainer.post(TRANSFER + "confirm/", {"token": "forged"})
    assert response.status_code == 302
    response = upload(maintainer, b"code;name", name="catalogue.csv")
    assert response.status_code == 200
    assert "Choose a workbook (.xlsx) or a JSON export (.json)." in response.content.decode()


@pytest.mark.urls(__name__)
def test_admin_downloads(maintainer):
    xlsx = maintainer.get(TRANSFER + "export.xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="motcua-catalog-20260302.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True)
    assert book.sheetnames[:3] == ["Thủ tục", "Thành phần hồ sơ", "Quy trình nội bộ"]
    exported = maintainer.get(TRANSFER + "export.json")
    assert exported.status_code == 200 and isinstance(json.loads(exported.content), list)
    template = maintainer.get(TRANSFER + "template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"


@pytest.mark.urls(__name__)
def test_admin_pages_are_for_catalogue_maintainers_only(login, ward_admin, officer):
    # A ward administrator may use the admin but not change the province's catalogue.
    assert login(ward_admin).get(TRANSFER).status_code == 403
    assert login(ward_admin).get(TRANSFER + "export.xlsx").status_code == 403
    assert login(officer).get(TRANSFER).status_code == 302  # not an admin user: to the login


@pytest.mark.urls(__name__)
def test_the_procedure_list_links_to_the_transfer_pages():
    from django.template.loader import get_template, render_to_string

    get_template("catalog/admin/procedure_change_list.html")  # compiles (wired in admin.py)
    links = render_to_string("catalog/admin/_transfer_links.html")
    for target in ("transfer/", "transfer/export.xlsx", "transfer/export.json"):
        assert f'href="/admin/catalog/procedure/{target}"' in links
