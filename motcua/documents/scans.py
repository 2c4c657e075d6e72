"""Make one PDF from what a counter scanner or a phone produces: multi-page PDFs, JPEG and PNG
images, checked by content (dossiers.files.check_scan), not by name.

One PDF given alone is kept byte for byte (a signed PDF keeps its signatures); several files,
or images, are joined into a new PDF: each image becomes a page of its size at 200 dpi (Pillow),
PDF pages are copied (pypdf). Limits: 20 MB per file, 50 MB and 200 pages in all; images of at
most 50 megapixels (an A3 page at 600 dpi is 70 MP; a counter scanner at 200-300 dpi makes at
most 9 MP for A4), which also stops decompression bombs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files import File
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from motcua.core.errors import DomainError
from motcua.dossiers.files import check_scan

MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_PAGES = 200
MAX_PIXELS = 50_000_000
IMAGE_DPI = 200


class ScanError(DomainError):
    """A scan cannot be made into a PDF: wrong type, too large, damaged, encrypted."""


@dataclass(frozen=True)
class ScanPdf:
    content: bytes
    pages: int


def _name(file: File[bytes]) -> str:
    return getattr(file, "name", "") or _("the file")


def _image_page(file: File[bytes]) -> bytes:
    file.seek(0)
    try:
        with Image.open(file) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ScanError(
                    _("%(name)s is too large an image (more than 50 megapixels).")
                    % {"name": _name(file)},
                    field="files",
                )
            image.load()
            page = image.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ScanError(
            _("%(name)s is a damaged image.") % {"name": _name(file)}, field="files"
        ) from None
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=IMAGE_DPI)
    return buffer.getvalue()


def _reader(content: bytes, name: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ScanError(
                _("%(name)s is protected by a password; give the file without it.")
                % {"name": name},
                field="files",
            )
        reader.pages[0]  # reads the page tree: a damaged file fails here
    except (PdfReadError, ValueError, KeyError) as error:
        raise ScanError(
            _("%(name)s is a damaged PDF file.") % {"name": name}, field="files"
        ) from error
    return reader


def to_pdf(files: Sequence[File[bytes]]) -> ScanPdf:
    """Return one PDF of `files` in order, or raise ScanError saying which file is wrong."""
    if not files:
        raise ScanError(_("Choose at least one file to scan."), field="files")
    total = 0
    parts: list[tuple[bytes, str]] = []
    for file in files:
        content_type = check_scan(file, field="files")
        file.seek(0)
        data = file.read()
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise ScanError(
                _("The files are larger than %(size)s MB together.")
                % {"size": MAX_TOTAL_BYTES // 2**20},
                field="files",
            )
        if content_type == "application/pdf":
            parts.append((data, _name(file)))
        else:
            parts.append((_image_page(file), _name(file)))
    readers = [_reader(data, name) for data, name in parts]
    pages = sum(len(reader.pages) for reader in readers)
    if pages > MAX_PAGES:
        raise ScanError(
            _("The scan has %(pages)s pages; at most %(most)s are accepted.")
            % {"pages": pages, "most": MAX_PAGES},
            field="files",
        )
    if (
        len(files) == 1
        and parts[0][0].startswith(b"%PDF-")
        and check_scan(files[0]) == ("application/pdf")
    ):
        return ScanPdf(parts[0][0], pages)  # kept as given: its signatures stay valid
    writer = PdfWriter()
    for reader in readers:
        for page in reader.pages:
            writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return ScanPdf(buffer.getvalue(), pages)
