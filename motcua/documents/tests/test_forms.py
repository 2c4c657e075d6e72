"""Forms 01-07 render as real PDFs with exact Vietnamese text (docs/forms.md). No database."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import time
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pypdf
import pytest
import segno
import zxingcpp
from pypdf.generic import DictionaryObject

from motcua.documents.forms import Applicant, HandOver, render, samples
from motcua.documents.forms.layout import date_line, date_words, moment_words
from motcua.documents.forms.receipt import QR_BORDER, QR_SCALE

A5 = (419.53, 595.28)  # points, portrait
A4_LANDSCAPE = (841.89, 595.28)

# Form, the title as printed, and strings its sample must show exactly.
EXPECTED = {
    "form-01": ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", ["Nguyễn Thị Hồng Nhung", samples.CODE]),
    "form-02": ("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", ["Giấy đã nộp được cấp quá 06 tháng"]),
    "form-03": ("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", ["Bên nam chưa đủ 20 tuổi"]),
    "form-04": (
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        ["16 giờ 00 phút, ngày 01 tháng 12 năm 2026", samples.CODE, "Đàm Văn Lực"],
    ),
    "form-05": ("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", ["Theo đơn đề nghị dừng", samples.CODE]),
    "form-06": (
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        [samples.CODE, "Người nhận: Nông Văn Dũng", "Trình ký Giấy chứng nhận kết hôn"],
    ),
    "form-07": ("SỔ THEO DÕI HỒ SƠ", ["Từ ngày 01/11/2026 đến ngày 30/11/2026"]),
}


def pdf_text(pdf: bytes) -> str:
    """Return the text of every page, whitespace collapsed (a title may wrap onto two lines)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def page_sizes(pdf: bytes) -> set[tuple[float, float]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {
        (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
        for page in reader.pages
    }


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {name: render(form) for name, form in samples.all_samples().items()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_form_renders_its_title_and_data_exactly(rendered, name):
    pdf = rendered[name]
    title, strings = EXPECTED[name]
    text = pdf_text(pdf)

    assert pdf.startswith(b"%PDF-")
    assert unicodedata.is_normalized("NFC", text)
    assert title in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    for expected in strings:
        assert expected in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_size_is_a5_portrait_except_the_register_in_a4_landscape(rendered, name):
    expected = A4_LANDSCAPE if name == "form-07" else A5
    assert page_sizes(rendered[name]) == {expected}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_only_the_bundled_font_is_used_embedded_and_subset(rendered, name):
    reader = pypdf.PdfReader(io.BytesIO(rendered[name]))
    fonts = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        font_dict = resources["/Font"].get_object()
        assert isinstance(font_dict, DictionaryObject)
        for reference in font_dict.values():
            font = reference.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for base_font, font in fonts.items():
        # "AAAAAA+LiberationSerif-Bold": a subset; a base-14 font (Helvetica) would have no file.
        assert "+LiberationSerif" in base_font
        assert "/FontFile2" in font["/FontDescriptor"]
        assert "/ToUnicode" in font


def test_one_page_forms_carry_no_page_number(rendered):
    assert "Trang" not in pdf_text(rendered["form-01"])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_poppler_extracts_the_same_vietnamese_text(rendered):
    # poppler is what most Linux viewers and print pipelines use: a second, independent reader.
    for name, (title, strings) in EXPECTED.items():
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607
            input=rendered[name],
            capture_output=True,
            check=True,
        )
        text = " ".join(result.stdout.decode().split())
        assert title in text, name
        for expected in strings:
            assert expected in text, name


def test_decomposed_input_is_printed_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    assert decomposed != "Nguyễn Thị Hồng Nhung"
    form = dataclasses.replace(samples.receipt(), applicant=Applicant(name=decomposed))

    text = pdf_text(render(form))

    assert "Nguyễn Thị Hồng Nhung" in text
    assert decomposed not in text


def test_markup_characters_in_data_are_printed_not_interpreted():
    form = dataclasses.replace(
        samples.receipt(), applicant=Applicant(name="Công ty TNHH A & B <Cao Bằng>")
    )
    assert "Công ty TNHH A & B <Cao Bằng>" in pdf_text(render(form))


def qr_image(pdf: bytes):
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    (image,) = page.images
    assert image.image is not None
    return image.image.convert("L")


@pytest.mark.parametrize(
    ("form", "blank"),
    [
        (dataclasses.replace(samples.receipt(), documents=(), return_place=""), True),
        (dataclasses.replace(samples.supplement_request(), items=()), False),
        (dataclasses.replace(samples.refusal(), reasons=()), True),
        (samples.control_slip(()), False),
        (samples.register(0), False),
    ],
    ids=["01", "02", "03", "06", "07"],
)
def test_empty_tables_and_values_render_with_dotted_blanks(form, blank):
    text = pdf_text(render(form))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert ("......" in text) is blank


def test_receipt_qr_decodes_to_the_lookup_url(rendered):
    (barcode,) = zxingcpp.read_barcodes(qr_image(rendered["form-01"]))

    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    assert barcode.text == samples.LOOKUP_URL
    assert samples.CODE in barcode.text


def test_receipt_qr_is_segnos_matrix_at_the_stated_scale(rendered):
    # Independent of the decoder: read the module in the middle of each 8 x 8 pixel cell.
    image = qr_image(rendered["form-01"])
    qr = segno.make(samples.LOOKUP_URL, error="m")
    size = int(qr.symbol_size(scale=1, border=0)[0])
    assert image.size == ((size + 2 * QR_BORDER) * QR_SCALE,) * 2

    def dark(x: int, y: int) -> bool:
        def middle(module: int) -> int:
            return (QR_BORDER + module) * QR_SCALE + QR_SCALE // 2

        return image.getpixel((middle(x), middle(y))) < 128

    read = [[dark(x, y) for x in range(size)] for y in range(size)]
    assert read == [[bool(module) for module in row] for row in qr.matrix]


def test_receipt_refuses_a_lookup_url_without_the_dossier_code():
    with pytest.raises(ValueError, match="must contain the dossier code"):
        dataclasses.replace(samples.receipt(), lookup_url="https://motcua.example/tra-cuu/")


def test_naive_datetimes_are_refused():
    naive = datetime(2026, 11, 23, 8, 15)  # noqa: DTZ001 -- the point of the test
    with pytest.raises(ValueError, match="naive"):
        render(dataclasses.replace(samples.receipt(), received_at=naive))


def test_an_object_that_is_not_a_form_is_refused():
    with pytest.raises(TypeError):
        render(samples.APPLICANT)  # type: ignore[arg-type]


def test_rendering_is_reproducible(rendered):
    assert render(samples.receipt()) == rendered["form-01"]


def test_control_slip_of_dozens_of_hand_overs_breaks_with_repeated_headers():
    start = samples.at(23, 8, 0)
    hand_overs = tuple(
        HandOver(
            from_unit=f"Bộ phận số {index}",
            from_person="Nông Văn Dũng",
            to_unit=f"Bộ phận số {index + 1}",
            to_person="Hoàng Thị Thu Hà",
            given_at=start + timedelta(hours=index),
            received_at=start + timedelta(hours=index, minutes=10),
            result="Đúng hạn",
        )
        for index in range(1, 41)
    )
    pdf = render(samples.control_slip(hand_overs))
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    total = len(pages)

    assert total > 1
    assert page_sizes(pdf) == {A5}
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert "Thời gian giao, nhận hồ sơ" in text  # the header row, on every page
        assert f"Trang {number}/{total}" in text
    assert "Bộ phận số 41" in pdf_text(pdf)


def test_register_of_2500_rows_breaks_with_repeated_headers_in_reasonable_time():
    form = samples.register(2500)
    started = time.perf_counter()
    pdf = render(form)
    elapsed = time.perf_counter() - started

    # About 2 s on the 2-core CI machine; the bound leaves room for a slower run.
    assert elapsed < 20
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert total > 100
    assert page_sizes(pdf) == {A4_LANDSCAPE}
    for index in (0, 1, total // 2, total - 1):  # extracting all pages would take seconds
        text = " ".join(reader.pages[index].extract_text().split())
        assert "STT Mã hồ sơ Tên tổ chức, cá nhân" in text
        assert f"Trang {index + 1}/{total}" in text
    first = " ".join(reader.pages[0].extract_text().split())
    last = " ".join(reader.pages[-1].extract_text().split())
    assert f"01 {form.rows[0].dossier_code}" in first
    assert f"2500 {form.rows[-1].dossier_code}" in last


def test_dates_follow_the_official_spelling():
    # NĐ 30/2020 Annex I: leading zero for days below 10 and for months 1 and 2 only.
    assert date_words(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert date_words(date(2026, 3, 1)) == "ngày 01 tháng 3 năm 2026"
    assert date_words(date(2026, 11, 23)) == "ngày 23 tháng 11 năm 2026"
    assert date_line("Thục Phán", date(2026, 11, 23)) == "Thục Phán, ngày 23 tháng 11 năm 2026"


def test_times_are_printed_in_vietnam_time():
    utc = datetime(2026, 11, 23, 1, 15, tzinfo=UTC)
    assert moment_words(utc) == "08 giờ 15 phút, ngày 23 tháng 11 năm 2026"


def test_receipt_prints_the_appointment_and_time_limit(rendered):
    text = pdf_text(rendered["form-01"])
    assert "Thời gian giải quyết hồ sơ theo quy định: 03 ngày làm việc" in text
    assert "08 giờ 15 phút, ngày 26 tháng 11 năm 2026" in text
    assert "Thục Phán, ngày 23 tháng 11 năm 2026" in text
