"""Fixtures for the deadline tests: no database, no settings needed, time frozen, English text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    """Freeze the clock far from the dates under test, so a hidden "now" would show up."""
    # The engine takes every instant as an argument; if one ever read the clock, results for
    # 2025-2027 would come out wrong with the clock stuck in 2031.
    with time_machine.travel(datetime(2031, 7, 1, 3, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Explain in English even when Django settings with another default language are loaded."""
    from django.apps import apps
    from django.conf import settings

    if not settings.configured or not apps.ready:
        yield
        return
    from django.utils import translation

    with translation.override("en"):
        yield
