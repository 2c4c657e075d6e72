"""Checks of files attached to a dossier (scans of its components): by content, not by name.

A scan is a PDF, JPEG or PNG (what counter scanners and phones produce); the first bytes must
say so, whatever the file is called. 20 MB at most per file (a 30-page colour scan at 200 dpi
is about 15 MB).
"""

from __future__ import annotations

from django.core.files import File
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


class FileRefusedError(DomainError):
    """An attached file is not a PDF, JPEG or PNG, or too large."""


def content_type_of(file: File[bytes]) -> str | None:
    """Return the type the file's first bytes announce, None when it is none of ours."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def check_scan(file: File[bytes], *, field: str | None = None) -> str:
    """Return the content type of a scan, or raise FileRefusedError saying what is wrong."""
    name = getattr(file, "name", "") or _("the file")
    if file.size is not None and file.size > MAX_BYTES:
        raise FileRefusedError(
            _("%(name)s is larger than %(size)s MB.") % {"name": name, "size": MAX_BYTES // 2**20},
            field=field,
        )
    content_type = content_type_of(file)
    if content_type is None:
        raise FileRefusedError(
            _("%(name)s is not a PDF, JPEG or PNG file.") % {"name": name}, field=field
        )
    return content_type
