"""Translate explanation text with Django when it is ready, and fall back to English otherwise.

The deadline engine must import and run without Django settings (benchmarks, scripts, the
``-p no:django`` test run), yet every line a user reads must be translatable. ``_`` is named so
that ``makemessages`` extracts its literal arguments like any other ``gettext`` call.
"""

from __future__ import annotations


def _(message: str) -> str:
    """Return ``message`` translated into the active language, or unchanged without Django.

    Falls back to the English text when Django is not installed, settings are not configured, or
    the app registry is not ready yet (translation catalogs need the installed apps).
    """
    try:
        from django.conf import settings
        from django.core.exceptions import AppRegistryNotReady
    except ImportError:  # pragma: no cover - Django is a dependency of the project
        return message
    if not settings.configured:
        return message
    from django.utils.translation import gettext

    try:
        return gettext(message)
    except AppRegistryNotReady:
        return message


def active_language() -> str:
    """Return the active Django language code, or ``"en"`` when Django is not configured."""
    try:
        from django.conf import settings
    except ImportError:  # pragma: no cover - Django is a dependency of the project
        return "en"
    if not settings.configured:
        return "en"
    from django.utils.translation import get_language

    return get_language() or "en"


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it now (for module constants)."""
    return message


def ngettext(singular: str, plural: str, number: int) -> str:
    """Return the singular or plural form for ``number``, translated when Django is ready."""
    fallback = singular if number == 1 else plural
    try:
        from django.conf import settings
        from django.core.exceptions import AppRegistryNotReady
    except ImportError:  # pragma: no cover - Django is a dependency of the project
        return fallback
    if not settings.configured:
        return fallback
    from django.utils.translation import ngettext as django_ngettext

    try:
        return django_ngettext(singular, plural, number)
    except AppRegistryNotReady:
        return fallback
