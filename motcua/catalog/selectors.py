"""Reads of the catalogue for the interfaces: versions in force, search, public detail.

The published catalogue is public information (NĐ 63/2010: procedures must be made public), so
these reads need no user; drafts are only read through the admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from motcua.catalog.models import ChannelTerm, Procedure, ProcedureVersion, VersionStatus
from motcua.core.errors import NotFoundError
from motcua.core.text import fold, search_terms
from motcua.core.time import today


def procedure_version_in_force(
    *, procedure: Procedure, on: date | None = None
) -> ProcedureVersion | None:
    """Return the published version in force on `on` (default today), or None.

    The latest published version whose effective date is on or before the day; None when the
    procedure is abolished by then or nothing was in force yet.
    """
    day = on or today()
    if procedure.abolished_from is not None and procedure.abolished_from <= day:
        return None
    return (
        procedure.versions.filter(status=VersionStatus.PUBLISHED, effective_from__lte=day)
        .select_related("field")
        .order_by("-effective_from", "-number")
        .first()
    )


@dataclass(frozen=True)
class CatalogFilters:
    query: str = ""
    field_id: int | None = None
    level: str = ""  # "province" or "commune"
    agency: str = ""
    online_level: str = ""


def procedure_search(*, filters: CatalogFilters, on: date | None = None) -> list[ProcedureVersion]:
    """Return the versions in force matching the filters, best matches first.

    Search folds case and diacritics on both sides ("dang ky ket hon" finds "Đăng ký kết hôn"):
    every query word must occur in the folded name, codes or field. Ranking: the exact name,
    then names starting with the query, then names containing it as a phrase, then the rest,
    each by code. Measured: docs/catalog.md.
    """
    day = on or today()
    queryset = (
        ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED, effective_from__lte=day)
        .filter(Q(procedure__abolished_from__isnull=True) | Q(procedure__abolished_from__gt=day))
        .select_related("procedure", "field")
        .prefetch_related(Prefetch("terms", queryset=ChannelTerm.objects.order_by("channel")))
        .order_by("procedure__code", "-effective_from", "-number")
    )
    for term in search_terms(filters.query):
        queryset = queryset.filter(search_text__contains=term)
    if filters.field_id:
        queryset = queryset.filter(field_id=filters.field_id)
    if filters.level == "province":
        queryset = queryset.filter(for_province=True)
    elif filters.level == "commune":
        queryset = queryset.filter(for_commune=True)
    if filters.online_level:
        queryset = queryset.filter(online_level=filters.online_level)
    if filters.agency:
        queryset = queryset.filter(implementing_agency__icontains=filters.agency)
    seen: set[int] = set()
    versions = []
    for version in queryset:
        if version.procedure_id in seen:
            continue  # an older version of a procedure already listed
        seen.add(version.procedure_id)
        versions.append(version)
    phrase = " ".join(search_terms(filters.query))
    if phrase:
        versions.sort(key=lambda version: _rank(version, phrase))
    return versions


def _rank(version: ProcedureVersion, phrase: str) -> tuple[int, str]:
    name = fold(version.name)
    for prefix in ("thu tuc ", ""):
        stripped = name.removeprefix(prefix)
        if stripped == phrase:
            return (0, version.procedure.code)
        if stripped.startswith(phrase):
            return (1, version.procedure.code)
    if phrase in name:
        return (2, version.procedure.code)
    return (3, version.procedure.code)


def procedure_get_by_code(*, code: str, on: date | None = None) -> ProcedureVersion:
    """Return the version in force of the procedure with this national or localised code."""
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is None:
        version = (
            ProcedureVersion.objects.filter(local_code=code, status=VersionStatus.PUBLISHED)
            .select_related("procedure")
            .first()
        )
        procedure = version.procedure if version is not None else None
    version = procedure_version_in_force(procedure=procedure, on=on) if procedure else None
    if version is None:
        raise NotFoundError(_("Not found."))
    return version


def procedure_version_list(*, procedure: Procedure) -> QuerySet[ProcedureVersion]:
    """Return every version of a procedure, newest first (history, side by side in the admin)."""
    return procedure.versions.select_related("field").order_by("-number")
