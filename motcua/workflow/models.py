"""Internal processes (*quy trình nội bộ*): ordered, timed steps per procedure and receiving unit.

domain.md §4: for every procedure the province approves a process per receiving place; each step
has an actor (unit and role), a task and an allotted time in working hours or days. Steps may be
consultations of another unit, or joint processing (*liên thông*) with other agencies, sequential
or parallel with one lead. Processes are data, versioned and published like procedures, and a
dossier pins the version in force at receipt.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import OrgUnit, Role, User
from motcua.catalog.models import Procedure, VersionStatus


class AllotmentUnit(models.TextChoices):
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")


class StepKind(models.TextChoices):
    STANDARD = "standard", _("Standard step")
    CONSULTATION = "consultation", _("Consultation of another unit")
    JOINT = "joint", _("Joint processing (liên thông)")


class JointMode(models.TextChoices):
    SEQUENTIAL = "sequential", _("Sequential")
    PARALLEL = "parallel", _("Parallel")


class ProcessDefinition(models.Model):
    """One version of the internal process of a procedure at a receiving unit."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="processes", verbose_name=_("procedure")
    )
    receiving_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="processes",
        verbose_name=_("receiving unit"),
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(
        _("approving decision"), max_length=255, blank=True, help_text=_("e.g. 2682/QĐ-UBND")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("internal process")
        verbose_name_plural = _("internal processes")
        ordering = ["procedure__code", "receiving_unit__path", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "receiving_unit", "number"], name="process_number_unique"
            ),
            models.UniqueConstraint(
                fields=["procedure", "receiving_unit"],
                condition=Q(status="draft"),
                name="process_one_draft",
                violation_error_message=_("This process already has a draft."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(effective_from__isnull=False, published_at__isnull=False),
                name="process_published_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} @ {self.receiving_unit.identifier} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Step(models.Model):
    """A step of a process: who (unit and role) does what, in how much working time.

    Steps with the same `position` run in parallel (joint processing with `joint_mode`
    parallel); among them exactly one is the lead. Their allotments overlap, so a group counts
    once, with its longest allotment, against the legal limit.
    """

    process = models.ForeignKey(ProcessDefinition, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"))
    actor_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    actor_role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    task = models.TextField(_("task"))
    allotted_value = models.DecimalField(_("allotted time"), max_digits=6, decimal_places=2)
    allotted_unit = models.CharField(
        _("unit of time"), max_length=15, choices=AllotmentUnit.choices
    )
    kind = models.CharField(
        _("kind"), max_length=15, choices=StepKind.choices, default=StepKind.STANDARD
    )
    joint_mode = models.CharField(
        _("joint processing"), max_length=10, choices=JointMode.choices, blank=True
    )
    is_lead = models.BooleanField(_("lead agency"), default=False)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["process", "position", "-is_lead", "pk"]
        constraints = [
            # 0 means "not timed" (the return of the result is often left untimed).
            models.CheckConstraint(
                condition=Q(allotted_value__gte=0), name="step_allotment_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind="joint") | ~Q(joint_mode=""), name="step_joint_has_mode"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.task[:60]}"
