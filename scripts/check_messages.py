"""Fail if a Vietnamese .po catalogue is newer than its compiled .mo (run `make messages`)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    stale = []
    for po in ROOT.glob("motcua/locale/*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or _messages(po) != _compiled(mo):
            stale.append(str(po.relative_to(ROOT)))
    if stale:
        print("Compiled catalogues out of date (run make messages):", *stale)  # noqa: T201
        return 1
    return 0


def _messages(po: Path) -> int:
    """Count translated entries in a .po file (msgstr not empty, header excluded)."""
    import polib  # type: ignore[import-untyped]

    return len([entry for entry in polib.pofile(str(po)) if entry.translated()])


def _compiled(mo: Path) -> int:
    import polib

    return len([entry for entry in polib.mofile(str(mo)) if entry.msgid])


if __name__ == "__main__":
    sys.exit(main())
