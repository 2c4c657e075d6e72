"""Checks of photos sent with feedback: by content, not by name (like dossier scans).

A photo is a JPEG or PNG (what phones produce); its first bytes must say so and Pillow must be
able to read it. 5 MB at most each, 3 photos at most per feedback (a 12-megapixel phone photo
is 2 to 4 MB).
"""

from __future__ import annotations

from django.core.files import File
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from motcua.core.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 3
SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


class PhotoRefusedError(DomainError):
    """A photo is not a JPEG or PNG, or too large, or there are too many."""


def check_photo(file: File[bytes], *, field: str = "photos") -> str:
    """Return the content type of a photo, or raise PhotoRefusedError saying what is wrong."""
    name = getattr(file, "name", "") or _("the file")
    if file.size is not None and file.size > MAX_BYTES:
        raise PhotoRefusedError(
            _("%(name)s is larger than %(size)s MB.") % {"name": name, "size": MAX_BYTES // 2**20},
            field=field,
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    content_type = next((kind for sig, kind in SIGNATURES.items() if head.startswith(sig)), None)
    if content_type is not None:
        try:
            with Image.open(file) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            content_type = None
        file.seek(0)
    if content_type is None:
        raise PhotoRefusedError(
            _("%(name)s is not a JPEG or PNG photo.") % {"name": name}, field=field
        )
    return content_type


def check_photos(files: list[File[bytes]]) -> list[str]:
    """Return the content types of the photos, refusing more than MAX_PHOTOS."""
    if len(files) > MAX_PHOTOS:
        raise PhotoRefusedError(
            _("At most %(count)s photos can be sent.") % {"count": MAX_PHOTOS}, field="photos"
        )
    return [check_photo(file) for file in files]
