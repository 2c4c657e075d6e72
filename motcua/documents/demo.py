"""The demo PKI: a root CA and a signing certificate for every agency of the demo province,
all marked "DEMO — NOT FOR REAL USE" (docs/signatures.md).

Generated, not committed: `manage.py load_demo` (and the test session) call `load_demo_pki`,
which writes the files into a directory (var/demo-pki/ by default, never in git: a private
key in a repository is copied everywhere and trains people to ignore that) and records the
`TrustedRoot` and `AgencyCertificate` rows. Running it again reuses what is there.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.files.base import ContentFile
from django.db import transaction

from motcua.accounts.models import OrgUnit, OrgUnitKind, User
from motcua.documents.models import AgencyCertificate, Result, Source, TrustedRoot
from motcua.documents.signing import pki
from motcua.dossiers.models import Dossier

DEMO_SINCE = datetime(2025, 7, 1, tzinfo=UTC)  # the demo province's start (accounts.demo)
# Agencies that sign results; offices and centres sign with their parent's certificate.
SIGNING_KINDS = (
    OrgUnitKind.PROVINCE,
    OrgUnitKind.DEPARTMENT,
    OrgUnitKind.DISTRICT,
    OrgUnitKind.COMMUNE,
)
ROOT_NAME = f"motcua Demo Root CA — {pki.DEMO_MARK}"


@dataclass(frozen=True)
class DemoPki:
    directory: Path
    root_pem: Path
    agencies: int


def _root(directory: Path) -> pki.Issued:
    certificate_path, key_path = directory / "root-ca.pem", directory / "root-ca.key"
    if certificate_path.is_file() and key_path.is_file():
        certificate = x509.load_pem_x509_certificate(certificate_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return pki.Issued(certificate, key)  # type: ignore[arg-type]
    root = pki.make_root(common_name=ROOT_NAME, organisation=pki.DEMO_MARK, not_before=DEMO_SINCE)
    certificate_path.write_bytes(root.pem)
    key_path.write_bytes(
        root.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return root


def load_demo_pki(*, directory: Path) -> DemoPki:
    """Create (or reuse) the demo root and one certificate per signing agency, and configure
    them: the root trusted, each agency's PKCS#12 and password file recorded."""
    directory.mkdir(parents=True, exist_ok=True)
    root = _root(directory)
    password_file = directory / "pkcs12-password"
    if not password_file.is_file():
        password_file.write_text(secrets.token_urlsafe(24))
        password_file.chmod(0o600)
    password = password_file.read_text().strip().encode()
    TrustedRoot.objects.get_or_create(
        name=ROOT_NAME, defaults={"certificate_pem": root.pem.decode(), "is_demo": True}
    )
    TrustedRoot.objects.filter(name=ROOT_NAME).update(certificate_pem=root.pem.decode())
    # A unit with a real (non-demo) certificate keeps it; demo rows follow `directory`.
    configured = {
        config.unit_id: config for config in AgencyCertificate.objects.filter(active=True)
    }
    count = 0
    for unit in OrgUnit.objects.filter(kind__in=SIGNING_KINDS).order_by("pk"):
        path = directory / f"{unit.identifier}.p12"
        if not path.is_file():
            issued = pki.issue(
                ca=root,
                common_name=unit.name,
                organisation=pki.DEMO_MARK,
                not_before=DEMO_SINCE,
                days=3650,
                elliptic=True,
            )
            path.write_bytes(
                issued.pkcs12(password=password, chain=[root.certificate], name=unit.identifier)
            )
            path.chmod(0o600)
        existing = configured.get(unit.pk)
        if existing is not None and existing.note == pki.DEMO_MARK:
            existing.pkcs12_path, existing.password_file = str(path), str(password_file)
            existing.save(update_fields=["pkcs12_path", "password_file"])
        elif existing is None:
            AgencyCertificate.objects.create(
                unit=unit,
                pkcs12_path=str(path),
                password_file=str(password_file),
                note=pki.DEMO_MARK,
            )
        count += 1
    return DemoPki(directory=directory, root_pem=directory / "root-ca.pem", agencies=count)


DEMO_RESULT_TOKEN = "demo-result-1"  # noqa: S105 -- an idempotency token, not a secret


@transaction.atomic
def load_demo_result(*, public_url: str) -> Result | None:
    """Create one demo dossier at Thục Phán ward with a signed electronic result (its first
    component digitised at the counter), unless it exists; return the result or None.

    Needs the demo catalogue, processes and PKI. `public_url` is the site's address, printed
    in the result's QR code (`MOTCUA_PUBLIC_URL`).
    """
    from motcua.documents import services as document_services
    from motcua.dossiers import services
    from motcua.dossiers.demo import _intake

    if Dossier.objects.filter(client_token=DEMO_RESULT_TOKEN).exists():
        return None
    people = {user.username: user for user in User.objects.filter(username__startswith="thucphan.")}
    counter = people["thucphan.motcua"]
    intake = _intake(DEMO_RESULT_TOKEN, "Đàm Thị Phương", "004196005678", "0913579246")
    dossier = services.dossier_receive_at_counter(actor=counter, intake=intake)
    document_services.component_digitise(
        actor=counter,
        dossier=dossier,
        component=dossier.components.all()[0],
        files=[ContentFile(_demo_scan(), name="don-de-nghi.pdf")],
        source=Source.SCANNED,
        metadata=document_services.DocumentMetadata(document_type="Đơn đề nghị"),
    )
    for service, username in (
        (services.dossier_forward, "thucphan.motcua"),
        (services.dossier_take, "thucphan.chuyenvien"),
        (services.dossier_complete_step, "thucphan.chuyenvien"),
        (services.dossier_approve, "thucphan.truongphong"),
        (services.dossier_sign, "thucphan.lanhdao"),
    ):
        dossier = service(actor=people[username], dossier=dossier, revision=dossier.revision)
    base = public_url.rstrip("/")
    return document_services.result_issue(
        actor=people["thucphan.vanthu"],
        dossier=dossier,
        revision=dossier.revision,
        verify_url=lambda code: f"{base}/xac-thuc/?{urlencode({'ma': code})}",
        body=(
            "Chấp thuận đăng ký cai nghiện ma túy tự nguyện tại gia đình, cộng đồng cho bà "
            "Đàm Thị Phương. Thời gian cai nghiện: 06 tháng kể từ ngày ký."
        ),
    )


def _demo_scan() -> bytes:
    """A one-page stand-in for a scanned application form."""
    from reportlab.pdfgen.canvas import Canvas

    from motcua.documents.forms.layout import REGULAR, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    canvas.setFont(REGULAR, 14)
    canvas.drawString(72, 760, "ĐƠN ĐỀ NGHỊ CAI NGHIỆN MA TÚY TỰ NGUYỆN (bản quét dùng thử)")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
