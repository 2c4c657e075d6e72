"""Who signs for an agency: the `SignerBackend` interface and its PKCS#12 implementation.

`signer_for_unit(unit=..., at=...)` returns an `AgencySigner` (a pyHanko signer and its
certificate) or raises `CertificateError` with a message an officer can act on. The backend is
chosen by the setting `MOTCUA_SIGNER_BACKEND` (a dotted path): the default reads the unit's
`AgencyCertificate` (a PKCS#12 file); an HSM (pyHanko's `PKCS11Signer`) or a remote signing
service (a pyHanko `ExternalSigner` subclass) plugs in as another backend returning its own
pyHanko `Signer` (docs/signatures.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from pyhanko.sign import signers

from motcua.accounts.models import OrgUnit
from motcua.core.errors import DomainError
from motcua.core.time import local


class CertificateError(DomainError):
    """The agency has no usable signing certificate (missing, expired, wrong key, unreadable)."""

    code = "no_certificate"


@dataclass(frozen=True)
class AgencySigner:
    """A pyHanko signer for one unit, with the certificate it signs with."""

    unit: OrgUnit
    signer: signers.Signer
    certificate: asn1_x509.Certificate

    @property
    def subject(self) -> str:
        return str(self.certificate.subject.human_friendly)

    @property
    def common_name(self) -> str:
        return str(self.certificate.subject.native.get("common_name", self.subject))

    @property
    def serial(self) -> str:
        return format(self.certificate.serial_number, "x")


class SignerBackend(Protocol):
    """Return the signer of `unit` at time `at`, or raise CertificateError."""

    def signer_for(self, *, unit: OrgUnit, at: datetime) -> AgencySigner: ...


def check_validity(*, unit: OrgUnit, certificate: asn1_x509.Certificate, at: datetime) -> None:
    """Raise CertificateError unless `certificate` is valid at `at` (not before, not after)."""
    not_before = certificate["tbs_certificate"]["validity"]["not_before"].native
    not_after = certificate["tbs_certificate"]["validity"]["not_after"].native
    if at > not_after:
        raise CertificateError(
            _(
                "The signing certificate of %(unit)s expired on %(date)s; ask the administrator "
                "to install a new one."
            )
            % {"unit": unit.name, "date": f"{local(not_after):%d/%m/%Y}"}
        )
    if at < not_before:
        raise CertificateError(
            _("The signing certificate of %(unit)s is not valid before %(date)s.")
            % {"unit": unit.name, "date": f"{local(not_before):%d/%m/%Y}"}
        )


def _password(unit: OrgUnit, env: str, file: str) -> bytes | None:
    if env:
        value = os.environ.get(env)
        if value is None:
            raise CertificateError(
                _("The password of the signing key of %(unit)s is not configured (%(name)s).")
                % {"unit": unit.name, "name": env}
            )
        return value.encode()
    if file:
        try:
            return Path(file).read_bytes().strip()
        except OSError:
            raise CertificateError(
                _("The password file of the signing key of %(unit)s cannot be read.")
                % {"unit": unit.name}
            ) from None
    return None


class Pkcs12Backend:
    """Sign with the PKCS#12 file of the unit's active `AgencyCertificate` (or of the nearest
    parent unit that has one: an office signs with its agency's certificate)."""

    def signer_for(self, *, unit: OrgUnit, at: datetime) -> AgencySigner:
        from motcua.documents.models import AgencyCertificate

        candidates = {c.unit_id: c for c in AgencyCertificate.objects.filter(active=True)}
        current: OrgUnit | None = unit
        config = None
        while current is not None and config is None:
            config = candidates.get(current.pk)
            current = current.parent
        if config is None:
            raise CertificateError(
                _(
                    "%(unit)s has no signing certificate: the result cannot be signed. Ask the "
                    "administrator to install the agency's certificate."
                )
                % {"unit": unit.name}
            )
        path = Path(config.pkcs12_path)
        if not path.is_absolute():
            path = Path(settings.MOTCUA_SIGNING_KEY_DIR) / path
        if not path.is_file():
            raise CertificateError(
                _("The signing key file of %(unit)s is missing on the server.")
                % {"unit": unit.name}
            )
        password = _password(unit, config.password_env, config.password_file)
        try:
            signer = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
                str(path), passphrase=password
            )
        except (ValueError, TypeError, OSError):
            signer = None
        if signer is None or signer.signing_cert is None:
            raise CertificateError(
                _(
                    "The signing key of %(unit)s cannot be opened: wrong password or not a "
                    "PKCS#12 file."
                )
                % {"unit": unit.name}
            )
        certificate = signer.signing_cert
        if not _key_matches(signer):
            raise CertificateError(
                _("The signing key of %(unit)s does not belong to its certificate.")
                % {"unit": unit.name}
            )
        check_validity(unit=unit, certificate=certificate, at=at)
        return AgencySigner(unit=unit, signer=signer, certificate=certificate)


def _key_matches(signer: signers.SimpleSigner) -> bool:
    """Return whether the private key is the certificate's (a PKCS#12 may pair them wrongly)."""
    from cryptography.hazmat.primitives import serialization

    if signer.signing_cert is None:
        return False
    key = serialization.load_der_private_key(signer.signing_key.dump(), password=None)
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return bool(public == signer.signing_cert.public_key.dump())


def backend() -> SignerBackend:
    """Return the configured signer backend (`MOTCUA_SIGNER_BACKEND`)."""
    backend_class = import_string(settings.MOTCUA_SIGNER_BACKEND)
    instance: SignerBackend = backend_class()
    return instance


def signer_for_unit(*, unit: OrgUnit, at: datetime) -> AgencySigner:
    """Return the signer of `unit` at `at`, or raise CertificateError saying what is wrong."""
    return backend().signer_for(unit=unit, at=at)
