"""`manage.py demo_code`: print the current TOTP code of the demo authenticator key."""

from __future__ import annotations

import time
from binascii import unhexlify
from typing import Any

from django.core.management.base import BaseCommand
from django_otp.oath import totp

from motcua.accounts.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current 6-digit code of the demo staff accounts' shared authenticator key."

    def handle(self, *args: Any, **options: Any) -> None:
        code = totp(unhexlify(DEMO_TOTP_KEY), step=30, t0=0, digits=6, drift=0)
        remaining = 30 - int(time.time()) % 30
        self.stdout.write(f"valid for about {remaining} more seconds")
        self.stdout.write(f"{code:06d}")
