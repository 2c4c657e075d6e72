"""Staff must pass the second factor before anything but the login pages (product.md, security)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Paths an unverified staff member may still reach: the second-factor pages, logout, static files.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/")


def second_factor_passed(user: Any) -> bool:
    """Return whether django-otp's OTPMiddleware marked this request's user as verified."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


class StaffSecondFactorMiddleware:
    """Send a logged-in staff member without a verified TOTP device to the second-factor page.

    Enforced when settings.MOTCUA_REQUIRE_STAFF_OTP is true (the default; production refuses
    false). The API answers 401 with the standard error shape instead of redirecting.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.MOTCUA_REQUIRE_STAFF_OTP and self._needs_second_factor(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": "second_factor_required",
                        "message": _(
                            "Confirm your login with the code from your authenticator app."
                        ),
                    },
                    status=401,
                )
            if not request.path.startswith(_OPEN_PREFIXES):
                return redirect(f"{reverse('web:verify')}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _needs_second_factor(request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        is_staff_account = getattr(user, "is_officer", False) or user.is_staff or user.is_superuser
        return bool(is_staff_account and not second_factor_passed(user))
