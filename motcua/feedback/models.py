"""Citizen feedback (*phản ánh, kiến nghị*, PAKN): categories, the feedback itself, its photos,
its append-only history, readers' reactions and the client apps of the Open311 API.

domain.md §11: anyone sends feedback about a rule or about how a dossier was handled, through
the portal, by phone, letter or e-mail (staff enter these) or through an app (Open311). The
responsible unit classifies it, rejects it, asks for more information, forwards what is outside
its competence or handles it; the answer is published. Every change appends a `FeedbackEvent`
in the same transaction (`services`); the state columns here are a cache of that history.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit, User
from motcua.core.models import AppendOnlyModel
from motcua.dossiers.models import Dossier


class CategoryKind(models.TextChoices):
    RULE = "rule", _("About an administrative rule")
    HANDLING = "handling", _("About how a dossier was handled")


class FeedbackState(models.TextChoices):
    """The states of domain.md §11, with the words of the national portal (DVCQG)."""

    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    FORWARDED = "forwarded", _("Forwarded to the competent agency")
    AWAITING_INFORMATION = "awaiting_information", _("Awaiting more information")
    IN_HANDLING = "in_handling", _("In handling")
    AWAITING_PUBLICATION = "awaiting_publication", _("Answer awaiting publication")
    PUBLISHED = "published", _("Answer published")
    REJECTED = "rejected", _("Rejected")


class FeedbackChannel(models.TextChoices):
    PORTAL = "portal", _("Web portal")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    API = "api", _("App (Open311)")


class FeedbackCategory(models.Model):
    """A kind of feedback a province accepts, and the unit that answers it.

    Each active category is an Open311 "service" (`code` is its `service_code`); `province` is
    the root unit whose jurisdiction it belongs to (the Open311 `jurisdiction_id` is that
    unit's identifier).
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("about"), max_length=10, choices=CategoryKind.choices)
    group = models.CharField(_("group"), max_length=100, blank=True)
    keywords = models.CharField(_("keywords"), max_length=255, blank=True)
    province = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    responsible_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")
        ordering = ["group", "name"]

    def __str__(self) -> str:
        return self.name


class Feedback(models.Model):
    """One piece of feedback: sender, category, content, place, clock and public answer."""

    category = models.ForeignKey(
        FeedbackCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    # The unit that answers: the category's at receipt, changed by classification.
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=FeedbackChannel.choices)
    # Personal data: shown to the responsible unit's staff only, never by a public page or GET.
    sender_name = models.CharField(_("sender name"), max_length=255)
    sender_address = models.TextField(_("sender address"), blank=True)
    sender_phone = models.CharField(_("phone"), max_length=15, blank=True)
    sender_email = models.EmailField(_("e-mail"), blank=True)
    sender_user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    title = models.CharField(_("title"), max_length=255)
    content = models.TextField(_("content"))
    # The place the feedback is about (public: it is where the problem is, not the sender).
    address = models.CharField(_("place"), max_length=255, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)
    dossier_code = models.CharField(_("dossier code"), max_length=40, blank=True)
    dossier = models.ForeignKey(
        Dossier, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )

    state = models.CharField(_("state"), max_length=25, choices=FeedbackState.choices)
    holder = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"))
    # The due time of what the current state waits for (domain.md §11): classification or
    # rejection (2 wd), the first request for information, forwarding or the start of handling
    # (5 wd), the answer (15 wd), the publication (2 wd after the answer is ready).
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    paused_since = models.DateTimeField(_("waiting for the sender since"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_ready_at = models.DateTimeField(_("answer ready at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Why the state is what it is, in public words (Open311 status_notes): the rejection reason,
    # the agency it was forwarded to, the information asked for.
    status_notes = models.TextField(_("status notes"), blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=255, blank=True)
    likes = models.PositiveIntegerField(default=0)
    dislikes = models.PositiveIntegerField(default=0)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    # Set by the sweep (services.feedback_sweep).
    at_risk = models.BooleanField(default=False)
    overdue = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(default=0)
    # Open311 tokens/{token}: what a client app gets back to find its request later.
    token = models.CharField(max_length=32, unique=True, editable=False)
    api_client = models.ForeignKey(
        "ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Folded words of title, content and answer (core.text.search_column), for the public search.
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="published") | (~Q(answer="") & Q(published_at__isnull=False)),
                name="feedback_published_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True) | (Q(lat__gte=-90) & Q(lat__lte=90)),
                name="feedback_lat_range",
            ),
            models.CheckConstraint(
                condition=Q(long__isnull=True) | (Q(long__gte=-180) & Q(long__lte=180)),
                name="feedback_long_range",
            ),
        ]
        indexes = [
            # selectors.feedback_list_for_user: worklists by unit and state, soonest due first.
            models.Index(fields=["unit", "state", "due_at"], name="feedback_unit_state_due"),
            # selectors.answer_list_published and Open311 GET: newest published first.
            models.Index(fields=["state", "published_at"], name="feedback_state_published"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title[:60]}"

    @property
    def is_open(self) -> bool:
        """Open311 status: closed once published, rejected or forwarded."""
        return self.state not in CLOSED


CLOSED = frozenset({FeedbackState.PUBLISHED, FeedbackState.REJECTED, FeedbackState.FORWARDED})


class FeedbackPhoto(models.Model):
    """A photo sent with the feedback (JPEG or PNG, checked by content: files.check_photo)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to="feedback/%Y/%m/", max_length=255)
    content_type = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["feedback", "pk"]

    def __str__(self) -> str:
        return str(self.file.name)


class FeedbackEvent(AppendOnlyModel):
    """One action on a feedback, appended in the same transaction as the change; never changed."""

    history_name = "A feedback event"

    feedback = models.ForeignKey(Feedback, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    action = models.CharField(_("action"), max_length=30)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_state = models.CharField(max_length=25, blank=True)
    to_state = models.CharField(max_length=25)
    due_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("feedback event")
        verbose_name_plural = _("feedback events")
        ordering = ["feedback", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "sequence"], name="feedback_event_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id}#{self.sequence} {self.action}"


class Reaction(models.Model):
    """A reader's like (+1) or dislike (-1) of a published answer: one per reader.

    `reader` is "u<user id>" for a logged-in reader, "s<session key>" otherwise.
    """

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="reactions")
    reader = models.CharField(max_length=50)
    value = models.SmallIntegerField()
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feedback", "reader"], name="reaction_once_per_reader"),
            models.CheckConstraint(condition=Q(value__in=[-1, 1]), name="reaction_value"),
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.reader} {self.value:+d}"


class ApiClient(models.Model):
    """A client app allowed to post feedback through Open311 (`manage.py open311_key`).

    Only the SHA-256 of the key is stored: the key is printed once, when it is created.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(max_length=8, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 client app")
        verbose_name_plural = _("Open311 client apps")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
