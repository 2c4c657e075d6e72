"""Django admin for units, users, memberships and calendar entries.

Writes go through `services` so that paths, ends and memberships stay consistent. A unit
administrator who is not a superuser sees and changes only their own subtree.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts import policies, selectors, services
from motcua.accounts.models import CalendarEntry, Membership, OrgUnit, User
from motcua.core.errors import DomainError


class ScopedAdminMixin:
    """Limit a non-superuser administrator to objects of the units they administer."""

    unit_field = "unit"

    def _scope(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if request.user.is_superuser:
            return queryset
        condition = selectors.visibility_filter(user=request.user, field=self.unit_field)
        return queryset.filter(condition).distinct() if condition else queryset.none()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policies.can_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return policies.can_use_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.can_use_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # History is kept: units and memberships end, they are not deleted.
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    unit_field = ""
    list_display = ("indented_name", "identifier", "kind", "level", "valid_from", "valid_until")
    list_filter = ("kind", "level", "end_reason")
    search_fields = ("name", "identifier")
    readonly_fields = ("path", "end_reason", "created_at", "updated_at")
    autocomplete_fields = ("parent", "successor")
    fields = (
        "identifier",
        "name",
        "kind",
        "level",
        "parent",
        "office_hours",
        "valid_from",
        "valid_until",
        "successor",
        "end_reason",
        "path",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrgUnit]:
        return self._scope(request, super().get_queryset(request).select_related("parent"))

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: OrgUnit) -> str:
        return "— " * obj.depth + obj.name

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> None:
        """Create, move, dissolve or merge through services so the tree stays consistent."""
        actor = None if request.user.is_superuser else request.user
        try:
            if not change:
                created = services.org_unit_create(
                    actor=actor,  # type: ignore[arg-type]
                    identifier=obj.identifier,
                    name=obj.name,
                    kind=obj.kind,
                    level=obj.level,
                    parent=obj.parent,
                    valid_from=obj.valid_from,
                    office_hours=obj.office_hours,
                )
                obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth
                return
            before = OrgUnit.objects.get(pk=obj.pk)
            new_end, successor = obj.valid_until, obj.successor
            obj.valid_until, obj.successor, obj.end_reason = (
                before.valid_until,
                before.successor,
                before.end_reason,
            )
            obj.save()
            if obj.parent_id != before.parent_id:
                services._move(obj, obj.parent)
            if new_end is not None and before.valid_until is None:
                if successor is not None:
                    services.org_unit_merge(actor=actor, sources=[obj], into=successor, on=new_end)  # type: ignore[arg-type]
                else:
                    services.org_unit_dissolve(actor=actor, unit=obj, on=new_end)  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, str(exc))


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ("unit",)
    fields = ("unit", "role", "valid_from", "valid_until")


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):  # type: ignore[type-arg]
    unit_field = "memberships__unit"
    list_display = ("username", "full_name", "kind", "email", "phone", "is_active")
    list_filter = ("kind", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email", "phone", "id_number")
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("username", "password", "kind")}),
        (_("Personal data"), {"fields": ("full_name", "id_number", "email", "phone")}),
        (_("Status"), {"fields": ("is_active", "is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "kind", "full_name", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return self._scope(request, super().get_queryset(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "is_superuser")


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "unit", "role", "valid_from", "valid_until")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name", "unit__identifier")
    autocomplete_fields = ("user", "unit")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return self._scope(request, super().get_queryset(request).select_related("user", "unit"))


@admin.register(CalendarEntry)
class CalendarEntryAdmin(ScopedAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("day", "working", "reason", "unit", "created_by")
    list_filter = ("working", "unit")
    date_hierarchy = "day"
    autocomplete_fields = ("unit",)
    fields = ("unit", "day", "working", "reason")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarEntry]:
        queryset = super().get_queryset(request).select_related("unit", "created_by")
        if request.user.is_superuser:
            return queryset
        condition = selectors.visibility_filter(user=request.user, field="unit")
        deployment_wide = queryset.filter(unit__isnull=True)
        return (queryset.filter(condition) | deployment_wide) if condition else deployment_wide

    def save_model(self, request: HttpRequest, obj: CalendarEntry, form: Any, change: bool) -> None:
        actor = None if request.user.is_superuser else request.user
        try:
            if change:
                services.calendar_entry_withdraw(
                    actor=actor,  # type: ignore[arg-type]
                    entry=CalendarEntry.objects.get(pk=obj.pk),
                )
            created = services.calendar_entry_publish(
                actor=actor,  # type: ignore[arg-type]
                unit=obj.unit,
                day=obj.day,
                working=obj.working,
                reason=obj.reason,
            )
            created.created_by = request.user  # type: ignore[assignment]
            created.save(update_fields=["created_by"])
            obj.pk = created.pk
        except DomainError as exc:
            messages.error(request, str(exc))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A mistaken entry may be withdrawn (it is configuration, not history).
        return policies.can_use_admin(request.user)
