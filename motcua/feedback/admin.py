"""Admin for the feedback categories of a province (the Open311 services) and a read-only list
of Open311 client apps (keys are issued and revoked with `manage.py open311_key`).

Province administrators and superusers only (the catalogue maintainers): categories are
configured per province and map each kind of feedback to the unit that answers it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.catalog import policies
from motcua.feedback.models import ApiClient, FeedbackCategory


class ProvinceAdministratorOnlyMixin:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return policies.can_maintain_catalog(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.can_maintain_catalog(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return policies.can_maintain_catalog(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.can_maintain_catalog(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # feedback refers to its category: deactivate it instead


@admin.register(FeedbackCategory)
class FeedbackCategoryAdmin(ProvinceAdministratorOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "kind", "group", "responsible_unit", "active")
    list_filter = ("kind", "active", "group")
    search_fields = ("name", "code", "keywords")
    autocomplete_fields = ("province", "responsible_unit")


@admin.register(ApiClient)
class ApiClientAdmin(ProvinceAdministratorOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "key_prefix", "active", "created_at")
    readonly_fields = ("name", "key_prefix", "active", "created_at")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # `manage.py open311_key --create NAME` prints the key once

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
