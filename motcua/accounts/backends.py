"""Log in with a username, an e-mail address or a phone number (citizens sign up with either).

django-axes stays first in AUTHENTICATION_BACKENDS and throttles every attempt, whatever the
identifier typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from motcua.accounts.models import User


class EmailOrPhoneBackend(ModelBackend):
    """ModelBackend that also finds the account by e-mail address (any case) or phone."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        identifier = username.strip()
        candidates = list(
            User.objects.filter(
                Q(username=identifier)
                | (Q(email__iexact=identifier) if "@" in identifier else Q(phone=identifier))
            )[:2]
        )
        # An e-mail address or phone shared by two accounts identifies neither.
        exact = [user for user in candidates if user.username == identifier]
        user = exact[0] if exact else candidates[0] if len(candidates) == 1 else None
        if user is None:
            User().set_password(password)  # same work as a wrong password (timing)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
