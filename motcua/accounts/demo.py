"""The demo province and the named personas: shared by `load_demo` and the test suite.

Each persona says what it may see; the tests in accounts/tests and api/tests rely on these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import Membership, OrgUnit, Role, User, UserKind
from motcua.accounts.services import (
    ImportReport,
    membership_grant,
    org_units_import,
    user_create_citizen,
    user_create_staff,
)

DEMO_UNITS_FILE = Path(__file__).parent / "demo" / "cao_bang_units.json"
DEMO_PASSWORD = "motcua-demo"  # noqa: S105 -- published demo credential, printed by `make run`
# One TOTP secret for every demo staff account, so one authenticator entry serves all; published
# on purpose (docs/demo.md): demo accounts must never exist on a real deployment.
DEMO_TOTP_KEY = "6d6f746375612d64656d6f2d6b65792d32303236"
DEMO_SINCE = date(2025, 7, 1)

PROVINCE = "000.00.00.H13"
PROVINCE_OFFICE = "000.00.01.H13"
PROVINCE_CENTRE = "000.01.01.H13"
HEALTH_DEPARTMENT = "000.00.02.H13"
SOCIAL_PROTECTION_OFFICE = "000.01.02.H13"
THUC_PHAN = "000.00.31.H13"
THUC_PHAN_CENTRE = "000.01.31.H13"
HOA_AN = "000.00.34.H13"
HOA_AN_CENTRE = "000.01.34.H13"


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    unit: str | None
    role: str | None
    sees: str


PERSONAS = (
    Persona(
        "admin",
        "Quản trị hệ thống",
        PROVINCE,
        Role.ADMINISTRATOR,
        "everything (superuser; administrator of the province)",
    ),
    Persona(
        "tinh.giamsat",
        "Nông Thị Giám Sát",
        PROVINCE_OFFICE,
        Role.SUPERVISOR,
        "the provincial office and its subtree (the provincial service centre)",
    ),
    Persona(
        "tinh.tonghop",
        "Hoàng Văn Tổng Hợp",
        PROVINCE,
        Role.SUPERVISOR,
        "the whole province: every department and commune",
    ),
    Persona(
        "tinh.motcua",
        "Lục Thị Tiếp Nhận",
        PROVINCE_CENTRE,
        Role.ONE_STOP_OFFICER,
        "the provincial service centre only",
    ),
    Persona(
        "soyte.chuyenvien",
        "Bế Văn Thẩm Định",
        SOCIAL_PROTECTION_OFFICE,
        Role.SPECIALIST,
        "the social protection office of the health department only",
    ),
    Persona(
        "soyte.truongphong",
        "Đàm Thị Phòng",
        SOCIAL_PROTECTION_OFFICE,
        Role.OFFICE_LEADER,
        "the social protection office of the health department only",
    ),
    Persona(
        "soyte.giamdoc",
        "Hà Văn Giám Đốc",
        HEALTH_DEPARTMENT,
        Role.AGENCY_LEADER,
        "the health department only",
    ),
    Persona(
        "thucphan.motcua",
        "Nguyễn Thị Một Cửa",
        THUC_PHAN_CENTRE,
        Role.ONE_STOP_OFFICER,
        "the service centre of Thục Phán ward only",
    ),
    Persona(
        "thucphan.chuyenvien",
        "Trần Văn Chuyên",
        THUC_PHAN,
        Role.SPECIALIST,
        "Thục Phán ward's People's Committee only",
    ),
    Persona(
        "thucphan.lanhdao",
        "Lê Văn Lãnh Đạo",
        THUC_PHAN,
        Role.AGENCY_LEADER,
        "Thục Phán ward's People's Committee only",
    ),
    Persona(
        "thucphan.truongphong",
        "Hoàng Văn Trưởng",
        THUC_PHAN,
        Role.OFFICE_LEADER,
        "Thục Phán ward's People's Committee only",
    ),
    Persona(
        "thucphan.vanthu",
        "Phạm Thị Văn Thư",
        THUC_PHAN,
        Role.CLERK,
        "Thục Phán ward's People's Committee only",
    ),
    Persona(
        "thucphan.quantri",
        "Vi Văn Quản Trị",
        THUC_PHAN,
        Role.ADMINISTRATOR,
        "Thục Phán ward and its service centre (administrator of the ward)",
    ),
    Persona(
        "hoaan.motcua",
        "Đinh Thị Hòa",
        HOA_AN_CENTRE,
        Role.ONE_STOP_OFFICER,
        "the service centre of Hòa An commune only: nothing of Thục Phán",
    ),
    Persona(
        "congdan",
        "Nguyễn Văn Công Dân",
        None,
        None,
        "no unit; their own dossiers and documents (citizen portal)",
    ),
)
CITIZEN_ID_NUMBER = "004095001234"  # 004: Cao Bằng's code in the citizen ID (Decree 137/2015)


def _ensure_user(persona: Persona) -> User:
    user = User.objects.filter(username=persona.username).first()
    if user is not None:
        return user
    if persona.unit is None:
        return user_create_citizen(
            username=persona.username,
            password=DEMO_PASSWORD,
            full_name=persona.full_name,
            id_number=CITIZEN_ID_NUMBER,
            email=f"{persona.username}@example.vn",
            phone="0912345678",
        )
    user = user_create_staff(
        actor=None,
        username=persona.username,
        password=DEMO_PASSWORD,
        full_name=persona.full_name,
        email=f"{persona.username}@example.vn",
    )
    if persona.username == "admin":
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    return user


@transaction.atomic
def load_demo(*, with_totp: bool = True) -> ImportReport:
    """Load the demo province and personas; running it again changes nothing."""
    import json

    records = json.loads(DEMO_UNITS_FILE.read_text(encoding="utf-8"))["units"]
    report = org_units_import(records=records)
    if report.errors:
        return report
    units = {unit.identifier: unit for unit in OrgUnit.objects.all()}
    for persona in PERSONAS:
        user = _ensure_user(persona)
        if persona.unit is not None and persona.role is not None:
            unit = units[persona.unit]
            if not Membership.objects.filter(
                user=user, unit=unit, role=persona.role, valid_until__isnull=True
            ).exists():
                membership_grant(
                    actor=None, user=user, unit=unit, role=persona.role, valid_from=DEMO_SINCE
                )
        if with_totp and user.kind == UserKind.STAFF:
            TOTPDevice.objects.get_or_create(
                user=user,
                name="Demo authenticator",
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
            )
    return report
