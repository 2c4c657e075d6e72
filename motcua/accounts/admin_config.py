"""The admin app config; kept apart from admin_site so that loading it imports no models."""

from django.contrib.admin.apps import AdminConfig


class MotcuaAdminConfig(AdminConfig):
    """Use MotcuaAdminSite as django.contrib.admin's default site (INSTALLED_APPS)."""

    default_site = "motcua.accounts.admin_site.MotcuaAdminSite"
