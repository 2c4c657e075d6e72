"""The organisation tree, the people in it and the calendar additions of each unit."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import (
    validate_id_number,
    validate_office_hours,
    validate_phone,
    validate_unit_identifier,
)

DEFAULT_OFFICE_HOURS = "07:30-11:30,13:30-17:30"  # domain.md §6: 8 working hours a day


class OrgUnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    DEPARTMENT = "department", _("Department")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    OFFICE = "office", _("Office")
    ONE_STOP_CENTRE = "one_stop_centre", _("One-stop centre")


class OrgUnitLevel(models.IntegerChoices):
    """The administrative tier a unit belongs to (domain.md §1: two tiers since 1 July 2025)."""

    PROVINCE = 1, _("Provincial level")
    DISTRICT = 2, _("District level")
    COMMUNE = 3, _("Commune level")


class OrgUnitEndReason(models.TextChoices):
    NONE = "", _("Active")
    DISSOLVED = "dissolved", _("Dissolved")
    MERGED = "merged", _("Merged")


class OrgUnit(models.Model):
    """A node of the organisation tree (domain.md §1-2), valid from one date until another.

    The hierarchy is data, never schema: any depth, kept as a materialised `path` of primary
    keys ("/1/4/9/") so that a subtree is one indexed prefix query on both databases. A dissolved
    or merged unit keeps its row, its identifier and its place in the tree; only `valid_until`
    (exclusive: the first day it no longer exists) and `successor` are set.
    """

    identifier = models.CharField(
        _("identifier"),
        max_length=16,
        unique=True,
        validators=[validate_unit_identifier],
        help_text=_("QCVN 102:2016 form, e.g. 000.00.53.H48"),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=OrgUnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Used by every subtree query (selectors.org_unit_subtree, supervisors' visibility);
    # PostgreSQL also gets a varchar_pattern_ops index for the LIKE prefix from db_index.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    office_hours = models.CharField(
        _("office hours"),
        max_length=100,
        default=DEFAULT_OFFICE_HOURS,
        validators=[validate_office_hours],
        help_text=_("Periods of a working day, e.g. 07:30-11:30,13:30-17:30"),
    )
    valid_from = models.DateField(_("valid from"), default=date(2025, 7, 1))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The first day the unit no longer exists; empty while it exists."),
    )
    end_reason = models.CharField(
        _("end reason"), max_length=10, choices=OrgUnitEndReason.choices, blank=True, default=""
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="org_unit_valid_range",
                violation_error_message=_("A unit must end after it starts."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(valid_until__isnull=True, end_reason="")
                    | Q(valid_until__isnull=False, end_reason__in=["dissolved", "merged"])
                ),
                name="org_unit_end_reason_with_end",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(end_reason="merged"),
                name="org_unit_successor_only_when_merged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.identifier})"

    def is_valid_on(self, day: date) -> bool:
        """Return whether the unit exists on `day`."""
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)

    @property
    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to this unit, this unit last."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class UserKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    CITIZEN = "citizen", _("Citizen")


class User(AbstractUser):
    """A person who logs in: a staff member (with memberships) or a citizen (with an ID number)."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=UserKind.choices, default=UserKind.CITIZEN
    )
    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    id_number = models.CharField(
        _("ID number"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_id_number],
        help_text=_("12-digit personal identification number (CCCD)"),
    )
    phone = models.CharField(_("phone"), max_length=15, blank=True, validators=[validate_phone])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="citizen") | Q(id_number__isnull=False),
                name="user_citizen_has_id_number",
                violation_error_message=_("A citizen account needs an ID number."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_officer(self) -> bool:
        """Return whether this account belongs to a staff member (not Django's admin flag)."""
        return self.kind == UserKind.STAFF


class Role(models.TextChoices):
    """Roles a staff member holds in a unit (domain.md §2)."""

    ONE_STOP_OFFICER = "one_stop_officer", _("One-stop officer")
    SPECIALIST = "specialist", _("Specialist")
    OFFICE_LEADER = "office_leader", _("Office leader")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    CLERK = "clerk", _("Clerk")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose holders see the whole subtree of their unit, not only the unit itself.
SUBTREE_ROLES = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})


class Membership(models.Model):
    """A staff member's role in a unit for a period (`valid_until` exclusive, empty = open)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__path", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(valid_until__isnull=True),
                name="membership_one_open_per_role",
                violation_error_message=_("This person already holds this role in this unit."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="membership_valid_range",
            ),
        ]
        indexes = [
            # Used by selectors.active_memberships on every authenticated request.
            models.Index(fields=["user", "valid_until"], name="membership_user_active"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit.name}"


class CalendarEntry(models.Model):
    """An administrator's addition to the statutory calendar (domain.md §6).

    With no unit it applies to the whole deployment; with a unit, to that unit and its subtree.
    A deeper unit's entry overrides a shallower one for the same day.
    """

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendar_entries",
    )
    day = models.DateField(_("day"))
    working = models.BooleanField(
        _("working day"),
        help_text=_("Checked: an extra working day. Unchecked: a day off or local closure."),
    )
    reason = models.CharField(_("reason"), max_length=255)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar entry")
        verbose_name_plural = _("calendar entries")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "day"],
                name="calendar_entry_one_per_unit_day",
                violation_error_message=_("This unit already has an entry for this day."),
            ),
            models.UniqueConstraint(
                fields=["day"],
                condition=Q(unit__isnull=True),
                name="calendar_entry_one_per_day_deployment_wide",
                violation_error_message=_("There is already a deployment-wide entry for this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.reason}"
