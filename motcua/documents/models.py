"""Digitisation and electronic results (domain.md §5 return, §7 result codes, §12; NĐ 45/2020
Art. 14(3); TT 01/2023/TT-VPCP).

- `DigitisationRecord`: the digitised copy of a dossier component or of a result, with the
  metadata that lets a later procedure reuse it, where it came from, who made it and when.
- `Result`: a result of a dossier, `<dossier code>-KQ<n>`, issued as a signed PDF; revoked with
  a reason, never deleted.
- `DossierDigitisation`: the five digitisation flags of a dossier, one row per dossier, kept by
  the services from the records above (the 766 indicators read it: docs/signatures.md).
- `AgencyCertificate`, `TrustedRoot`: the signing key of an org unit (a PKCS#12 file and where
  its password is) and the roots a signature must chain to.

These models live here rather than in `dossiers` because signing and verification are here and
`documents` may import `dossiers`, not the other way round (style.md dependency direction).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit, User
from motcua.dossiers.models import Dossier, DossierComponent


class Source(models.TextChoices):
    """Where a digitised document came from (TT 01/2023; domain.md §12)."""

    SCANNED = "scanned", _("Scanned at the counter")
    UPLOADED = "uploaded", _("Uploaded")
    REUSED = "reused", _("Reused from earlier digitised data")
    CITIZEN_STORE = "citizen_store", _("Taken from the citizen's data store")
    SHARED_DATABASE = "shared_database", _("Taken from a shared database")
    ISSUED = "issued", _("Issued electronically")


class Result(models.Model):
    """A result of a dossier (*kết quả giải quyết*), issued as a signed PDF."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="results")
    number = models.PositiveSmallIntegerField(_("number"))  # the n of <code>-KQ<n>
    code = models.CharField(_("result code"), max_length=50, unique=True)
    title = models.TextField(_("title"))
    issuing_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing agency")
    )
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    # Protected: served through a view that checks access (results carry personal data).
    file = models.FileField(_("file"), upload_to="results/%Y/%m/", max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)  # verification of an uploaded copy
    signer_subject = models.CharField(_("signed by"), max_length=500, blank=True)
    signer_serial = models.CharField(max_length=80, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    timestamped = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["dossier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="result_number_unique"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="result_revoked_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class DigitisationRecord(models.Model):
    """The digitised copy of a component or of a result, with its metadata for reuse."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="digitisations")
    component = models.ForeignKey(
        DossierComponent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="digitisations",
    )
    result = models.OneToOneField(
        Result, on_delete=models.PROTECT, null=True, blank=True, related_name="digitisation"
    )
    file = models.FileField(_("file"), upload_to="digitised/%Y/%m/", max_length=255)
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    reused_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Metadata for reuse (TT 01/2023): what the document is, who issued it, its number and
    # date, whose it is. `holder_id_number` is the 12-digit personal ID or the enterprise code.
    document_type = models.CharField(_("document type"), max_length=255)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    holder_id_number = models.CharField(_("holder's ID"), max_length=20, blank=True)
    digitised_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    digitised_at = models.DateTimeField(_("digitised at"))
    # What the validator said about the signatures the file carries, when it is a PDF
    # (verification.report_data); empty when it carries none.
    signatures = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("digitisation record")
        verbose_name_plural = _("digitisation records")
        ordering = ["dossier", "digitised_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(component__isnull=False) & Q(result__isnull=True))
                | (Q(component__isnull=True) & Q(result__isnull=False)),
                name="digitisation_of_component_or_result",
            ),
        ]
        indexes = [
            # selectors.digitisation_list_reusable: earlier documents of the same holder.
            models.Index(fields=["holder_id_number", "document_type"], name="digitised_holder"),
        ]

    def __str__(self) -> str:
        return f"{self.document_type} ({self.get_source_display()})"


class DossierDigitisation(models.Model):
    """The digitisation flags of one dossier (domain.md §12, §9 group 4), recomputed from its
    records and results by `services.digitisation_refresh` after every change."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, primary_key=True, related_name="digitisation"
    )
    # Every component of the dossier has a digitised copy.
    components_digitised = models.BooleanField(default=False)
    # At least one component was reused from earlier digitised data (not asked again).
    reused = models.BooleanField(default=False)
    citizen_store = models.BooleanField(default=False)
    shared_database = models.BooleanField(default=False)
    e_result_issued = models.BooleanField(default=False)
    e_result_signed = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("digitisation of a dossier")
        verbose_name_plural = _("digitisation of dossiers")

    def __str__(self) -> str:
        return str(self.dossier_id)


class AgencyCertificate(models.Model):
    """The signing key of an org unit: a PKCS#12 file on the server, its password elsewhere.

    The password is read from the environment variable `password_env` or from the file
    `password_file` (a container or systemd secret), never stored in the database.
    """

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    pkcs12_path = models.CharField(_("PKCS#12 file"), max_length=500)
    password_env = models.CharField(_("password environment variable"), max_length=100, blank=True)
    password_file = models.CharField(_("password file"), max_length=500, blank=True)
    active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency certificate")
        verbose_name_plural = _("agency certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(active=True), name="certificate_one_active_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.pkcs12_path}"


class TrustedRoot(models.Model):
    """A root certificate signatures must chain to (the national root CA in production)."""

    name = models.CharField(_("name"), max_length=255)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    is_demo = models.BooleanField(_("demo root"), default=False)

    class Meta:
        verbose_name = _("trusted root")
        verbose_name_plural = _("trusted roots")

    def __str__(self) -> str:
        return self.name
