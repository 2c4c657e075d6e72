"""Admin for the catalogue: edit drafts, see versions side by side, publish through services.

Published versions are read-only (history); a change starts as a new draft ("Start a new draft
from this version"), is edited, then published with the "Publish" action, which refuses and
names every missing mandatory field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog import policies, selectors, services
from motcua.catalog.admin_transfer import transfer_urls
from motcua.catalog.content import VersionContent, content_of, missing_fields
from motcua.catalog.models import (
    ChannelTerm,
    Field,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    VersionStatus,
    next_version_number,
)
from motcua.core.errors import DomainError


class MaintainerOnlyMixin:
    """Only catalogue maintainers (province administrators, superusers) see the catalogue admin."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policies.can_maintain_catalog(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.can_maintain_catalog(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return policies.can_maintain_catalog(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "status", None) == VersionStatus.PUBLISHED:
            return False  # published versions are history: read-only
        return policies.can_maintain_catalog(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Field)
class FieldAdmin(MaintainerOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "sector")
    search_fields = ("name", "code")


class RequiredDocumentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RequiredDocument
    extra = 0
    fields = (
        "position",
        "name",
        "originals",
        "certified_copies",
        "photocopies",
        "template",
        "reusable",
        "note",
    )


class ChannelTermInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ChannelTerm
    extra = 0
    fields = ("channel", "limit_value", "limit_unit", "cutoff", "fee_vnd", "fee_note")


class ProcedureVersionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProcedureVersion
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose what is shown

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        procedure = cleaned.get("procedure")
        if (
            self.instance.pk is None
            and procedure is not None
            and procedure.versions.filter(status=VersionStatus.DRAFT).exists()
        ):
            raise forms.ValidationError(_("This procedure already has a draft; edit that one."))
        return cleaned


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(MaintainerOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    form = ProcedureVersionForm
    list_display = ("code", "number", "name", "status", "effective_from", "published_at")
    list_filter = ("status", "online_level", "for_province", "for_commune", "field")
    search_fields = ("procedure__code", "local_code", "search_text")
    list_select_related = ("procedure", "field")
    autocomplete_fields = ("procedure", "field")
    inlines = (RequiredDocumentInline, ChannelTermInline)
    readonly_fields = ("number", "status", "published_at", "published_by", "missing")
    actions = ("publish", "start_draft")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "procedure",
                    "number",
                    "status",
                    "effective_from",
                    "published_at",
                    "missing",
                )
            },
        ),
        (
            gettext_lazy("Identity"),
            {"fields": ("local_code", "name", "field", "for_province", "for_commune")},
        ),
        (
            gettext_lazy("Agencies and submission"),
            {
                "fields": (
                    "implementing_agency",
                    "authorised_agency",
                    "cooperating_agencies",
                    "receiving_address",
                    "sequence",
                    "methods",
                    "online_level",
                )
            },
        ),
        (
            gettext_lazy("Content"),
            {"fields": ("subjects", "result", "requirements", "legal_basis")},
        ),
        (
            gettext_lazy("Publication decision"),
            {"fields": ("decision_number", "decision_date", "decision_effective_date")},
        ),
    )

    @admin.display(description=gettext_lazy("missing mandatory fields"))
    def missing(self, obj: ProcedureVersion) -> str:
        """Say what publication would refuse for lack of content (NĐ 63/2010 Art. 8(2))."""
        if obj.pk is None:
            return "—"
        return ", ".join(missing_fields(content_of(obj))) or _("none: ready to publish")

    @admin.display(description=gettext_lazy("code"), ordering="procedure__code")
    def code(self, obj: ProcedureVersion) -> str:
        return obj.procedure.code

    def save_model(
        self, request: HttpRequest, obj: ProcedureVersion, form: Any, change: bool
    ) -> None:
        if not change:
            obj.number = next_version_number(obj.procedure.versions.all())
            obj.status = VersionStatus.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """After the inlines are saved, store the draft again through the service (validation)."""
        super().save_related(request, form, formsets, change)
        version = form.instance
        if version.pk is None:
            return
        try:
            services.procedure_draft_save(
                actor=request.user,  # type: ignore[arg-type]
                code=version.procedure.code,
                content=content_of(version),
            )
        except DomainError as exc:
            messages.error(request, str(exc))

    @admin.action(description=gettext_lazy("Publish the selected drafts"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for version in queryset.select_related("procedure"):
            try:
                services.procedure_version_publish(
                    actor=request.user,  # type: ignore[arg-type]
                    version=version,
                    effective_from=version.effective_from,
                )
            except DomainError as exc:
                messages.error(request, f"{version.procedure.code}: {exc}")
            else:
                messages.success(
                    request,
                    _("%(code)s version %(number)s is published.")
                    % {"code": version.procedure.code, "number": version.number},
                )

    @admin.action(description=gettext_lazy("Start a new draft from the selected versions"))
    def start_draft(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for version in queryset.select_related("procedure", "field"):
            try:
                draft = services.procedure_draft_save(
                    actor=request.user,  # type: ignore[arg-type]
                    code=version.procedure.code,
                    content=content_of(version),
                )
            except DomainError as exc:
                messages.error(request, f"{version.procedure.code}: {exc}")
            else:
                messages.success(
                    request,
                    _("Draft version %(number)s of %(code)s is ready to edit.")
                    % {"code": version.procedure.code, "number": draft.number},
                )


class ProcedureVersionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProcedureVersion
    extra = 0
    fields = ("number", "name", "status", "effective_from", "published_at")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(MaintainerOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    change_list_template = "catalog/admin/procedure_change_list.html"
    list_display = ("code", "current_name", "abolished_from", "compare_link")
    search_fields = ("code", "versions__search_text")
    readonly_fields = ("code", "created_at")
    fields = ("code", "abolished_from", "created_at")
    inlines = (ProcedureVersionInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Procedure]:
        return super().get_queryset(request).prefetch_related("versions").distinct()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.can_maintain_catalog(request.user)

    @admin.display(description=gettext_lazy("name"))
    def current_name(self, obj: Procedure) -> str:
        versions = sorted(obj.versions.all(), key=lambda version: -version.number)
        return versions[0].name if versions else ""

    @admin.display(description=gettext_lazy("versions"))
    def compare_link(self, obj: Procedure) -> str:
        url = reverse("admin:catalog_procedure_compare", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("side by side"))

    def save_model(self, request: HttpRequest, obj: Procedure, form: Any, change: bool) -> None:
        """Abolish through the service when an abolition date is set."""
        before = Procedure.objects.get(pk=obj.pk) if change else None
        if before is not None and obj.abolished_from and before.abolished_from is None:
            try:
                services.procedure_abolish(
                    actor=request.user,  # type: ignore[arg-type]
                    procedure=before,
                    on=obj.abolished_from,
                )
            except DomainError as exc:
                messages.error(request, str(exc))
            return
        if before is not None:
            obj.abolished_from = before.abolished_from  # un-abolishing is not allowed
        super().save_model(request, obj, form, change)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/versions/",
                self.admin_site.admin_view(self.compare_view),
                name="catalog_procedure_compare",
            ),
            # Before super(): the transfer URLs must win over the admin's catch-all pattern.
            *transfer_urls(self.admin_site),
            *super().get_urls(),
        ]

    def compare_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Show every version of a procedure side by side, differing rows marked."""
        procedure = get_object_or_404(Procedure, pk=pk)
        versions = list(
            selectors.procedure_version_list(procedure=procedure).prefetch_related(
                "documents", "terms"
            )
        )
        contents = [content_of(version).as_json() for version in versions]
        rows = []
        for name in VersionContent.__dataclass_fields__:
            values = [_display(content[name]) for content in contents]
            rows.append({"name": name, "values": values, "differs": len(set(values)) > 1})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Versions of %(code)s") % {"code": procedure.code},
            "procedure": procedure,
            "versions": versions,
            "rows": rows,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/procedure/compare.html", context)


def _display(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(
            "; ".join(f"{key}: {item}" for key, item in entry.items() if item not in ("", 0, False))
            if isinstance(entry, dict)
            else str(entry)
            for entry in value
        )
    return "" if value is None else str(value)
