"""Who may change the catalogue and the internal processes."""

from __future__ import annotations

from motcua.accounts.models import Role, User
from motcua.accounts.selectors import AnyUser, membership_list_active


def can_maintain_catalog(user: AnyUser) -> bool:
    """Return whether the user maintains the catalogue: superusers and province administrators.

    The province publishes procedures and approves internal processes (domain.md §3-4), so the
    administrators of a root unit maintain them.
    """
    if isinstance(user, User) and user.is_superuser:
        return True
    return any(
        membership.role == Role.ADMINISTRATOR and membership.unit.parent_id is None
        for membership in membership_list_active(user=user)
    )
