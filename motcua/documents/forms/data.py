"""The input of forms 01-07 (TT 03/2025/TT-VPCP Annex I): frozen dataclasses of plain values.

The renderer knows nothing of the database: `motcua.dossiers` (or anything else) builds these
from its rows and calls `motcua.documents.forms.render`. Text is printed as given (normalised to
NFC), so pass it in the form it must appear on paper: the procedure's published name, the
applicant's name as on their identity card. Datetimes must be aware; they are printed in Vietnam
time. An empty string prints as a dotted blank for the officer to fill in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Header:
    """The issuing unit's block (top left) and the date line under the national motto.

    `authority_name` is the governing authority (*cơ quan chủ quản*, "UBND phường Thục Phán"),
    `unit_name` the unit that issues the form ("Trung tâm Phục vụ hành chính công phường Thục
    Phán"); both are printed in capitals. `place_name` and `issued_on` make the date line
    ("Thục Phán, ngày 23 tháng 11 năm 2026"). `number` is the document number ("Số: ...") where
    the unit numbers its outgoing papers; empty prints no number line.
    """

    authority_name: str
    unit_name: str
    place_name: str
    issued_on: date
    number: str = ""


@dataclass(frozen=True)
class Applicant:
    """The person or organisation who submitted the dossier."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ReceivedDocument:
    """One document of the dossier as received: how many originals and copies of each kind."""

    name: str
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0


@dataclass(frozen=True)
class ReceiptForm:
    """Form 01, *Giấy tiếp nhận hồ sơ và hẹn trả kết quả* (NĐ 61/2018 Art. 17).

    `time_limit_text` is the legal time limit as the catalogue states it ("03 ngày làm việc");
    `due_at` is the appointment computed by `motcua.deadlines`. `lookup_url` is the public page
    of the dossier: it must contain `dossier_code` (the QR code encodes it, and the printed
    code under the QR lets a person type it instead).
    """

    header: Header
    dossier_code: str
    applicant: Applicant
    procedure_name: str
    documents: tuple[ReceivedDocument, ...]
    time_limit_text: str
    received_at: datetime
    due_at: datetime
    return_place: str
    register_number: str
    officer_name: str
    lookup_url: str
    sets_count: int = 1
    register_book: str = ""

    def __post_init__(self) -> None:
        if self.dossier_code not in self.lookup_url:
            raise ValueError("The lookup URL of form 01 must contain the dossier code.")


@dataclass(frozen=True)
class SupplementItem:
    """One missing or wrong item of a dossier and why it must be supplied or corrected."""

    item: str
    reason: str


@dataclass(frozen=True)
class SupplementRequestForm:
    """Form 02, *Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ*: everything missing, asked once.

    `dossier_code` is empty at the counter (the dossier is not received yet) and set when the
    handling agency asks after appraisal (NĐ 61/2018 Art. 19(4)). `contact_name` and
    `contact_phone` are whom the applicant may ask for guidance.
    """

    header: Header
    applicant: Applicant
    procedure_name: str
    items: tuple[SupplementItem, ...]
    contact_name: str
    contact_phone: str
    officer_name: str
    dossier_code: str = ""


@dataclass(frozen=True)
class RefusalForm:
    """Form 03, *Phiếu từ chối tiếp nhận giải quyết hồ sơ*: refusal at intake, with reasons."""

    header: Header
    applicant: Applicant
    procedure_name: str
    reasons: tuple[str, ...]
    officer_name: str


@dataclass(frozen=True)
class ApologyForm:
    """Form 04, *Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết* (NĐ 61 Art. 19(9)).

    Sent by the handling agency at the latest one working day before `due_at`; `new_due_at` is
    the one new appointment allowed. `addressee` is printed after "Kính gửi:" as given
    ("Bà Nguyễn Thị Hồng Nhung"). `signer_title` is the head's title in capitals ("CHỦ TỊCH").
    """

    header: Header
    addressee: str
    dossier_code: str
    procedure_name: str
    received_at: datetime
    due_at: datetime
    reason: str
    new_due_at: datetime
    signer_name: str
    signer_title: str = "THỦ TRƯỞNG CƠ QUAN"


@dataclass(frozen=True)
class StopNoticeForm:
    """Form 05, *Thông báo dừng giải quyết hồ sơ*: the dossier, and why processing stops."""

    header: Header
    addressee: str
    dossier_code: str
    procedure_name: str
    received_at: datetime
    reason: str
    signer_name: str
    signer_title: str = "THỦ TRƯỞNG CƠ QUAN"


@dataclass(frozen=True)
class HandOver:
    """One hand-over of the dossier between units (one row of form 06).

    `received_at` is None while the receiving side has not confirmed. `result` is the outcome of
    the giving side's step as recorded ("Trước hạn", "Đúng hạn", "Quá hạn").
    """

    from_unit: str
    from_person: str
    to_unit: str
    to_person: str
    given_at: datetime
    received_at: datetime | None = None
    result: str = ""
    note: str = ""


@dataclass(frozen=True)
class ControlSlipForm:
    """Form 06, *Phiếu kiểm soát quá trình giải quyết hồ sơ*: one row per hand-over, in order."""

    header: Header
    dossier_code: str
    applicant_name: str
    procedure_name: str
    handling_unit: str
    hand_overs: tuple[HandOver, ...]
    coordinating_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegisterRow:
    """One dossier in the register. `number` restarts at 1 each year (printed "01", "02", ...)."""

    number: int
    dossier_code: str
    applicant_name: str
    procedure_name: str
    received_at: datetime
    due_at: datetime | None = None
    returned_at: datetime | None = None
    notes: str = ""


@dataclass(frozen=True)
class RegisterForm:
    """Form 07, *Sổ theo dõi hồ sơ* (A4 landscape): the dossiers of a period, in number order."""

    header: Header
    period_start: date
    period_end: date
    rows: tuple[RegisterRow, ...] = ()


Form = (
    ReceiptForm
    | SupplementRequestForm
    | RefusalForm
    | ApologyForm
    | StopNoticeForm
    | ControlSlipForm
    | RegisterForm
)
