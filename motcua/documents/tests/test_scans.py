"""scans.to_pdf: content checks and limits (docs/signatures.md, Digitising)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from motcua.documents import scans
from motcua.documents.tests.test_services import _image, _pdf


def test_one_pdf_is_kept_byte_for_byte():
    content = _pdf(pages=3)
    made = scans.to_pdf([SimpleUploadedFile("a.pdf", content)])
    assert made.content == content and made.pages == 3


def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(scans.ScanError, match="protected by a password"):
        scans.to_pdf([SimpleUploadedFile("khoa.pdf", buffer.getvalue())])


def test_a_damaged_image_or_pdf_is_refused():
    with pytest.raises(scans.ScanError, match="damaged image"):
        scans.to_pdf([SimpleUploadedFile("a.jpg", b"\xff\xd8\xff" + b"\x00" * 50)])
    with pytest.raises(scans.ScanError, match="damaged PDF"):
        scans.to_pdf([SimpleUploadedFile("a.pdf", b"%PDF-1.4\n garbage")])


def test_too_many_pixels_and_pages_are_refused(monkeypatch):
    monkeypatch.setattr(scans, "MAX_PIXELS", 100)
    with pytest.raises(scans.ScanError, match="too large an image"):
        scans.to_pdf([SimpleUploadedFile("a.png", _image("PNG"))])
    monkeypatch.setattr(scans, "MAX_PAGES", 2)
    with pytest.raises(scans.ScanError, match="3 pages"):
        scans.to_pdf([SimpleUploadedFile("a.pdf", _pdf(pages=3))])


def test_nothing_given_is_refused():
    with pytest.raises(scans.ScanError, match="at least one file"):
        scans.to_pdf([])


def test_an_image_page_has_the_size_of_the_image_at_200_dpi():
    buffer = io.BytesIO()
    Image.new("L", (400, 600), "white").save(buffer, "PNG")
    made = scans.to_pdf([SimpleUploadedFile("a.png", buffer.getvalue())])
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(made.content)).pages[0]
    assert round(float(page.mediabox.width)) == 144  # 400 px at 200 dpi = 2 in = 144 pt
