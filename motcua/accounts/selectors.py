"""Reads of units, people and calendars for the interfaces; every protected read goes through here.

Deny by default (product.md, "Reliability and security"): a staff member sees the units of their
active memberships; supervisors and administrators see the whole subtree of their unit; citizens
and anonymous users see no unit through these functions. `*_get_for_user` raises NotFoundError for
both a missing object and one the user may not see, so that a probe learns nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.models import (
    SUBTREE_ROLES,
    CalendarEntry,
    Membership,
    OrgUnit,
    User,
)
from motcua.core.errors import NotFoundError
from motcua.core.time import today
from motcua.deadlines.calendar import CalendarEntry as EngineEntry
from motcua.deadlines.calendar import OfficeHours, WorkingCalendar

AnyUser = User | AnonymousUser


def membership_list_active(*, user: AnyUser, on: date | None = None) -> list[Membership]:
    """Return the user's memberships valid on `on` (default today), units selected."""
    if not user.is_authenticated or not isinstance(user, User) or not user.is_officer:
        return []
    day = on or today()
    cache_key = f"_motcua_memberships_{day.isoformat()}"
    cached: list[Membership] | None = getattr(user, cache_key, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=day))
            .select_related("unit")
        )
        setattr(user, cache_key, cached)  # one query per request and day
    return cached


def visibility_filter(*, user: AnyUser, field: str = "") -> Q | None:
    """Return the Q that restricts `field` (an OrgUnit relation, "" for OrgUnit itself) to what
    the user may see, or None when the user may see nothing.

    Other apps reuse this for objects owned by a unit (dossiers, feedback): one rule, one place.
    """
    prefix = f"{field}__" if field else ""
    condition: Q | None = None
    for membership in membership_list_active(user=user):
        if membership.role in SUBTREE_ROLES:
            part = Q(**{f"{prefix}path__startswith": membership.unit.path})
        else:
            part = Q(**{f"{prefix}pk": membership.unit_id})
        condition = part if condition is None else condition | part
    return condition


def org_unit_list_for_user(*, user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units the user may see, in tree order, parents selected."""
    condition = visibility_filter(user=user)
    if condition is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(condition).select_related("parent", "successor").order_by("path")


def org_unit_tree_for_user(*, user: AnyUser) -> list[tuple[OrgUnit, int]]:
    """Return the visible units depth-first with their indentation, siblings in identifier order.

    Siblings sort by the identifier read from the right (Y1Y2, then Z1Z2, then V1V2V3), which
    puts departments before communes and each unit's centre right after it. A visible unit whose
    parent is hidden starts at indentation 0.
    """
    units = list(org_unit_list_for_user(user=user))
    visible = {unit.pk for unit in units}
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in visible else None
        children.setdefault(parent, []).append(unit)
    for siblings in children.values():
        siblings.sort(key=lambda unit: tuple(reversed(unit.identifier.split("."))))
    ordered: list[tuple[OrgUnit, int]] = []

    def walk(parent: int | None, indent: int) -> None:
        for unit in children.get(parent, []):
            ordered.append((unit, indent))
            walk(unit.pk, indent + 1)

    walk(None, 0)
    return ordered


def org_unit_get_for_user(*, user: AnyUser, pk: int) -> OrgUnit:
    """Return the unit `pk` if the user may see it; raise NotFoundError otherwise."""
    try:
        return org_unit_list_for_user(user=user).get(pk=pk)
    except OrgUnit.DoesNotExist:
        raise NotFoundError(_not_found_message()) from None


def org_unit_get_by_identifier(*, identifier: str) -> OrgUnit:
    """Return the unit with this QCVN identifier (public data: identifiers are printed on forms)."""
    try:
        return OrgUnit.objects.get(identifier=identifier)
    except OrgUnit.DoesNotExist:
        raise NotFoundError(_not_found_message(), field="unit") from None


def org_unit_subtree(*, unit: OrgUnit, on: date | None = None) -> QuerySet[OrgUnit]:
    """Return the unit and all its descendants, optionally only those valid on `on`."""
    queryset = OrgUnit.objects.filter(path__startswith=unit.path)
    if on is not None:
        queryset = queryset.filter(valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=on)
        )
    return queryset.order_by("path")


def membership_list_for_unit(*, user: AnyUser, unit_pk: int) -> QuerySet[Membership]:
    """Return the memberships of a unit the user may see (current and past), users selected."""
    unit = org_unit_get_for_user(user=user, pk=unit_pk)
    return Membership.objects.filter(unit=unit).select_related("user", "unit")


def officer_list_holding(*, unit: OrgUnit, role: str, on: date | None = None) -> list[User]:
    """Return the active staff holding `role` in `unit` itself on `on` (default today), by name:
    the people a leader may name as the handler of a step (dossier assignment)."""
    day = on or today()
    holding = (
        Membership.objects.filter(unit=unit, role=role, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=day))
        .values("user_id")
    )
    return list(
        User.objects.filter(is_active=True, pk__in=holding).order_by("full_name", "username")
    )


def user_get_for_user(*, viewer: AnyUser, pk: int) -> User:
    """Return a staff user who holds a membership in a unit the viewer may see, or the viewer."""
    if isinstance(viewer, User) and viewer.pk == pk:
        return viewer
    condition = visibility_filter(user=viewer, field="memberships__unit")
    if condition is None:
        raise NotFoundError(_not_found_message())
    user = User.objects.filter(condition, pk=pk).distinct().first()
    if user is None:
        raise NotFoundError(_not_found_message())
    return user


def calendar_entry_list_for_unit(*, unit: OrgUnit | None) -> list[CalendarEntry]:
    """Return the entries that apply to `unit`: deployment-wide first, then root to unit."""
    if unit is None:
        return list(CalendarEntry.objects.filter(unit__isnull=True).order_by("day"))
    entries = list(
        CalendarEntry.objects.filter(Q(unit__isnull=True) | Q(unit_id__in=unit.ancestor_ids))
        .select_related("unit")
        .order_by("day")
    )
    # The engine lets later entries override earlier ones: shallow first, deep last.
    entries.sort(key=lambda entry: -1 if entry.unit is None else entry.unit.depth)
    return entries


def working_calendar_for_unit(*, unit: OrgUnit | None) -> WorkingCalendar:
    """Return the working calendar of `unit` (its office hours and the entries that apply)."""
    office_hours = OfficeHours.parse(unit.office_hours) if unit is not None else None
    entries = calendar_entry_list_for_unit(unit=unit)
    return _build_calendar(office_hours=office_hours, entries=entries)


def _build_calendar(
    *, office_hours: OfficeHours | None, entries: Iterable[CalendarEntry]
) -> WorkingCalendar:
    engine_entries = [
        EngineEntry(day=entry.day, working=entry.working, reason=entry.reason) for entry in entries
    ]
    if office_hours is None:
        return WorkingCalendar(entries=engine_entries)
    return WorkingCalendar(office_hours=office_hours, entries=engine_entries)


def _not_found_message() -> str:
    return _("Not found.")
