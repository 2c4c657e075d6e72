"""Org units, memberships and calendar entries: staff only, scoped by `accounts.selectors`."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status
from ninja.security import django_auth

from motcua.accounts import selectors, services
from motcua.accounts.models import CalendarEntry, Membership, User
from motcua.api.schemas import (
    CalendarEntryIn,
    CalendarEntryOut,
    ErrorOut,
    MembershipOut,
    MeOut,
    OrgUnitOut,
)

router = Router(auth=django_auth, tags=["organisation"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _membership_out(membership: Membership) -> MembershipOut:
    return MembershipOut(
        id=membership.pk,
        user_id=membership.user_id,
        user_name=str(membership.user),
        unit_id=membership.unit_id,
        role=membership.role,
        valid_from=membership.valid_from,
        valid_until=membership.valid_until,
    )


def _entry_out(entry: CalendarEntry) -> CalendarEntryOut:
    return CalendarEntryOut(
        id=entry.pk,
        unit_id=entry.unit_id,
        day=entry.day,
        working=entry.working,
        reason=entry.reason,
    )


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> MeOut:
    """Return the logged-in user and their active memberships."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 -- django_auth guarantees a logged-in user
    return MeOut(
        id=user.pk,
        username=user.username,
        full_name=user.full_name,
        kind=user.kind,
        memberships=[
            _membership_out(membership)
            for membership in selectors.membership_list_active(user=user)
        ],
    )


@router.get("/units", response={200: list[OrgUnitOut], **ERRORS})
def unit_list(request: HttpRequest) -> list[OrgUnitOut]:
    """Return the units the user may see, in tree order."""
    return [
        OrgUnitOut.model_validate(unit, from_attributes=True)
        for unit in selectors.org_unit_list_for_user(user=request.user)
    ]


@router.get("/units/{unit_id}", response={200: OrgUnitOut, **ERRORS})
def unit_detail(request: HttpRequest, unit_id: int) -> OrgUnitOut:
    """Return one unit; 404 for both a missing unit and one the user may not see."""
    unit = selectors.org_unit_get_for_user(user=request.user, pk=unit_id)
    return OrgUnitOut.model_validate(unit, from_attributes=True)


@router.get("/units/{unit_id}/members", response={200: list[MembershipOut], **ERRORS})
def unit_members(request: HttpRequest, unit_id: int) -> list[MembershipOut]:
    """Return the memberships (current and past) of a unit the user may see."""
    return [
        _membership_out(membership)
        for membership in selectors.membership_list_for_unit(user=request.user, unit_pk=unit_id)
    ]


@router.get("/units/{unit_id}/calendar", response={200: list[CalendarEntryOut], **ERRORS})
def unit_calendar(request: HttpRequest, unit_id: int) -> list[CalendarEntryOut]:
    """Return the calendar entries that apply to a unit (deployment-wide, then root to unit)."""
    unit = selectors.org_unit_get_for_user(user=request.user, pk=unit_id)
    return [_entry_out(entry) for entry in selectors.calendar_entry_list_for_unit(unit=unit)]


@router.post("/units/{unit_id}/calendar", response={201: CalendarEntryOut, 400: ErrorOut, **ERRORS})
def unit_calendar_publish(
    request: HttpRequest, unit_id: int, payload: CalendarEntryIn
) -> Status[CalendarEntryOut]:
    """Publish an extra day off or working day for a unit (its administrators only)."""
    unit = selectors.org_unit_get_for_user(user=request.user, pk=unit_id)
    actor = request.user
    assert isinstance(actor, User)  # noqa: S101 -- django_auth guarantees a logged-in user
    entry = services.calendar_entry_publish(
        actor=actor, unit=unit, day=payload.day, working=payload.working, reason=payload.reason
    )
    return Status(201, _entry_out(entry))
