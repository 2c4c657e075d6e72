"""Who may do what to units, memberships and calendars: `can_<verb>_<noun>(user, obj) -> bool`."""

from __future__ import annotations

from motcua.accounts.models import OrgUnit, Role, User
from motcua.accounts.selectors import AnyUser, membership_list_active


def _holds_role_over(*, user: AnyUser, unit: OrgUnit, roles: frozenset[str]) -> bool:
    """Return whether the user holds one of `roles` in `unit` or one of its ancestors."""
    return any(
        membership.role in roles and unit.path.startswith(membership.unit.path)
        for membership in membership_list_active(user=user)
    )


def can_manage_org_unit(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether the user may create children, merge or dissolve `unit`: its administrators."""
    return _holds_role_over(user=user, unit=unit, roles=frozenset({Role.ADMINISTRATOR}))


def can_manage_memberships(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether the user may grant and end roles in `unit`: its administrators."""
    return can_manage_org_unit(user, unit)


def can_publish_calendar_entry(user: AnyUser, unit: OrgUnit | None) -> bool:
    """Return whether the user may add a day off or working day for `unit`.

    Deployment-wide entries (no unit) need an administrator of a root unit.
    """
    if unit is None:
        return any(
            membership.role == Role.ADMINISTRATOR and membership.unit.parent_id is None
            for membership in membership_list_active(user=user)
        )
    return can_manage_org_unit(user, unit)


def can_use_admin(user: AnyUser) -> bool:
    """Return whether the user may open Django's admin: superusers and unit administrators."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or any(
        membership.role == Role.ADMINISTRATOR for membership in membership_list_active(user=user)
    )
