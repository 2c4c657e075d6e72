"""What workbook cells may hold: the words of the format and the parsers of values.

The words ("Tỉnh", "Có", "giờ làm việc", "Toàn trình") are the file format provinces use, the
same whatever the interface language, so they are constants here rather than translations; the
first word of each list is the one the export writes. Parsers raise BadCellError with a
translatable message; motcua.catalog.spreadsheet turns it into an Issue at the cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from motcua.accounts.models import Role
from motcua.catalog.models import LimitUnit, OnlineLevel
from motcua.catalog.transfer.processes import AllotmentUnit, JointMode, StepKind
from motcua.core.text import fold

# --- Vocabulary: what cells may say, first the word the export writes ---------------------------

LEVELS = {(True, False): "Tỉnh", (False, True): "Xã", (True, True): "Tỉnh, Xã"}
LEVEL_WORDS = {
    "tinh": "province",
    "cap tinh": "province",
    "province": "province",
    "xa": "commune",
    "cap xa": "commune",
    "phuong": "commune",
    "dac khu": "commune",
    "commune": "commune",
}
ONLINE_LEVELS: dict[str, str] = {
    OnlineLevel.FULL: "Toàn trình",
    OnlineLevel.PARTIAL: "Một phần",
    OnlineLevel.NONE: "Không",
}
LIMIT_UNITS: dict[str, str] = {
    LimitUnit.WORKING_DAYS: "ngày làm việc",
    LimitUnit.WORKING_HOURS: "giờ làm việc",
    LimitUnit.CALENDAR_DAYS: "ngày",
    LimitUnit.SAME_DAY: "trong ngày",
}
ALLOTMENT_UNITS: dict[str, str] = {
    AllotmentUnit.WORKING_HOURS: "giờ làm việc",
    AllotmentUnit.WORKING_DAYS: "ngày làm việc",
}
KINDS: dict[str, str] = {
    StepKind.STANDARD: "Thường",
    StepKind.CONSULTATION: "Xin ý kiến",
    StepKind.JOINT: "Liên thông",
}
JOINT_MODES: dict[str, str] = {JointMode.SEQUENTIAL: "Tuần tự", JointMode.PARALLEL: "Song song"}
YES, NO = "Có", "Không"
YES_WORDS = {"co", "x", "yes", "true", "1"}
NO_WORDS = {"khong", "no", "false", "0", "-"}
FREE_WORDS = {"khong", "mien phi", "khong thu", "khong co", "-"}  # fee cells meaning 0


def role_labels() -> dict[str, str]:
    """Return each role's Vietnamese label (the translation catalogue's), by code."""
    with translation.override("vi"):
        return {str(code): str(label) for code, label in Role.choices}


class BadCellError(Exception):
    """A cell whose value cannot be read; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _shown(value: Any) -> str:
    return str(value).strip()


def parse_text(value: Any) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def text_up_to(length: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = parse_text(value)
        if len(text) > length:
            raise BadCellError(
                _("At most %(count)s characters, not %(length)s.")
                % {"count": length, "length": len(text)}
            )
        return text

    return parse


def parse_code(value: Any) -> str:
    # A code typed into a number cell: 1.001190 arrives as the float 1.00119.
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.6f}"
    return parse_text(value)


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 < value < 2958466:
        moment = from_excel(value)
        return moment.date() if isinstance(moment, datetime) else moment
    text = _shown(value)
    dmy, iso = _DMY.match(text), _ISO.match(text)
    try:
        if dmy:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        pass
    raise BadCellError(_("%(value)s is not a date (dd/mm/yyyy).") % {"value": text})


def parse_decimal(value: Any) -> Decimal:
    """Read a number; a decimal comma ("0,25", Vietnamese usage) is accepted."""
    if isinstance(value, bool):
        raise BadCellError(_("%(value)s is not a number.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = _shown(value).replace(" ", "").replace("\u00a0", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise BadCellError(_("%(value)s is not a number.") % {"value": _shown(value)}) from None
    if not number.is_finite():
        raise BadCellError(_("%(value)s is not a number.") % {"value": _shown(value)})
    if number < 0:
        raise BadCellError(_("The value cannot be negative."))
    return number


def parse_integer(value: Any) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise BadCellError(_("%(value)s is not a whole number.") % {"value": _shown(value)})
    return int(number)


def parse_fee(value: Any) -> int:
    """Read an amount in đồng: "50.000", "50 000 đồng", "Miễn phí" (0)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return parse_integer(value)
    text = fold(_shown(value))
    if text in FREE_WORDS:
        return 0
    digits = re.sub(r"[.,\s]", "", re.sub(r"(dong|vnd|d)$", "", text))
    if not digits.isdigit():
        raise BadCellError(_("%(value)s is not an amount in đồng.") % {"value": _shown(value)})
    return int(digits)


_CLOCK = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})?$")


def parse_time(value: Any) -> time:
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, float) and 0 <= value < 1:  # a fraction of a day
        seconds = round(value * 86400)
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    match = _CLOCK.match(_shown(value))
    if match and int(match[1]) < 24 and int(match[2] or 0) < 60:
        return time(int(match[1]), int(match[2] or 0))
    raise BadCellError(_("%(value)s is not a time of day (hh:mm).") % {"value": _shown(value)})


def parse_yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = fold(parse_text(value))
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise BadCellError(
        _("%(value)s is not one of: %(choices)s.") % {"value": value, "choices": f"{YES}, {NO}"}
    )


def choice_parser(labels: dict[Any, str], *synonyms: tuple[str, str]) -> Callable[[Any], str]:
    """Return a parser accepting each label, each code and the synonyms, case and marks aside."""
    lookup = {fold(label): str(code) for code, label in labels.items()}
    lookup.update((fold(str(code).replace("_", " ")), str(code)) for code in labels)
    lookup.update((fold(str(code)), str(code)) for code in labels)
    lookup.update((fold(word), code) for word, code in synonyms)

    def parse(value: Any) -> str:
        found = lookup.get(fold(parse_text(value)))
        if found is None:
            raise BadCellError(
                _("%(value)s is not one of: %(choices)s.")
                % {"value": parse_text(value), "choices": ", ".join(labels.values())}
            )
        return found

    return parse


def parse_level(value: Any) -> tuple[bool, bool]:
    parts = [fold(part) for part in re.split(r"[,;/+]| và ", parse_text(value)) if part.strip()]
    levels = {LEVEL_WORDS.get(part) for part in parts}
    if not parts or None in levels:
        raise BadCellError(
            _("%(value)s is not one of: %(choices)s.")
            % {"value": parse_text(value), "choices": "; ".join(LEVELS.values())}
        )
    return ("province" in levels, "commune" in levels)
