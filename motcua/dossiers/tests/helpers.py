"""Build dossiers in the demo province through the services (style.md: never raw rows)."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from motcua.accounts.demo import THUC_PHAN_CENTRE
from motcua.accounts.models import OrgUnit, User
from motcua.catalog.selectors import procedure_get_by_code
from motcua.dossiers import services
from motcua.dossiers.models import Dossier

# Voluntary drug rehabilitation (3 working days) with the Vĩnh Long process at every commune
# centre: one-stop -> specialist -> office leader -> agency leader -> clerk -> one-stop.
REHAB = "3.000527"
ID_NUMBER = "001203004567"


def at(*args: int) -> time_machine.travel:
    """Travel to a Vietnam wall-clock time (UTC+7), frozen."""
    year, month, day, hour, minute = (*args, 0)[:5]
    moment = datetime(year, month, day, hour - 7, minute, tzinfo=UTC)
    return time_machine.travel(moment, tick=False)


def intake(
    *,
    code: str = REHAB,
    unit: str = THUC_PHAN_CENTRE,
    channel: str = "counter",
    token: str | None = None,
    **applicant: str,
) -> services.Intake:
    version = procedure_get_by_code(code=code)
    documents = list(version.documents.all())
    return services.Intake(
        unit=OrgUnit.objects.get(identifier=unit),
        version=version,
        applicant=services.Applicant(
            kind=applicant.get("kind", "individual"),
            name=applicant.get("name", "Nguyễn Thị Hồng Nhung"),
            id_number=applicant.get("id_number", ID_NUMBER),
            address="Tổ 5, phường Thục Phán, tỉnh Cao Bằng",
            phone=applicant.get("phone", "0912345678"),
        ),
        channel=channel,
        components=tuple(
            services.Component(name=document.name, required_position=document.position, originals=1)
            for document in documents
        ),
        client_token=token,
    )


def receive(officer: User, **kwargs: str) -> Dossier:
    return services.dossier_receive_at_counter(actor=officer, intake=intake(**kwargs))


def fresh(dossier: Dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)
