"""The admin site: superusers and unit administrators, each scoped to their own subtree."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.policies import can_use_admin


class MotcuaAdminSite(admin.AdminSite):
    site_header = _("motcua administration")
    site_title = _("motcua")
    index_title = _("Organisation, accounts and calendar")

    def has_permission(self, request: HttpRequest) -> bool:
        """Let in superusers and unit administrators (not Django's is_staff flag)."""
        return can_use_admin(request.user)
