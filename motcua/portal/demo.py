"""The demo citizen's portal: a document in their store and an online application awaiting
intake at Thục Phán's centre (in the one-stop officer's intake queue). Idempotent.

The stored document is a one-page PDF made here and marked as a demo document.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.db import transaction
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen import canvas

from motcua.accounts.demo import THUC_PHAN_CENTRE
from motcua.accounts.models import OrgUnit, User
from motcua.catalog.selectors import procedure_get_by_code
from motcua.portal import services
from motcua.portal.models import ApplicationDraft, StoredDocument

ONLINE = "1.012994"  # fully online, with a process at every commune centre
CLIENT_TOKEN = "demo-portal-1"  # noqa: S105 -- the demo application's idempotency key, no secret


def _demo_pdf(title: str) -> ContentFile[bytes]:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A5)
    page.setTitle(title)
    page.drawString(40, 500, "DEMO DOCUMENT - motcua")  # ASCII: the built-in font
    page.drawString(40, 480, "Not a real document.")
    page.showPage()
    page.save()
    return ContentFile(buffer.getvalue(), name="demo.pdf")


@transaction.atomic
def load_demo_portal() -> int:
    """Give the demo citizen `congdan` a stored document and one submitted online application;
    return how many things were created."""
    citizen = User.objects.filter(username="congdan").first()
    if citizen is None:
        return 0
    created = 0
    plan = "Phương án bồi thường, hỗ trợ, tái định cư đã được phê duyệt"
    stored = StoredDocument.objects.filter(user=citizen, name=plan).first()
    if stored is None:
        stored = services.stored_document_add(user=citizen, name=plan, file=_demo_pdf(plan))
        created += 1
    if not ApplicationDraft.objects.filter(
        user=citizen, dossier__client_token=CLIENT_TOKEN
    ).exists():
        draft = services.draft_start(user=citizen, version=procedure_get_by_code(code=ONLINE))
        services.draft_save(
            user=citizen,
            draft=draft,
            details=services.DraftDetails(
                receiving_unit=OrgUnit.objects.get(identifier=THUC_PHAN_CENTRE),
                return_method="online",
                applicant_address="Tổ 2, phường Thục Phán, tỉnh Cao Bằng",
                applicant_phone=citizen.phone,
                applicant_email=citizen.email,
            ),
        )
        request = "Văn bản đề nghị khấu trừ kinh phí bồi thường (bản chính)"
        services.draft_attach(user=citizen, draft=draft, position=1, file=_demo_pdf(request))
        services.draft_attach(user=citizen, draft=draft, position=2, stored=stored)
        services.draft_submit(user=citizen, draft=draft, declared=True, client_token=CLIENT_TOKEN)
        created += 1
    return created
