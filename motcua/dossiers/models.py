"""Dossiers (*hồ sơ*): what an applicant hands in, its steps along the pinned process, and its
append-only history.

domain.md §5: a dossier is received (form 01, code issued, clock started), moves through the
steps of the internal process in force at receipt, and ends refused, stopped, withdrawn or with
its result returned. Every change appends a `DossierEvent` in the same transaction
(`services`); the state columns here are a cache of that history, checked against it
(`history.replay`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit, Role, User
from motcua.catalog.models import Channel, LimitUnit, ProcedureVersion, RequiredDocument
from motcua.core.models import AppendOnlyModel
from motcua.workflow.models import AllotmentUnit, JointMode, ProcessDefinition, StepKind


class DossierState(models.TextChoices):
    """The states of domain.md §5, with the words of the national portal (DVCQG)."""

    SUBMITTED = "submitted", _("Awaiting intake")
    RETURNED_FOR_COMPLETION = "returned_for_completion", _("Returned for completion at intake")
    REFUSED_AT_INTAKE = "refused_at_intake", _("Refused at intake")
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    SUPPLEMENT_COMPLETED = "supplement_completed", _("Supplement completed")
    STOPPED = "stopped", _("Stopped")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REFUSED = "refused", _("Refused")
    PROCESSED = "processed", _("Processed, awaiting return")
    RETURNED = "returned", _("Result returned")


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation")


class PaymentMethod(models.TextChoices):
    """How a fee was paid (domain.md §12; the 766 index counts online payments)."""

    CASH = "cash", _("Cash at the counter")
    TRANSFER = "transfer", _("Bank transfer")
    ONLINE = "online", _("Online payment")


class RatingLevel(models.TextChoices):
    """The three levels of the satisfaction rating (domain.md §10; TT 01/2018 Art. 12)."""

    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


class RatingCriterion(models.TextChoices):
    """What a rating covers besides the overall service (domain.md §10)."""

    CONVENIENCE = "convenience", _("Convenience of the procedure")
    TIMELINESS = "timeliness", _("Timeliness")
    ATTITUDE = "attitude", _("Staff attitude")
    RESULT = "result", _("The result")


class Dossier(models.Model):
    """One dossier: applicant, pinned procedure and process versions, clock, current step."""

    # Issued at receipt (domain.md §7: <unit identifier>-YYMMDD-XXXX); empty while awaiting
    # intake or when refused at intake without receipt.
    code = models.CharField(_("dossier code"), max_length=40, blank=True)
    # No index of its own: dossier_unit_state, led by this column, serves it (one index write
    # less per dossier; measured on the history import).
    receiving_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving unit"),
        db_index=False,
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("procedure")
    )
    process = models.ForeignKey(
        ProcessDefinition,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("internal process"),
        db_index=False,  # dossier_process: partial
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    return_method = models.CharField(
        _("result returned"), max_length=10, choices=Channel.choices, default=Channel.COUNTER
    )
    return_address = models.TextField(_("address for the result"), blank=True)

    applicant_kind = models.CharField(_("applicant"), max_length=15, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("applicant name"), max_length=255)
    applicant_id_number = models.CharField(_("ID number"), max_length=12, blank=True)
    applicant_enterprise_code = models.CharField(_("enterprise code"), max_length=20, blank=True)
    applicant_address = models.TextField(_("address"), blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_user = models.ForeignKey(  # dossier_applicant_user: partial
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
        db_index=False,
    )

    state = models.CharField(_("state"), max_length=25, choices=DossierState.choices)
    position = models.PositiveSmallIntegerField(_("current step"), null=True, blank=True)
    holder = models.ForeignKey(  # dossier_holder: partial
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    holder_unit = models.ForeignKey(  # served by dossier_holder_due, led by it
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )

    # The legal limit and fee of the channel at receipt (catalogue ChannelTerm), kept here:
    # the catalogue may change, the dossier keeps what applied to it.
    limit_value = models.PositiveIntegerField(_("time limit"), default=0)
    limit_unit = models.CharField(
        _("unit"), max_length=15, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAYS
    )
    cutoff = models.TimeField(_("same-day cut-off"), null=True, blank=True)
    fee_vnd = models.PositiveBigIntegerField(_("fee assessed (VND)"), default=0)

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    intake_due_at = models.DateTimeField(_("intake answer due"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    transfer_due_at = models.DateTimeField(_("transfer due"), null=True, blank=True)
    # The legal due time: set at receipt, restarted by a completed supplement (domain.md §6
    # rule 7). A dossier finished after it is late, even when extended (rule 8).
    original_due_at = models.DateTimeField(_("legal due time"), null=True, blank=True)
    # The appointment: the legal due time, or the new one of the single extension (form 04).
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    paused_since = models.DateTimeField(_("waiting for the applicant since"), null=True, blank=True)
    supplement_requests = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)
    results_issued = models.PositiveSmallIntegerField(default=0)  # the n of <code>-KQ<n>

    # The applicant's latest overall rating (RatingLevel), a cache of the last "rate" event.
    rating = models.CharField(_("rating"), max_length=15, blank=True)

    # Set by the sweep (services.dossier_sweep); the worklists sort and mark with them.
    at_risk = models.BooleanField(default=False)
    overdue = models.BooleanField(default=False)

    # The hash of the latest event (dossiers.chain): the head of the tamper-evident history.
    history_hash = models.CharField(max_length=64, blank=True, editable=False)

    # Optimistic concurrency: every change increments it; an action names the revision it saw
    # and is refused ("this dossier changed, reload") when another action came first.
    revision = models.PositiveIntegerField(default=0)
    # Idempotency of intake: a double-clicked submit carries the same token (one dossier).
    client_token = models.CharField(max_length=64, blank=True, editable=False)
    # Folded words of code, applicant name, ID number, enterprise code and phone
    # (core.text.search_column), for the worklists' search.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="dossier_code_unique"
            ),
            models.UniqueConstraint(
                fields=["client_token"],
                condition=~Q(client_token=""),
                name="dossier_client_token_unique",
            ),
            models.CheckConstraint(
                condition=Q(state="submitted")
                | Q(state="returned_for_completion")
                | Q(state="refused_at_intake")
                # Withdrawn while still awaiting intake: never received, so no code.
                | Q(state="withdrawn", code="", received_at__isnull=True)
                | (~Q(code="") & Q(received_at__isnull=False)),
                name="dossier_received_has_code",
            ),
        ]
        indexes = [
            # selectors: worklists by receiving unit and state, by current step unit and due time.
            models.Index(fields=["receiving_unit", "state"], name="dossier_unit_state"),
            # The indexes of nullable references leave the nulls out (partial): no query looks
            # for the nulls by index, and an imported dossier (no holder, process or account)
            # then costs no write in them (measured: COPY of 100,000 imported dossiers' rows
            # with every index, 7.6 s; with these partial, see docs/reporting.md).
            models.Index(
                fields=["holder_unit", "state", "due_at"],
                name="dossier_holder_due",
                condition=Q(holder_unit__isnull=False),
            ),
            models.Index(
                fields=["holder"], name="dossier_holder", condition=Q(holder__isnull=False)
            ),
            models.Index(
                fields=["process"], name="dossier_process", condition=Q(process__isnull=False)
            ),
            models.Index(
                fields=["applicant_user"],
                name="dossier_applicant_user",
                condition=Q(applicant_user__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"

    @property
    def is_late(self) -> bool:
        """Finished after the legal due time, extension or not (NĐ 61/2018 Art. 19(9))."""
        return bool(
            self.finished_at and self.original_due_at and self.finished_at > self.original_due_at
        )


class DossierStep(models.Model):
    """A step of the dossier's pinned process, with its own clock (domain.md §4, §5 Art. 19)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"))
    actor_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    actor_role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    task = models.TextField(_("task"))
    kind = models.CharField(_("kind"), max_length=15, choices=StepKind.choices)
    joint_mode = models.CharField(max_length=10, choices=JointMode.choices, blank=True)
    is_lead = models.BooleanField(default=False)
    allotted_value = models.DecimalField(max_digits=6, decimal_places=2)
    allotted_unit = models.CharField(max_length=15, choices=AllotmentUnit.choices)
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    holder = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        ordering = ["dossier", "position", "-is_lead", "pk"]
        indexes = [
            # selectors.dossier_list_for_steps: open steps of a unit by due time.
            models.Index(fields=["actor_unit", "finished_at", "due_at"], name="step_unit_open"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.task[:60]}"


class DossierComponent(models.Model):
    """A document received with the dossier: which required document, how many of each copy."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    required_document = models.ForeignKey(
        RequiredDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.TextField(_("name"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    certified_copies = models.PositiveSmallIntegerField(_("certified copies"), default=0)
    photocopies = models.PositiveSmallIntegerField(_("photocopies"), default=0)
    file = models.FileField(_("scan"), upload_to="dossiers/%Y/%m/", blank=True, max_length=255)
    note = models.TextField(_("note"), blank=True)
    # Taken from the applicant's document store instead of a new upload (NĐ 224/2026 Art. 18(4):
    # do not ask again for what the system holds); `file` is then the stored file itself. The
    # 766 index counts dossiers reusing digitised data (domain.md §9 group 4).
    reused = models.BooleanField(_("reused from the document store"), default=False)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["dossier", "pk"]

    def __str__(self) -> str:
        return self.name


class Payment(models.Model):
    """A payment of the assessed fee, with its receipt number."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payments")
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    receipt_number = models.CharField(_("receipt number"), max_length=50)
    paid_at = models.DateTimeField(_("paid at"))
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["dossier", "paid_at"]

    def __str__(self) -> str:
        return f"{self.receipt_number}: {self.amount_vnd}"


class DossierEvent(AppendOnlyModel):
    """One action on a dossier, appended in the same transaction as the change; never changed.

    domain.md §5 (NĐ 61/2018 Art. 5: recorded data may not be altered): `save` refuses to update
    and `delete` refuses; the state columns of `Dossier` are checked against these rows.
    """

    history_name = "A dossier event (NĐ 61/2018 Art. 5)"

    # Served by event_sequence_unique (dossier, sequence): no index of its own.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    sequence = models.PositiveIntegerField()
    action = models.CharField(_("action"), max_length=30)
    at = models.DateTimeField(_("time"))
    # The nullable references are indexed without their nulls (Meta: partial indexes).
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    actor_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    from_state = models.CharField(max_length=25, blank=True)
    to_state = models.CharField(max_length=25)
    from_position = models.PositiveSmallIntegerField(null=True, blank=True)
    to_position = models.PositiveSmallIntegerField(null=True, blank=True)
    to_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    to_holder = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    # SHA-256 of the previous event's hash and this event's content (dossiers.chain).
    chain_hash = models.CharField(max_length=64, editable=False, default="")

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="event_sequence_unique"),
        ]
        indexes = [
            models.Index(
                fields=[name], name=f"event_{name}", condition=Q(**{f"{name}__isnull": False})
            )
            for name in ("actor", "actor_unit", "to_unit", "to_holder")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.sequence} {self.action}"


class PersonalDataAccess(AppendOnlyModel):
    """An officer read a dossier's personal data in full (product.md: "reading it in full is
    logged"): the dossier page and the API's dossier detail show name, ID number, address and
    phone unmasked. Append-only, like the history; read by supervisors in the admin."""

    history_name = "A record of access to personal data"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    via = models.CharField(_("where"), max_length=10)  # "page" or "api"

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-pk"]
        indexes = [
            # The admin: who read a dossier, and what an officer read, newest first.
            models.Index(fields=["dossier", "-at"], name="access_dossier_at"),
            models.Index(fields=["user", "-at"], name="access_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.dossier_id} at {self.at:%Y-%m-%d %H:%M}"


class DailySequence(models.Model):
    """The last dossier number issued by a unit on a day (domain.md §7: XXXX, at most 9,999)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="sequence_unit_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last}"
