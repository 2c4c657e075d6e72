"""`manage.py open311_key --create NAME`: issue an Open311 API key to a client app.

The key is printed once, on the last line (scripts read it from there); only its SHA-256 is
stored. `--list` shows the apps and the first characters of their keys; `--revoke NAME` ends one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.core.errors import DomainError
from motcua.feedback import services
from motcua.feedback.models import ApiClient


class Command(BaseCommand):
    help = "Issue (--create NAME), list (--list) or revoke (--revoke NAME) Open311 API keys."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--create", metavar="NAME", help="issue a key to a new client app")
        group.add_argument("--revoke", metavar="NAME", help="deactivate a client app's key")
        group.add_argument("--list", action="store_true", help="list the client apps")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["create"]:
            try:
                client, key = services.api_client_create(name=options["create"])
            except DomainError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"Open311 API key for {client.name} (shown only once):")
            self.stdout.write(key)
        elif options["revoke"]:
            try:
                client = services.api_client_revoke(name=options["revoke"])
            except DomainError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"Revoked the key of {client.name}.")
        else:
            for client in ApiClient.objects.all():
                state = "active" if client.active else "revoked"
                self.stdout.write(f"{client.name}\t{client.key_prefix}…\t{state}")
