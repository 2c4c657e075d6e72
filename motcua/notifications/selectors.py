"""Reads of notifications for the interfaces."""

from __future__ import annotations

from motcua.dossiers.models import Dossier
from motcua.notifications.models import Notification


def notification_list_for_dossier(*, dossier: Dossier) -> list[Notification]:
    """Return what was sent (or is being sent) about a dossier, newest first; the caller has
    already checked that the user may see the dossier."""
    return list(Notification.objects.filter(dossier=dossier).order_by("-created_at", "-pk"))
