"""Who may digitise a dossier's documents and revoke its results (domain.md §2, §12)."""

from __future__ import annotations

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import AnyUser, membership_list_active
from motcua.documents.models import Result
from motcua.dossiers.models import Dossier

ACTING_ROLES = frozenset(
    {Role.ONE_STOP_OFFICER, Role.SPECIALIST, Role.OFFICE_LEADER, Role.AGENCY_LEADER, Role.CLERK}
)
# Revocation undoes an issued result: the leaders who sign and the clerk who issues.
REVOKING_ROLES = frozenset({Role.OFFICE_LEADER, Role.AGENCY_LEADER, Role.CLERK})


def _roles(user: AnyUser) -> dict[int, set[str]]:
    roles: dict[int, set[str]] = {}
    for membership in membership_list_active(user=user):
        roles.setdefault(membership.unit_id, set()).add(membership.role)
    return roles


def can_digitise_dossier(user: AnyUser, dossier: Dossier) -> bool:
    """Return whether the user may record digitised documents of the dossier: a one-stop
    officer of its receiving unit, or an officer acting in a unit of its steps."""
    if not isinstance(user, User) or not user.is_active:
        return False
    roles = _roles(user)
    if Role.ONE_STOP_OFFICER in roles.get(dossier.receiving_unit_id, set()):
        return True
    step_units = set(dossier.steps.values_list("actor_unit_id", flat=True))
    return any(roles.get(unit, set()) & ACTING_ROLES for unit in step_units)


def can_revoke_result(user: AnyUser, result: Result) -> bool:
    """Return whether the user may revoke the result: a leader or clerk of its issuing unit."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return bool(_roles(user).get(result.issuing_unit_id, set()) & REVOKING_ROLES)
