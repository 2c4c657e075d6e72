"""Admin pages to import and export the catalogue: upload, dry-run report, confirm; downloads.

The same path as `manage.py import_catalog`: an uploaded file is checked first (a dry run that
lists every problem with its sheet, row and column); only a clean file can be confirmed, and the
confirmation imports it in one transaction. Between the two steps the file waits in a private
directory (settings.MOTCUA_IMPORT_DIR, default var/imports), named by a signed token bound to
the user. `transfer_urls(site)` returns the URL patterns for ProcedureAdmin.get_urls;
templates/catalog/admin/_transfer_links.html links to them from the procedure list.
"""

from __future__ import annotations

import io
import json
import re
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import AdminSite
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.catalog import policies
from motcua.catalog.spreadsheet import read_file, write_workbook
from motcua.catalog.transfer.example import example_items
from motcua.catalog.transfer.importer import (
    ImportReport,
    catalog_export_items,
    catalog_import,
    report_summary,
)
from motcua.catalog.transfer.jsonfile import items_to_json
from motcua.core.time import today

# A 2,000-procedure workbook with its documents and processes is about 1 MB (bench/).
UPLOAD_LIMIT = 20 * 1024 * 1024
KEEP_SECONDS = 24 * 3600  # an unconfirmed upload is refused, then swept, after a day
_SALT = "motcua.catalog.admin_transfer"
_STORED = re.compile(r"^[0-9a-f]{32}\.(xlsx|json)$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx) or JSON export (.json)"))

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in {".xlsx", ".json"}:
            raise forms.ValidationError(_("Choose a workbook (.xlsx) or a JSON export (.json)."))
        if (upload.size or 0) > UPLOAD_LIMIT:
            raise forms.ValidationError(
                _("The file is larger than %(megabytes)s MB.")
                % {"megabytes": UPLOAD_LIMIT // 1024 // 1024}
            )
        return upload


def transfer_urls(site: AdminSite | None = None) -> list[URLPattern]:
    """Return the import and export pages, to be included in ProcedureAdmin.get_urls."""
    admin_site = site or admin.site

    def wrap(view: Callable[[HttpRequest, AdminSite], HttpResponse]) -> Callable[..., Any]:
        def inner(request: HttpRequest) -> HttpResponse:
            if not policies.can_maintain_catalog(request.user):
                raise PermissionDenied
            return view(request, admin_site)

        return admin_site.admin_view(inner)

    return [
        path("transfer/", wrap(upload_view), name="catalog_transfer"),
        path("transfer/confirm/", wrap(confirm_view), name="catalog_transfer_confirm"),
        path("transfer/export.xlsx", wrap(export_xlsx_view), name="catalog_export_xlsx"),
        path("transfer/export.json", wrap(export_json_view), name="catalog_export_json"),
        path("transfer/template.xlsx", wrap(template_view), name="catalog_transfer_template"),
    ]


def _render(
    request: HttpRequest, site: AdminSite, template: str, context: dict[str, Any]
) -> TemplateResponse:
    return TemplateResponse(
        request, f"catalog/admin/{template}", {**site.each_context(request), **context}
    )


def upload_view(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """Show the upload form; on upload, check the file and show the dry-run report."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload: UploadedFile = form.cleaned_data["file"]
        stored = _keep(upload)
        report = catalog_import(
            parsed=read_file(stored, upload.name or ""),
            actor=request.user,  # type: ignore[arg-type]
            dry_run=True,
        )
        token = signing.dumps(
            {"name": stored.name, "original": upload.name, "user": request.user.pk}, salt=_SALT
        )
        return _report(request, site, report, upload.name or "", token)
    return _render(
        request,
        site,
        "transfer.html",
        {"title": _("Import and export the catalogue"), "form": form},
    )


@require_POST
def confirm_view(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """Import a file that passed the dry run; show the report again if it no longer passes."""
    kept = _kept(request.POST.get("token", ""), request.user.pk)
    if kept is None:
        messages.error(request, _("The uploaded file is no longer available; upload it again."))
        return redirect("admin:catalog_transfer")
    stored, original = kept
    report = catalog_import(
        parsed=read_file(stored, original),
        actor=request.user,  # type: ignore[arg-type]
    )
    if report.issues:
        return _report(request, site, report, original, "")
    stored.unlink(missing_ok=True)
    messages.success(
        request,
        _("%(file)s was imported. %(summary)s")
        % {"file": original, "summary": report_summary(report)},
    )
    return redirect("admin:catalog_transfer")


def _report(
    request: HttpRequest, site: AdminSite, report: ImportReport, name: str, token: str
) -> TemplateResponse:
    return _render(
        request,
        site,
        "transfer_report.html",
        {
            "title": _("Check of %(file)s") % {"file": name},
            "report": report,
            "summary": report_summary(report),
            "token": token if report.ok else "",
        },
    )


def _directory() -> Path:
    directory = Path(getattr(settings, "MOTCUA_IMPORT_DIR", settings.VAR_DIR / "imports"))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _keep(upload: UploadedFile) -> Path:
    """Store an upload under a random name until it is confirmed; sweep day-old ones."""
    directory = _directory()
    for old in directory.iterdir():
        if _STORED.match(old.name) and old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    stored = directory / f"{uuid.uuid4().hex}{Path(upload.name or '').suffix.lower()}"
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return stored


def _kept(token: str, user_id: Any) -> tuple[Path, str] | None:
    try:
        data = signing.loads(token, salt=_SALT, max_age=KEEP_SECONDS)
    except signing.BadSignature:
        return None
    name = str(data.get("name", ""))
    if data.get("user") != user_id or not _STORED.match(name):
        return None
    stored = _directory() / name
    return (stored, str(data.get("original", name))) if stored.is_file() else None


def _download(content: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"motcua-catalog-{today():%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_xlsx_view(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """Download the catalogue in force as a workbook."""
    buffer = io.BytesIO()
    write_workbook(catalog_export_items(), buffer)
    return _download(buffer.getvalue(), XLSX, "xlsx")


def export_json_view(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """Download the catalogue in force as JSON."""
    text = json.dumps(items_to_json(catalog_export_items()), ensure_ascii=False, indent=1)
    return _download(text.encode(), "application/json", "json")


def template_view(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """Download the example workbook (docs/catalog-template.xlsx)."""
    buffer = io.BytesIO()
    write_workbook(example_items(), buffer)
    response = _download(buffer.getvalue(), XLSX, "xlsx")
    response["Content-Disposition"] = 'attachment; filename="catalog-template.xlsx"'
    return response
