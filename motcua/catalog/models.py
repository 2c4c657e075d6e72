"""The procedure catalogue: procedures, their published versions, documents, limits and fees.

domain.md §3: a published procedure has the content NĐ 63/2010 Art. 8(2) requires plus the
portal fields. A `Procedure` is the identity (the national base code); every published change is
a new `ProcedureVersion` with an effective date, and old versions stay readable (history).
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User

base_code_validator = RegexValidator(
    r"^\d\.\d{6}$",
    _("The national code has the form D.NNNNNN, e.g. 1.001193."),
    code="invalid_code",
)


class Channel(models.TextChoices):
    """How a dossier is submitted or a result returned (domain.md §12; DVCQG codes 1/2/3)."""

    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POSTAL = "postal", _("By post")


class LimitUnit(models.TextChoices):
    """Units of a legal time limit (domain.md §3, §6); values match motcua.deadlines."""

    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    SAME_DAY = "same_day", _("same day")


class OnlineLevel(models.TextChoices):
    """Online service level (NĐ 224/2026): fully online, partly online, or none."""

    FULL = "full", _("Fully online (toàn trình)")
    PARTIAL = "partial", _("Partly online (một phần)")
    NONE = "none", _("Not online")


class Field(models.Model):
    """A field of procedures (*lĩnh vực*), with its code (TT 01/2018 Art. 20: MX1X2-LV)."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    code = models.CharField(_("code"), max_length=30, blank=True)
    sector = models.CharField(_("sector"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """A procedure's identity across versions: the national base code links it across provinces."""

    code = models.CharField(
        _("national code"), max_length=12, unique=True, validators=[base_code_validator]
    )
    abolished_from = models.DateField(
        _("abolished from"),
        null=True,
        blank=True,
        help_text=_("The first day the procedure no longer applies."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ProcedureVersion(models.Model):
    """One version of a procedure's published content; a published version never changes."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="versions", verbose_name=_("procedure")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    # The first day the version no longer applies: the next published version's effective date
    # or the abolition, whichever comes first; None while nothing ends it. Kept by the services
    # (`version_period_ends`) so that "in force on D" is a test on the row itself.
    effective_until = models.DateField(_("effective until"), null=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    local_code = models.CharField(
        _("localised code"), max_length=40, blank=True, help_text=_("e.g. 1.001193.000.00.00.H13")
    )
    name = models.CharField(_("name"), max_length=1000)  # real names reach 569 characters
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="versions", verbose_name=_("field")
    )
    for_province = models.BooleanField(_("provincial level"), default=False)
    for_commune = models.BooleanField(_("commune level"), default=False)
    implementing_agency = models.TextField(_("implementing agency"), blank=True)
    authorised_agency = models.TextField(_("authorised agency"), blank=True)
    cooperating_agencies = models.TextField(_("cooperating agencies"), blank=True)
    receiving_address = models.TextField(_("where to submit"), blank=True)
    sequence = models.TextField(_("sequence of steps"), blank=True)
    methods = models.TextField(_("methods of submission"), blank=True)
    subjects = models.TextField(_("subjects"), blank=True)
    result = models.TextField(_("result"), blank=True, help_text=_("One result per line."))
    requirements = models.TextField(_("requirements and conditions"), blank=True)
    legal_basis = models.TextField(
        _("legal basis"), blank=True, help_text=_("One instrument per line.")
    )
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    decision_number = models.CharField(_("publication decision"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_effective_date = models.DateField(_("decision effective date"), null=True, blank=True)
    # Folded words (core.text.search_column) of the name, codes and field, and of the
    # implementing agency; kept by the services, read by selectors.procedure_search.
    search_text = models.TextField(editable=False, default="")
    agency_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=Q(status="draft"),
                name="version_one_draft_per_procedure",
                violation_error_message=_("This procedure already has a draft."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(effective_from__isnull=False, published_at__isnull=False),
                name="version_published_has_dates",
            ),
        ]
        indexes = [
            # selectors.procedure_version_in_force: latest published version by effective date.
            models.Index(fields=["procedure", "status", "effective_from"], name="version_in_force"),
            # selectors.procedure_search: the search reads only this narrow index, never the
            # wide rows (1-5 KB of published text each): SQLite's "COVERING INDEX", an
            # index-only scan on PostgreSQL (`include`; SQLite indexes carry the rowid anyway,
            # hence models.W040 silenced in settings). Measured in docs/catalog.md.
            models.Index(
                fields=[
                    "status",
                    "effective_from",
                    "effective_until",
                    "search_text",
                    "agency_text",
                ],
                include=["id"],
                name="version_search",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} {self.name}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    @property
    def levels_display(self) -> str:
        levels = []
        if self.for_province:
            levels.append(str(_("Provincial level")))
        if self.for_commune:
            levels.append(str(_("Commune level")))
        return ", ".join(levels)


class RequiredDocument(models.Model):
    """A dossier component the procedure asks for (domain.md §3, §14: `RequiredDocument`)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="documents"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.TextField(_("name"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    certified_copies = models.PositiveSmallIntegerField(_("certified copies"), default=0)
    photocopies = models.PositiveSmallIntegerField(_("photocopies"), default=0)
    template = models.FileField(
        _("form template"), upload_to="catalog/templates/%Y/", blank=True, max_length=255
    )
    reusable = models.BooleanField(
        _("may be reused from earlier data"),
        default=False,
        help_text=_("The applicant need not give it again if the system already holds it."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="document_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ChannelTerm(models.Model):
    """The time limit and fee of a procedure version for one channel (domain.md §3)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="terms")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    limit_value = models.DecimalField(_("time limit"), max_digits=6, decimal_places=2)
    limit_unit = models.CharField(_("unit"), max_length=15, choices=LimitUnit.choices)
    cutoff = models.TimeField(_("same-day cut-off"), default=time(15, 0))
    fee_vnd = models.PositiveBigIntegerField(_("fee (VND)"), default=0)
    fee_note = models.TextField(_("fee details"), blank=True)

    class Meta:
        verbose_name = _("time limit and fee")
        verbose_name_plural = _("time limits and fees")
        ordering = ["version", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["version", "channel"], name="term_channel_unique"),
            models.CheckConstraint(condition=Q(limit_value__gte=0), name="term_limit_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.limit_text}"

    @property
    def limit_text(self) -> str:
        """The limit in the engine's notation ("3 working_days", "same_day")."""
        if self.limit_unit == LimitUnit.SAME_DAY:
            return "same_day"
        value = self.limit_value.normalize()
        return f"{value:f} {self.limit_unit}"


def version_period_ends(starts: list[date], abolished_from: date | None) -> list[date | None]:
    """Return when each published version stops applying, given their effective dates in
    publication order (effective date, then number).

    A version applies until the next one takes effect (a version superseded on its first day
    never applied) or the procedure is abolished (domain.md §3: history is kept).
    """
    ends: list[date | None] = []
    for index in range(len(starts)):
        end = starts[index + 1] if index + 1 < len(starts) else None
        if abolished_from is not None:
            end = min(end or abolished_from, abolished_from)
        ends.append(end)
    return ends


def next_version_number(versions: models.QuerySet[Any]) -> int:
    """Return the number the next version gets: one more than the highest in `versions`.

    Shared by procedure versions and process versions (services and the admin's add form).
    """
    highest: int | None = versions.aggregate(highest=models.Max("number"))["highest"]
    return (highest or 0) + 1
