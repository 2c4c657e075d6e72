import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.validators import (
    validate_id_number,
    validate_office_hours,
    validate_phone,
    validate_unit_identifier,
)


@pytest.mark.parametrize("value", ["000.00.53.H48", "000.01.31.H13", "123.45.67.G01"])
def test_unit_identifier_accepts_qcvn_102_form(value):
    validate_unit_identifier(value)


@pytest.mark.parametrize(
    "value", ["", "000.00.53", "000.00.53.h48", "0000.00.53.H48", "000-00-53-H48"]
)
def test_unit_identifier_refuses_other_forms(value):
    with pytest.raises(ValidationError, match="QCVN 102:2016"):
        validate_unit_identifier(value)


@pytest.mark.parametrize("value", ["004095001234", "001203000001", "096099999999"])
def test_id_number_accepts_twelve_digits_with_province_code(value):
    validate_id_number(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12345678901", "exactly 12 digits"),
        ("1234567890123", "exactly 12 digits"),
        ("00409500123a", "exactly 12 digits"),
        ("097095001234", "not a province code"),
        ("000095001234", "not a province code"),
        ("104095001234", "exactly 12 digits"),
    ],
)
def test_id_number_refuses_bad_values_with_a_reason(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_id_number(value)


@pytest.mark.parametrize("value", ["0912345678", "+84912345678"])
def test_phone_accepts_vietnamese_numbers(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["912345678", "09123456789", "+8491234567", "abc"])
def test_phone_refuses_other_values(value):
    with pytest.raises(ValidationError):
        validate_phone(value)


def test_office_hours_must_parse():
    validate_office_hours("07:00-11:00,13:00-17:00")
    with pytest.raises(ValidationError):
        validate_office_hours("13:30-11:30")
