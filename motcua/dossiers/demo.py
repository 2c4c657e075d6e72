"""A few demo dossiers at Thục Phán ward, one in each worklist, made through the services.

Loaded by `manage.py load_demo` after the catalogue and processes; idempotent (each has a client
token). They are received "now", so their appointments follow the day you load them.
"""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction

from motcua.accounts.demo import THUC_PHAN_CENTRE
from motcua.accounts.models import OrgUnit, User
from motcua.catalog.selectors import procedure_get_by_code
from motcua.dossiers import services
from motcua.dossiers.models import Dossier

REHAB = "3.000527"  # voluntary drug rehabilitation: a process in force at every commune centre

APPLICANTS = [
    ("demo-dossier-1", "Nguyễn Thị Hồng Nhung", "001203004567", "0912345678"),
    ("demo-dossier-2", "Trần Văn Bình", "004088001234", "0987654321"),
    ("demo-dossier-3", "Hoàng Thị Lan", "004190002345", "0971234567"),
    ("demo-dossier-4", "Nông Văn Dũng", "004085003456", "0966543210"),
    ("demo-dossier-5", "Lương Thị Mai", "004192004567", "0945678901"),
]


def _intake(token: str, name: str, id_number: str, phone: str) -> services.Intake:
    version = procedure_get_by_code(code=REHAB)
    return services.Intake(
        unit=OrgUnit.objects.get(identifier=THUC_PHAN_CENTRE),
        version=version,
        applicant=services.Applicant(
            kind="individual",
            name=name,
            id_number=id_number,
            address="Tổ 7, phường Thục Phán, tỉnh Cao Bằng",
            phone=phone,
        ),
        components=tuple(
            services.Component(name=doc.name, required_position=doc.position, originals=1)
            for doc in version.documents.all()
        ),
        client_token=token,
    )


@transaction.atomic
def load_demo_dossiers() -> int:
    """Create the demo dossiers that do not exist yet; return how many were created."""
    people = {
        user.username: user
        for user in User.objects.filter(
            username__in=[
                "thucphan.motcua",
                "thucphan.chuyenvien",
                "thucphan.truongphong",
                "thucphan.lanhdao",
                "thucphan.vanthu",
            ]
        )
    }
    counter, specialist = people["thucphan.motcua"], people["thucphan.chuyenvien"]
    created = 0
    for index, (token, name, id_number, phone) in enumerate(APPLICANTS, start=1):
        if Dossier.objects.filter(client_token=token).exists():
            continue
        created += 1
        intake = _intake(token, name, id_number, phone)
        if index == 3:  # arrived online: in the intake queue
            services.dossier_submit(actor=None, intake=replace(intake, channel="online"))
            continue
        dossier = services.dossier_receive_at_counter(actor=counter, intake=intake)
        if index == 2:  # received, to forward
            continue
        dossier = services.dossier_forward(
            actor=counter, dossier=dossier, revision=dossier.revision
        )
        dossier = services.dossier_take(
            actor=specialist, dossier=dossier, revision=dossier.revision
        )
        if index == 1:  # with the specialist
            continue
        steps = [
            (services.dossier_complete_step, specialist),
            (services.dossier_approve, people["thucphan.truongphong"]),
            (services.dossier_sign, people["thucphan.lanhdao"]),
            (services.dossier_issue_result, people["thucphan.vanthu"]),
        ]
        for service, actor in steps:
            dossier = service(actor=actor, dossier=dossier, revision=dossier.revision)
        if index == 5:  # handed over
            services.dossier_return_result(
                actor=counter, dossier=dossier, revision=dossier.revision
            )
    return created
