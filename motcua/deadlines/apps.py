from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    """The working calendar and deadline engine: pure modules, no models (style.md)."""

    name = "motcua.deadlines"
    label = "deadlines"
    verbose_name = _("Deadlines")
