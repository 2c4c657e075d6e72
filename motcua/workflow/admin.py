"""Admin for internal processes: edit drafts with their steps, publish through the service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.admin import MaintainerOnlyMixin
from motcua.catalog.models import VersionStatus, next_version_number
from motcua.core.errors import DomainError
from motcua.core.time import today
from motcua.workflow import services
from motcua.workflow.models import ProcessDefinition, Step


class StepInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Step
    extra = 0
    autocomplete_fields = ("actor_unit",)
    fields = (
        "position",
        "actor_unit",
        "actor_role",
        "task",
        "allotted_value",
        "allotted_unit",
        "kind",
        "joint_mode",
        "is_lead",
    )


@admin.register(ProcessDefinition)
class ProcessDefinitionAdmin(MaintainerOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "procedure",
        "receiving_unit",
        "number",
        "status",
        "effective_from",
        "problems",
    )
    list_filter = ("status",)
    search_fields = ("procedure__code", "receiving_unit__name", "receiving_unit__identifier")
    list_select_related = ("procedure", "receiving_unit")
    autocomplete_fields = ("procedure", "receiving_unit")
    readonly_fields = ("number", "status", "published_at", "published_by")
    fields = (
        "procedure",
        "receiving_unit",
        "number",
        "status",
        "effective_from",
        "decision",
        "note",
        "published_at",
        "published_by",
    )
    inlines = (StepInline,)
    actions = ("publish",)

    @admin.display(description=gettext_lazy("problems"))
    def problems(self, obj: ProcessDefinition) -> str:
        """Say, for a draft, what would stop it from being published on its date (or today)."""
        if obj.status != VersionStatus.DRAFT:
            return ""
        found = services.process_problems(process=obj, on=obj.effective_from or today())
        return "; ".join(found) or _("ready to publish")

    def save_model(
        self, request: HttpRequest, obj: ProcessDefinition, form: Any, change: bool
    ) -> None:
        if not change:
            obj.number = next_version_number(
                ProcessDefinition.objects.filter(
                    procedure=obj.procedure, receiving_unit=obj.receiving_unit
                )
            )
            obj.status = VersionStatus.DRAFT
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("Publish the selected drafts"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ProcessDefinition]) -> None:
        for process in queryset.select_related("procedure", "receiving_unit"):
            try:
                services.process_publish(
                    actor=request.user,  # type: ignore[arg-type]
                    process=process,
                    effective_from=process.effective_from or today(),
                )
            except DomainError as exc:
                messages.error(request, f"{process}: {exc}")
            else:
                messages.success(request, _("%(process)s is published.") % {"process": process})
