"""The citizen's side: sign-up codes and online applications in progress (drafts).

domain.md §5: an online application starts as a draft (*bản nháp*); it becomes a dossier in the
one-stop intake queue when the citizen submits it. A draft is kept on the server, so it can be
resumed on another device; its uploads are checked by content (dossiers.files) when added.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit, User
from motcua.catalog.models import Channel, ProcedureVersion
from motcua.dossiers.models import Dossier


class VerificationCode(models.Model):
    """A 6-digit code sent to confirm an e-mail address or phone number at sign-up.

    Only a hash is stored; a code expires after 15 minutes and after 5 wrong tries.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10)  # "email" or "sms"
    recipient = models.CharField(max_length=255)
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel}"


class ApplicationDraft(models.Model):
    """An online application being filled in: procedure, receiving place, applicant, documents."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="drafts")
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("procedure")
    )
    receiving_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("where to submit"),
    )
    channel = models.CharField(
        _("how you submit"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    return_method = models.CharField(
        _("how you get the result"),
        max_length=10,
        choices=Channel.choices,
        default=Channel.ONLINE,
    )
    return_address = models.TextField(_("address for the result"), blank=True)
    applicant_address = models.TextField(_("address"), blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    # Set when submitted: the draft then shows where its dossier is and cannot change.
    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application draft")
        verbose_name_plural = _("application drafts")
        ordering = ["-updated_at"]
        indexes = [
            # selectors.draft_list_for_user: a citizen's drafts, newest first.
            models.Index(fields=["user", "-updated_at"], name="draft_user_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.procedure_version_id}"


class StoredDocument(models.Model):
    """A document in a citizen's personal store: uploaded there, handed in with an online
    application, or a result received. Offered again when a later application asks for a
    document of the same type (NĐ 224/2026 Art. 18(4)); the file is shared, never copied."""

    class Origin(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded to my documents")
        APPLICATION = "application", _("Handed in with an application")
        RESULT = "result", _("Result received")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="stored_documents")
    name = models.CharField(_("document"), max_length=1000)
    # The document's type (portal.doctypes.document_type): a required document of the same
    # type is offered this one.
    type_key = models.CharField(max_length=1000, editable=False)
    file = models.FileField(upload_to="store/%Y/%m/", max_length=255)
    content_type = models.CharField(max_length=50)
    origin = models.CharField(max_length=15, choices=Origin.choices, default=Origin.UPLOADED)
    # The validator's report on the PDF's digital signatures (documents.signing.verification),
    # empty when it carries none: shown next to the document (issue 6: every signed upload).
    signatures = models.JSONField(default=dict, blank=True)
    dossier = models.ForeignKey(
        Dossier, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # selectors.stored_document_matches: a citizen's documents of one type.
            models.Index(fields=["user", "type_key"], name="stored_user_type"),
        ]

    def __str__(self) -> str:
        return self.name


class DraftDocument(models.Model):
    """A document attached to a draft for one required document: a new upload, or a document
    of the citizen's store reused instead (DossierComponent.reused once submitted)."""

    draft = models.ForeignKey(ApplicationDraft, on_delete=models.CASCADE, related_name="documents")
    required_position = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to="drafts/%Y/%m/", blank=True, max_length=255)
    stored = models.ForeignKey(
        StoredDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    original_name = models.CharField(max_length=255, blank=True)
    signatures = models.JSONField(default=dict, blank=True)  # as StoredDocument.signatures
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "required_position"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "required_position"], name="draft_document_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draft_id}#{self.required_position}"
