"""What the browser tests share: Debian's Chromium, driven by Playwright (no browser download).

The `browser_page` fixture is in conftest.py beside this file.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Every browser test module: `pytestmark = BROWSER`. Transactional: the live server's thread
# sees what the test writes. Skipped without Chromium outside CI; CI requires it.
BROWSER = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        CHROMIUM is None and os.environ.get("CI") != "true",
        reason="Chromium is not installed (make test installs it; CI requires it)",
    ),
]
