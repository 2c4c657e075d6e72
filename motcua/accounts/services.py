"""Every write to units, people, memberships and calendars (style.md: one way to change a thing).

Services take keyword-only typed arguments. `actor=None` means the system itself (a management
command run by an operator); otherwise the actor's permission is checked with `policies`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts import policies
from motcua.accounts.models import (
    DEFAULT_OFFICE_HOURS,
    CalendarEntry,
    Membership,
    OrgUnit,
    OrgUnitEndReason,
    OrgUnitKind,
    OrgUnitLevel,
    Role,
    User,
    UserKind,
)
from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.core.time import today


class OrgUnitError(DomainError):
    """A unit cannot be created, changed, merged or dissolved as asked."""


class AccountError(DomainError):
    """A user or membership cannot be created or changed as asked."""


def _check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError(_("You are not allowed to do this."))


def _full_clean(instance: Any) -> None:
    """Run model validation and turn its errors into one DomainError naming every field."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        messages = []
        for name, errors in exc.message_dict.items():
            label = name if name != "__all__" else ""
            for error in errors:
                messages.append(f"{label}: {error}" if label else error)
        first_field = next(iter(exc.message_dict), None)
        raise DomainError(
            " ".join(messages),
            code="invalid",
            field=None if first_field == "__all__" else first_field,
        ) from exc


def _set_path(unit: OrgUnit) -> None:
    parent_path = unit.parent.path if unit.parent is not None else "/"
    unit.path = f"{parent_path}{unit.pk}/"
    unit.depth = unit.path.count("/") - 2


@transaction.atomic
def org_unit_create(
    *,
    actor: User | None,
    identifier: str,
    name: str,
    kind: str,
    level: int,
    parent: OrgUnit | None = None,
    valid_from: date | None = None,
    office_hours: str = DEFAULT_OFFICE_HOURS,
) -> OrgUnit:
    """Create a unit under `parent` (or a root), valid from `valid_from` (default today)."""
    if actor is not None:
        _check(parent is not None and policies.can_manage_org_unit(actor, parent))
    start = valid_from or today()
    if parent is not None and not parent.is_valid_on(start):
        raise OrgUnitError(
            _("The parent unit %(parent)s does not exist on %(day)s.")
            % {"parent": parent.name, "day": start.strftime("%d/%m/%Y")},
            field="parent",
        )
    unit = OrgUnit(
        identifier=identifier,
        name=name,
        kind=kind,
        level=level,
        parent=parent,
        valid_from=start,
        office_hours=office_hours,
    )
    _full_clean(unit)
    unit.save()
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    return unit


def _move(unit: OrgUnit, parent: OrgUnit | None) -> None:
    """Re-hang `unit` under `parent`, rewriting the paths of its whole subtree."""
    if parent is not None and parent.path.startswith(unit.path):
        raise OrgUnitError(
            _("A unit cannot be placed under itself or one of its own sub-units."), field="parent"
        )
    old_path = unit.path
    unit.parent = parent
    _set_path(unit)
    unit.save(update_fields=["parent", "path", "depth"])
    for descendant in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
        descendant.path = unit.path + descendant.path[len(old_path) :]
        descendant.depth = descendant.path.count("/") - 2
        descendant.save(update_fields=["path", "depth"])


def _end(*, unit: OrgUnit, on: date, reason: str, successor: OrgUnit | None) -> None:
    if unit.valid_until is not None:
        raise OrgUnitError(
            _("%(unit)s already ended on %(day)s.")
            % {"unit": unit.name, "day": unit.valid_until.strftime("%d/%m/%Y")}
        )
    if on <= unit.valid_from:
        raise OrgUnitError(
            _("%(unit)s cannot end on %(day)s, before or on the day it started.")
            % {"unit": unit.name, "day": on.strftime("%d/%m/%Y")},
            field="on",
        )
    living_children = [
        child.name
        for child in unit.children.all()
        if child.valid_until is None or child.valid_until > on
    ]
    if living_children:
        raise OrgUnitError(
            _(
                "%(unit)s still has sub-units that exist after %(day)s: %(children)s. "
                "Dissolve, merge or move them first."
            )
            % {
                "unit": unit.name,
                "day": on.strftime("%d/%m/%Y"),
                "children": ", ".join(living_children),
            }
        )
    unit.valid_until = on
    unit.end_reason = reason
    unit.successor = successor
    unit.save(update_fields=["valid_until", "end_reason", "successor", "updated_at"])
    # Roles held in a unit end with it; the rows stay as history.
    Membership.objects.filter(unit=unit, valid_until__isnull=True, valid_from__lt=on).update(
        valid_until=on
    )


@transaction.atomic
def org_unit_dissolve(*, actor: User | None, unit: OrgUnit, on: date) -> OrgUnit:
    """Dissolve `unit` from `on` (the first day it no longer exists); its history stays."""
    if actor is not None:
        _check(policies.can_manage_org_unit(actor, unit))
    _end(unit=unit, on=on, reason=OrgUnitEndReason.DISSOLVED, successor=None)
    return unit


@transaction.atomic
def org_unit_merge(
    *, actor: User | None, sources: Iterable[OrgUnit], into: OrgUnit, on: date
) -> OrgUnit:
    """Merge `sources` into `into` from `on`: each source ends and names `into` as successor.

    The 2025 reorganisation merged several communes into one new commune this way (domain.md §1);
    old dossiers keep pointing at the old units, which stay in the tree as history.
    """
    sources = list(sources)
    if not sources:
        raise OrgUnitError(_("Name at least one unit to merge."), field="sources")
    if actor is not None:
        _check(
            policies.can_manage_org_unit(actor, into)
            and all(policies.can_manage_org_unit(actor, source) for source in sources)
        )
    if not into.is_valid_on(on):
        raise OrgUnitError(
            _("%(unit)s does not exist on %(day)s, so nothing can be merged into it.")
            % {"unit": into.name, "day": on.strftime("%d/%m/%Y")},
            field="into",
        )
    for source in sources:
        if source.pk == into.pk:
            raise OrgUnitError(_("A unit cannot be merged into itself."), field="sources")
        _end(unit=source, on=on, reason=OrgUnitEndReason.MERGED, successor=into)
    return into


@dataclass
class ImportReport:
    """What `org_units_import` did: counts and every error with the record's position."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


# Fields an import may change on an existing unit; ends go through _end, moves through _move.
_UPDATABLE_FIELDS = ("name", "kind", "level", "office_hours", "valid_from")


def _parse_record(record: Mapping[str, Any], position: int) -> dict[str, Any]:
    """Check one record of an import file and return clean values, or raise OrgUnitError."""
    problems = []
    identifier = str(record.get("identifier") or "").strip()
    if not identifier:
        problems.append(_("identifier is missing"))
    name = str(record.get("name") or "").strip()
    if not name:
        problems.append(_("name is missing"))
    kind = record.get("kind")
    if kind not in OrgUnitKind.values:
        problems.append(
            _("kind %(kind)s is not one of %(kinds)s")
            % {"kind": kind, "kinds": ", ".join(OrgUnitKind.values)}
        )
    level_names = {"province": 1, "district": 2, "commune": 3}
    level = record.get("level")
    level = level_names.get(level, level) if isinstance(level, str) else level
    if level not in OrgUnitLevel.values:
        problems.append(_("level must be province, district or commune (or 1, 2, 3)"))
    dates: dict[str, date | None] = {}
    for key in ("valid_from", "valid_until"):
        raw = record.get(key)
        try:
            dates[key] = date.fromisoformat(raw) if raw else None
        except (TypeError, ValueError):
            problems.append(
                _("%(key)s %(value)s is not a date (YYYY-MM-DD)") % {"key": key, "value": raw}
            )
    if problems:
        raise OrgUnitError(
            _("Record %(position)s (%(identifier)s): %(problems)s.")
            % {
                "position": position,
                "identifier": identifier or "?",
                "problems": "; ".join(problems),
            }
        )
    return {
        "position": position,
        "identifier": identifier,
        "name": name,
        "kind": kind,
        "level": level,
        "parent": str(record.get("parent") or "").strip() or None,
        "office_hours": str(record.get("office_hours") or DEFAULT_OFFICE_HOURS),
        "valid_from": dates["valid_from"] or date(2025, 7, 1),
        "valid_until": dates["valid_until"],
        "end_reason": str(record.get("end_reason") or ""),
        "successor": str(record.get("successor") or "").strip() or None,
    }


@transaction.atomic
def org_units_import(*, records: Iterable[Mapping[str, Any]]) -> ImportReport:
    """Create or update units from records, idempotent by identifier (import_units command).

    Each record: identifier, name, kind, level, parent (identifier, optional), office_hours,
    valid_from, valid_until, end_reason (dissolved|merged) and successor (identifier), the last
    four optional. Records may come in any order. If any record is wrong nothing is written and
    every error is reported with the record's position (1-based).
    """
    report = ImportReport()
    parsed: list[dict[str, Any]] = []
    for position, record in enumerate(records, start=1):
        try:
            parsed.append(_parse_record(record, position))
        except OrgUnitError as exc:
            report.errors.append(str(exc))
    known = {item["identifier"] for item in parsed}
    existing = {unit.identifier: unit for unit in OrgUnit.objects.all()}
    for item in parsed:
        for key in ("parent", "successor"):
            ref = item[key]
            if ref and ref not in known and ref not in existing:
                report.errors.append(
                    _(
                        "Record %(position)s (%(identifier)s): %(key)s %(ref)s is not in the file "
                        "or the database."
                    )
                    % {
                        "position": item["position"],
                        "identifier": item["identifier"],
                        "key": key,
                        "ref": ref,
                    }
                )
    if report.errors:
        transaction.set_rollback(True)
        return report

    # Parents before children: sort by the depth each record reaches through the file.
    by_identifier = {item["identifier"]: item for item in parsed}

    def depth(item: dict[str, Any], seen: frozenset[str] = frozenset()) -> int:
        parent = item["parent"]
        if parent is None or parent not in by_identifier:
            return 0
        if parent in seen:
            raise OrgUnitError(
                _("The units %(ids)s form a cycle.") % {"ids": ", ".join(sorted(seen))}
            )
        return 1 + depth(by_identifier[parent], seen | {item["identifier"]})

    try:
        ordered = sorted(parsed, key=depth)
    except OrgUnitError as exc:
        report.errors.append(str(exc))
        transaction.set_rollback(True)
        return report

    for item in ordered:
        parent = existing.get(item["parent"]) if item["parent"] else None
        unit = existing.get(item["identifier"])
        try:
            if unit is None:
                unit = org_unit_create(
                    actor=None,
                    identifier=item["identifier"],
                    name=item["name"],
                    kind=item["kind"],
                    level=item["level"],
                    parent=parent,
                    valid_from=item["valid_from"],
                    office_hours=item["office_hours"],
                )
                existing[unit.identifier] = unit
                report.created += 1
            else:
                changed = [name for name in _UPDATABLE_FIELDS if getattr(unit, name) != item[name]]
                for name in changed:
                    setattr(unit, name, item[name])
                if changed:
                    _full_clean(unit)
                    unit.save(update_fields=[*changed, "updated_at"])
                if unit.parent_id != (parent.pk if parent else None):
                    _move(unit, parent)
                    changed.append("parent")
                if changed:
                    report.updated += 1
                else:
                    report.unchanged += 1
        except DomainError as exc:
            report.errors.append(f"{item['identifier']}: {exc}")
    if report.errors:
        transaction.set_rollback(True)
        return report
    # Ends last, so that children that end with their parent are ended first (deepest first).
    for item in sorted(ordered, key=depth, reverse=True):
        unit = existing[item["identifier"]]
        if item["valid_until"] is None or unit.valid_until == item["valid_until"]:
            continue
        successor = existing.get(item["successor"]) if item["successor"] else None
        reason = item["end_reason"] or (
            OrgUnitEndReason.MERGED if successor else OrgUnitEndReason.DISSOLVED
        )
        try:
            _end(unit=unit, on=item["valid_until"], reason=reason, successor=successor)
        except DomainError as exc:
            report.errors.append(f"{item['identifier']}: {exc}")
    if report.errors:
        transaction.set_rollback(True)
    return report


@transaction.atomic
def user_create_staff(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    full_name: str,
    email: str = "",
    phone: str = "",
) -> User:
    """Create a staff account; roles come from `membership_grant`."""
    if actor is not None:
        _check(policies.can_use_admin(actor))
    user = User(
        username=username, full_name=full_name, email=email, phone=phone, kind=UserKind.STAFF
    )
    user.set_password(password) if password else user.set_unusable_password()
    _full_clean(user)
    user.save()
    return user


@transaction.atomic
def user_create_citizen(
    *,
    username: str,
    password: str | None,
    full_name: str,
    id_number: str,
    email: str = "",
    phone: str = "",
) -> User:
    """Create a citizen account identified by the 12-digit ID number."""
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        id_number=id_number,
        kind=UserKind.CITIZEN,
    )
    user.set_password(password) if password else user.set_unusable_password()
    _full_clean(user)
    user.save()
    return user


@transaction.atomic
def membership_grant(
    *, actor: User | None, user: User, unit: OrgUnit, role: str, valid_from: date | None = None
) -> Membership:
    """Give `user` the `role` in `unit` from `valid_from` (default today)."""
    if actor is not None:
        _check(policies.can_manage_memberships(actor, unit))
    if not user.is_officer:
        raise AccountError(_("Only staff accounts can hold a role in a unit."), field="user")
    if role not in Role.values:
        raise AccountError(_("%(role)s is not a role.") % {"role": role}, field="role")
    start = valid_from or today()
    if not unit.is_valid_on(start):
        raise AccountError(
            _("%(unit)s does not exist on %(day)s.")
            % {"unit": unit.name, "day": start.strftime("%d/%m/%Y")},
            field="unit",
        )
    membership = Membership(user=user, unit=unit, role=role, valid_from=start)
    _full_clean(membership)
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, actor: User | None, membership: Membership, on: date) -> Membership:
    """End a membership from `on`; the row stays as history."""
    if actor is not None:
        _check(policies.can_manage_memberships(actor, membership.unit))
    if membership.valid_until is not None:
        raise AccountError(_("This role has already ended."))
    if on <= membership.valid_from:
        raise AccountError(_("A role must end after it starts."), field="on")
    membership.valid_until = on
    membership.save(update_fields=["valid_until"])
    return membership


@transaction.atomic
def calendar_entry_publish(
    *, actor: User | None, unit: OrgUnit | None, day: date, working: bool, reason: str
) -> CalendarEntry:
    """Publish an extra day off (working=False) or an extra working day for `unit` (or all).

    domain.md §6: the statutory calendar comes from `holidays`; administrators add what the
    Prime Minister or the province declares each year, and local closures.
    """
    if actor is not None:
        _check(policies.can_publish_calendar_entry(actor, unit))
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Say why this day is different (the reason is shown in explanations)."),
            field="reason",
        )
    if CalendarEntry.objects.filter(unit=unit, day=day).exists():
        raise DomainError(
            _("There is already an entry for %(day)s; withdraw it first.")
            % {"day": day.strftime("%d/%m/%Y")},
            field="day",
        )
    return CalendarEntry.objects.create(
        unit=unit, day=day, working=working, reason=reason, created_by=actor
    )


@transaction.atomic
def calendar_entry_withdraw(*, actor: User | None, entry: CalendarEntry) -> None:
    """Withdraw a calendar entry published by mistake."""
    if actor is not None:
        _check(policies.can_publish_calendar_entry(actor, entry.unit))
    entry.delete()
