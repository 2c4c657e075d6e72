"""The test PKI (a root CA, agency certificates, a timestamping unit), made once per session,
and a fixture that installs it for Thục Phán ward (docs/signatures.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from motcua.accounts.demo import HOA_AN, THUC_PHAN
from motcua.accounts.models import OrgUnit
from motcua.documents.models import AgencyCertificate, TrustedRoot
from motcua.documents.signing import pki
from motcua.dossiers import services
from motcua.dossiers.tests.helpers import at, receive

PASSWORD = b"test-pkcs12-password"


@dataclass(frozen=True)
class TestPki:
    root: pki.Issued
    agency: pki.Issued
    tsa: pki.Issued
    directory: Path
    agency_p12: Path
    expired_p12: Path
    other_root_p12: Path  # an agency certificate of a CA nobody trusts
    password_file: Path


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory) -> TestPki:
    directory = tmp_path_factory.mktemp("pki")
    since = datetime(2025, 1, 1, tzinfo=UTC)
    root = pki.make_root(
        common_name="motcua Test Root CA", organisation="motcua tests", not_before=since
    )
    agency = pki.issue(
        ca=root,
        common_name="UBND phường Thục Phán",
        organisation="UBND tỉnh Cao Bằng",
        not_before=since,
        days=3650,
    )
    expired = pki.issue(
        ca=root,
        common_name="UBND phường Thục Phán (cũ)",
        organisation="UBND tỉnh Cao Bằng",
        not_before=since,
        days=30,
    )
    tsa = pki.issue(
        ca=root,
        common_name="motcua Test TSA",
        organisation="motcua tests",
        not_before=since,
        days=3650,
        timestamping=True,
    )
    stranger_root = pki.make_root(common_name="Unknown CA", organisation="nobody", not_before=since)
    stranger = pki.issue(
        ca=stranger_root,
        common_name="UBND phường Thục Phán",
        organisation="nobody",
        not_before=since,
        days=3650,
    )
    paths = {}
    for name, issued, ca in (
        ("agency", agency, root),
        ("expired", expired, root),
        ("stranger", stranger, stranger_root),
    ):
        path = directory / f"{name}.p12"
        path.write_bytes(issued.pkcs12(password=PASSWORD, chain=[ca.certificate], name=name))
        paths[name] = path
    password_file = directory / "password"
    password_file.write_bytes(PASSWORD + b"\n")
    return TestPki(
        root=root,
        agency=agency,
        tsa=tsa,
        directory=directory,
        agency_p12=paths["agency"],
        expired_p12=paths["expired"],
        other_root_p12=paths["stranger"],
        password_file=password_file,
    )


@pytest.fixture
def signing(db, test_pki) -> TestPki:
    """Trust the test root and give Thục Phán ward its signing certificate."""
    TrustedRoot.objects.create(name="Test root", certificate_pem=test_pki.root.pem.decode())
    AgencyCertificate.objects.filter(active=True).update(active=False)  # the demo ones
    AgencyCertificate.objects.create(
        unit=OrgUnit.objects.get(identifier=THUC_PHAN),
        pkcs12_path=str(test_pki.agency_p12),
        password_file=str(test_pki.password_file),
    )
    return test_pki


@pytest.fixture
def other_unit(db) -> OrgUnit:
    return OrgUnit.objects.get(identifier=HOA_AN)


def ready_to_issue(one_stop_officer, officer, office_leader, leader):
    """A Thục Phán dossier received and walked to the clerk's step (issue the result)."""
    with at(2026, 3, 5, 9):
        dossier = receive(one_stop_officer)
    with at(2026, 3, 5, 10):
        dossier = services.dossier_forward(
            actor=one_stop_officer, dossier=dossier, revision=dossier.revision
        )
        dossier = services.dossier_take(actor=officer, dossier=dossier, revision=dossier.revision)
        dossier = services.dossier_complete_step(
            actor=officer, dossier=dossier, revision=dossier.revision
        )
        dossier = services.dossier_approve(
            actor=office_leader, dossier=dossier, revision=dossier.revision
        )
        dossier = services.dossier_sign(actor=leader, dossier=dossier, revision=dossier.revision)
    return dossier


def verify_url(code: str) -> str:
    return f"http://testserver/xac-thuc/?ma={code}"
