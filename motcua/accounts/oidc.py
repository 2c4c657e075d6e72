"""Citizens log in through a national e-ID provider (VNeID, NĐ 69/2024) or any OpenID Connect
provider, with mozilla-django-oidc (docs/portal.md: settings).

The provider vouches for the person; the account is found, or created, by the 12-digit ID
number the provider returns in the claim named by OIDC_ID_NUMBER_CLAIM (VNeID returns it; a
provider that does not cannot identify a citizen, and the login is refused). Staff never log in
this way: their accounts need the second factor of accounts.middleware.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from motcua.accounts.models import User, UserKind
from motcua.accounts.validators import validate_id_number


def _id_number(claims: dict[str, Any]) -> str:
    value = str(claims.get(settings.OIDC_ID_NUMBER_CLAIM) or "").strip()
    try:
        validate_id_number(value)
    except ValidationError:
        return ""
    return value


class CitizenOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Find or create the citizen whose ID number the provider vouches for."""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(_id_number(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        number = _id_number(claims)
        if not number:
            return User.objects.none()
        return User.objects.filter(id_number=number, kind=UserKind.CITIZEN)

    def create_user(self, claims: dict[str, Any]) -> User:
        number = _id_number(claims)
        if not number:
            raise SuspiciousOperation("The provider returned no valid ID number.")
        user = User(
            username=f"vneid-{number}",
            full_name=" ".join(str(claims.get("name") or "").split()) or number,
            email=str(claims.get("email") or "")[:254],
            phone=str(claims.get("phone_number") or "")[:15],
            id_number=number,
            kind=UserKind.CITIZEN,
        )
        user.set_unusable_password()
        user.save()
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        name = " ".join(str(claims.get("name") or "").split())
        if name and name != user.full_name:
            user.full_name = name
            user.save(update_fields=["full_name"])
        return user
