"""Validators for identifiers people type: unit identifiers, citizen ID numbers, phones."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.deadlines.calendar import OfficeHours

# QCVN 102:2016 (TT 10/2016/TT-BTTTT): V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.53.H48.
UNIT_IDENTIFIER_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
# Citizen ID (số định danh cá nhân, Decree 137/2015 Art. 7): 12 digits; the first three are the
# code of the province of birth registration (001-096), the fourth the century and sex.
ID_NUMBER_RE = re.compile(r"^(0\d{2})(\d)(\d{2})(\d{6})$")
PHONE_RE = re.compile(r"^(?:\+84|0)\d{9}$")


def validate_unit_identifier(value: str) -> None:
    """Refuse a unit identifier that is not in the QCVN 102:2016 form `000.00.53.H48`."""
    if not UNIT_IDENTIFIER_RE.match(value):
        raise ValidationError(
            _(
                "The identifier %(value)s is not in the QCVN 102:2016 form "
                "(three digits, two, two, then a letter and two digits, e.g. 000.00.53.H48)."
            ),
            code="invalid_identifier",
            params={"value": value},
        )


def validate_id_number(value: str) -> None:
    """Refuse a citizen ID number that is not 12 digits with a valid province code (001-096)."""
    match = ID_NUMBER_RE.match(value)
    if not match:
        raise ValidationError(
            _("The ID number must have exactly 12 digits."), code="invalid_id_number"
        )
    province = int(match.group(1))
    if not 1 <= province <= 96:
        raise ValidationError(
            _("The ID number starts with %(code)s, which is not a province code (001-096)."),
            code="invalid_id_number",
            params={"code": match.group(1)},
        )


def validate_phone(value: str) -> None:
    """Refuse a phone number that is not a Vietnamese number (0 or +84 then 9 digits)."""
    if not PHONE_RE.match(value):
        raise ValidationError(
            _("The phone number must be 10 digits starting with 0, or +84 and 9 digits."),
            code="invalid_phone",
        )


def validate_office_hours(value: str) -> None:
    """Refuse office hours that the deadline engine cannot use."""
    try:
        OfficeHours.parse(value)
    except ValueError as exc:
        raise ValidationError(str(exc), code="invalid_office_hours") from exc
