"""Sign a PDF as PAdES (ETSI.CAdES.detached, PAdES baseline B-B, or B-T with a timestamp)
with pyHanko, with a visible signature block in Vietnamese (bundled Liberation Serif)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string
from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers, timestamps
from pyhanko.stamp import StaticStampStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from motcua.core.time import local
from motcua.documents.forms.layout import BOLD, REGULAR, register_fonts
from motcua.documents.signing.signers import AgencySigner

FIELD_NAME = "ChuKyCoQuan"  # "agency signature"


@dataclass(frozen=True)
class Placement:
    """Where the visible block goes: page index and box (x1, y1, x2, y2) in PDF points."""

    page: int
    box: tuple[int, int, int, int]


SIGNED_COLOUR = (0.78, 0.05, 0.05)  # the red of a seal: the block reads as signed


def _block_pdf(lines: list[tuple[str, str]], width: int, height: int) -> bytes:
    """Return a one-page PDF of the block, drawn by ReportLab in the bundled font: pyHanko's
    own text stamps cannot shape Vietnamese with an embedded TrueType font as well."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True)
    canvas.setStrokeColorRGB(*SIGNED_COLOUR)
    canvas.setFillColorRGB(*SIGNED_COLOUR)
    canvas.setLineWidth(1)
    canvas.rect(0.5, 0.5, width - 1, height - 1)
    canvas.setFont(BOLD, 11)
    canvas.drawString(8, height - 18, "Văn bản đã được ký số")
    y: float = height - 36
    for label, text in lines:
        canvas.setFont(BOLD, 10)
        canvas.drawString(8, y, label)
        canvas.setFont(REGULAR, 10)
        for part in simpleSplit(text, REGULAR, 10, width - 70):
            canvas.drawString(62, y, part)
            y -= 13
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _PdfBytes(content.PdfContent):
    """The first page of a PDF in memory as the stamp's content (pyHanko's ImportedPdfPage
    reads a file by name)."""

    def __init__(self, pdf: bytes) -> None:
        self.pdf = pdf
        super().__init__()

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(
            PdfFileReader(io.BytesIO(self.pdf)), page_ix=0
        )
        name = "/ImportBlock"
        self.resources.xobject[name] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return f"{name} Do".encode()


def timestamper() -> timestamps.TimeStamper | None:
    """Return the RFC 3161 timestamper of `MOTCUA_TIMESTAMPER` (a dotted path to a callable),
    by default one for `MOTCUA_TSA_URL`, or None when no timestamp server is configured."""
    factory = import_string(settings.MOTCUA_TIMESTAMPER)
    found: timestamps.TimeStamper | None = factory()
    return found


def tsa_from_settings() -> timestamps.TimeStamper | None:
    """The default `MOTCUA_TIMESTAMPER`: an HTTP timestamper for `MOTCUA_TSA_URL`, if set."""
    url = settings.MOTCUA_TSA_URL
    return timestamps.HTTPTimeStamper(url, timeout=10) if url else None


def sign_pdf(
    *,
    content: bytes,
    signer: AgencySigner,
    placement: Placement,
    reason: str,
    at: datetime,
) -> tuple[bytes, bool]:
    """Return the signed PDF and whether it carries a timestamp.

    The visible block (the widget's appearance) reads "Ký bởi / Cơ quan / Ngày ký" (signed
    by, agency, date); `reason` (with the result code) goes into the signature dictionary,
    where validators and `pdfsig` show it.
    """
    width = placement.box[2] - placement.box[0]
    height = placement.box[3] - placement.box[1]
    lines = [
        ("Ký bởi:", signer.common_name),
        ("Cơ quan:", signer.unit.name),
        ("Ngày ký:", f"{local(at):%H:%M:%S %d/%m/%Y}"),
    ]
    stamp = StaticStampStyle(background=_PdfBytes(_block_pdf(lines, width, height)), border_width=0)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=signer.unit.name,
        name=signer.common_name,
    )
    stamper = timestamper()
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer.signer,
        timestamper=stamper,
        stamp_style=stamp,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=placement.page, box=placement.box),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    output = pdf_signer.sign_pdf(writer)
    return output.getvalue(), stamper is not None
