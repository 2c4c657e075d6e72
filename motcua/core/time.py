"""Time helpers: aware datetimes only (style.md, "Settings and tooling")."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def today() -> date:
    """Return today's date in the project time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate()


def local(moment: datetime) -> datetime:
    """Return `moment` converted to the project time zone; naive datetimes are refused."""
    if timezone.is_naive(moment):
        raise ValueError("A naive datetime was given where an aware one is required.")
    return timezone.localtime(moment)
