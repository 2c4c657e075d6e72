"""The notification outbox: one row per message to send, written before any delivery attempt.

NĐ 224/2026 Art. 15: every status change of a dossier is notified at once, naming the agency
and the times. A row is created from the committed `DossierEvent` (services.notify_event) and
delivered by a task with retries; after the last attempt it is `failed`, never lost.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierEvent


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo")


class NotificationState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One message to one recipient through one channel."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="notifications", null=True, blank=True
    )
    event = models.ForeignKey(
        DossierEvent, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # Why: "status" for the applicant's notice of a status change, "at_risk"/"overdue" for the
    # officers' warnings of the sweep.
    reason = models.CharField(max_length=20, default="status")
    channel = models.CharField(_("channel"), max_length=10, choices=NotificationChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=NotificationState.choices,
        default=NotificationState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Creating the notifications of an event twice (a retried task) creates nothing.
            models.UniqueConstraint(
                fields=["event", "channel", "recipient", "reason"],
                condition=Q(event__isnull=False),
                name="notification_once_per_event",
            ),
        ]
        indexes = [
            # services.notification_sweep: pending rows whose next attempt is due.
            models.Index(fields=["state", "next_attempt_at"], name="notification_due"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.recipient}: {self.subject}"
