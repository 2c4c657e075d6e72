"""The demo PKI: a root CA and a signing certificate for every agency of the demo province,
all marked "DEMO — NOT FOR REAL USE" (docs/signatures.md).

Generated, not committed: `manage.py load_demo` (and the test session) call `load_demo_pki`,
which writes the files into a directory (var/demo-pki/ by default, never in git: a private
key in a repository is copied everywhere and trains people to ignore that) and records the
`TrustedRoot` and `AgencyCertificate` rows. Running it again reuses what is there.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from motcua.accounts.models import OrgUnit, OrgUnitKind
from motcua.documents.models import AgencyCertificate, TrustedRoot
from motcua.documents.signing import pki

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
