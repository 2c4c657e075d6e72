"""Who may act on a dossier: `can_act(user, dossier, action, step)` (domain.md §2, §5).

Built on the user's active memberships (accounts.selectors.membership_list_active, one query per
request): a one-stop officer acts at intake and return for the units where they hold that role;
officers act on a step when they hold the step's role in the step's unit (or hold the dossier);
leaders assign, refuse and extend in their unit. Supervisors watch but never act. A citizen
applies, completes a supplement and withdraws, on their own dossier only.
"""

from __future__ import annotations

from motcua.accounts.models import OrgUnit, Role, User
from motcua.accounts.selectors import AnyUser, membership_list_active
from motcua.dossiers.lifecycle import APPLICANT_ACTIONS, RULES, STEP_ACTION_ROLES, Action, Actor
from motcua.dossiers.models import Dossier, DossierStep

LEADERS = frozenset({Role.OFFICE_LEADER, Role.AGENCY_LEADER})


def _roles_in(user: AnyUser, unit_id: int | None) -> set[str]:
    return {
        membership.role
        for membership in membership_list_active(user=user)
        if membership.unit_id == unit_id
    }


def holds_role(user: AnyUser, unit: OrgUnit | None, roles: frozenset[str] | set[str]) -> bool:
    """Return whether the user holds one of `roles` in `unit` itself (not in a parent)."""
    return unit is not None and bool(_roles_in(user, unit.pk) & set(roles))


def can_act(
    user: AnyUser,
    dossier: Dossier,
    action: Action,
    step: DossierStep | None = None,
    consulted_unit_id: int | None = None,
) -> bool:
    """Return whether `user` may take `action` on `dossier` (its state is checked elsewhere).

    `step` is the dossier's current step (the lead step of its position) for step actions;
    `consulted_unit_id` the unit asked for an opinion, for a reply.
    """
    if not isinstance(user, User) or not user.is_active:
        return False
    if not user.is_officer:
        # A citizen acts only on their own dossier, and only as the applicant.
        return action in APPLICANT_ACTIONS and dossier.applicant_user_id == user.pk
    actor = RULES[action].actor
    if actor is Actor.INTAKE:
        return bool(_roles_in(user, dossier.receiving_unit_id) & {Role.ONE_STOP_OFFICER})
    if actor is Actor.INTAKE_OR_LEADER:
        if _roles_in(user, dossier.receiving_unit_id) & {Role.ONE_STOP_OFFICER}:
            return True
        return step is not None and bool(_roles_in(user, step.actor_unit_id) & LEADERS)
    if actor is Actor.CONSULTED:
        return consulted_unit_id is not None and bool(_roles_in(user, consulted_unit_id))
    if step is None:
        return False
    roles = _roles_in(user, step.actor_unit_id)
    if actor is Actor.STEP_LEADER or actor is Actor.HANDLING_LEADER:
        return bool(roles & LEADERS)
    # Actor.STEP: the holder, or anyone with the step's role in its unit.
    needed = STEP_ACTION_ROLES.get(action)
    if needed is not None and step.actor_role not in needed:
        return False
    return step.actor_role in roles or (
        step.holder_id == user.pk and dossier.holder_id == user.pk and bool(roles)
    )
