"""How a message leaves: e-mail through Django's mail backends, SMS and Zalo through adapters.

An adapter has one method, `send(recipient, subject, body)`, which returns normally when the
provider accepted the message and raises `DeliveryError` otherwise. Which adapter runs is a
setting (MOTCUA_SMS_ADAPTER, MOTCUA_ZALO_ADAPTER): a province plugs in its provider's class;
the log adapters write the message to the log (a deployment without a provider), the fakes keep
it in memory (tests).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import ClassVar, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger("motcua.notifications")


class DeliveryError(Exception):
    """The provider refused or could not be reached; the message is retried."""


class Adapter(Protocol):
    def send(self, *, recipient: str, subject: str, body: str) -> None: ...


class EmailAdapter:
    """E-mail through Django's configured mail backend (SMTP in production)."""

    def send(self, *, recipient: str, subject: str, body: str) -> None:
        try:
            send_mail(subject, body, None, [recipient], fail_silently=False)
        except OSError as exc:  # SMTP and socket errors
            raise DeliveryError(str(exc)) from exc


class LogSmsAdapter:
    """Writes the SMS to the log: for deployments without an SMS provider."""

    def send(self, *, recipient: str, subject: str, body: str) -> None:
        logger.info("SMS to %s: %s", recipient, body)


class LogZaloAdapter:
    """Writes the Zalo message to the log: for deployments without a Zalo official account."""

    def send(self, *, recipient: str, subject: str, body: str) -> None:
        logger.info("Zalo to %s: %s", recipient, body)


@dataclass(frozen=True)
class Sent:
    recipient: str
    subject: str
    body: str


class FakeSmsAdapter:
    """Keeps the messages in memory; `fail_next` makes the next sends raise (tests)."""

    outbox: ClassVar[list[Sent]] = []
    fail_next: ClassVar[int] = 0

    def send(self, *, recipient: str, subject: str, body: str) -> None:
        if type(self).fail_next > 0:
            type(self).fail_next -= 1
            raise DeliveryError("fake provider unavailable")
        type(self).outbox.append(Sent(recipient, subject, body))


class FakeZaloAdapter(FakeSmsAdapter):
    outbox: ClassVar[list[Sent]] = []
    fail_next: ClassVar[int] = 0


def adapter_for(channel: str) -> Adapter:
    """Return the adapter of a channel, as the settings choose."""
    if channel == "email":
        return EmailAdapter()
    path = settings.MOTCUA_SMS_ADAPTER if channel == "sms" else settings.MOTCUA_ZALO_ADAPTER
    adapter: Adapter = import_string(path)()
    return adapter
