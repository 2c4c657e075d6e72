"""Reads of the catalogue for the interfaces: versions in force, search, public detail.

The published catalogue is public information (NĐ 63/2010: procedures must be made public), so
these reads need no user; drafts are only read through the admin. The display text of a time
limit and a fee is here too, so that the pages and the API say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import overload

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.catalog.models import (
    Channel,
    ChannelTerm,
    Field,
    LimitUnit,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    VersionStatus,
    base_code_validator,
)
from motcua.core.errors import NotFoundError
from motcua.core.text import fold, search_terms
from motcua.core.time import today

PAGE_SIZE = 20  # results per page of the public list and of the API (issue: "20 per page")


def procedure_version_in_force(
    *, procedure: Procedure, on: date | None = None
) -> ProcedureVersion | None:
    """Return the published version in force on `on` (default today), or None.

    The latest published version whose effective date is on or before the day; None when the
    procedure is abolished by then or nothing was in force yet.
    """
    return _in_force(procedure.versions.select_related("field"), on or today()).first()


def _in_force(queryset: QuerySet[ProcedureVersion], day: date) -> QuerySet[ProcedureVersion]:
    """Keep the versions of `queryset` in force on `day`: published, taken effect, and not
    ended by a later version or the abolition (`effective_until`, kept by the services)."""
    return queryset.filter(
        Q(effective_until__isnull=True) | Q(effective_until__gt=day),
        status=VersionStatus.PUBLISHED,
        effective_from__lte=day,
    )


def procedure_list_in_force(*, on: date | None = None) -> QuerySet[ProcedureVersion]:
    """Return the version in force on `on` of every procedure, one row per procedure, unordered.

    At most one version of a procedure is in force on a day: the periods of its versions
    do not overlap (models.version_period_ends).
    """
    return _in_force(ProcedureVersion.objects.order_by(), on or today())


@dataclass(frozen=True)
class CatalogFilters:
    query: str = ""
    field_id: int | None = None
    level: str = ""  # "province" or "commune"
    agency: str = ""
    online_level: str = ""


def query_terms(query: str) -> list[str]:
    """Return the folded words a query must match, without a leading "thủ tục" ("procedure").

    Many names start with "Thủ tục" and many do not; people type it either way.
    """
    terms = search_terms(query)
    if terms[:2] == ["thu", "tuc"] and len(terms) > 2:
        return terms[2:]
    return terms


def _starts_word(column: str, text: str) -> Q:
    """Match `text` at the start of a word of a search column (core.text.search_column).

    Word starts rather than any substring: "hon" must not find "phong", nor "ket" "bket".
    """
    return Q(**{f"{column}__contains": f" {text}"})


def _bare_name(search_text: str) -> str:
    """The folded name of a search text (services.search_text), without "thủ tục"."""
    return search_text.partition(" !")[0].strip().removeprefix("thu tuc ")


def _browse_key(search_text: str) -> str:
    """The order of a list without a query: by folded name without "thủ tục", then code.

    The name is followed by " ! " and the codes: "!" sorts before digits and letters, so the
    plain text sorts by name first (services.search_text).
    """
    return search_text.lstrip().removeprefix("thu tuc ")


def _sort_key(search_text: str, terms: list[str]) -> tuple[int, str, str]:
    """Rank one match: 0 the exact name, 1 a name starting with the query, 2 the query as a
    phrase in the name, 3 every word in the name, 4 words found only in the codes or field."""
    phrase = " ".join(terms)
    bare = _bare_name(search_text)
    name = f" {bare} "
    if bare == phrase:
        rank = 0
    elif bare.startswith(phrase):
        rank = 1
    elif f" {phrase}" in name:
        rank = 2
    elif all(f" {term}" in name for term in terms):
        rank = 3
    else:
        rank = 4
    return (rank, bare, search_text)  # ties by folded name without "thủ tục", then code


@dataclass(frozen=True)
class TermSummary:
    """A channel's time limit and fee as the list and the API show them."""

    channel: str
    channel_label: str
    limit_text: str
    fee_vnd: int
    fee_text: str


@dataclass(frozen=True)
class ProcedureSummary:
    """One search result: what the list page and the API list show of a version in force."""

    version_id: int
    code: str
    local_code: str
    name: str
    field_name: str
    field_code: str
    for_province: bool
    for_commune: bool
    online_level: str
    implementing_agency: str
    terms: tuple[TermSummary, ...]

    @property
    def levels(self) -> list[str]:
        """The levels as codes: "province", "commune"."""
        return [
            level
            for level, applies in (("province", self.for_province), ("commune", self.for_commune))
            if applies
        ]

    @property
    def common_term(self) -> TermSummary | None:
        """The one time limit and fee of every channel, when they are all the same."""
        if self.terms and len({(term.limit_text, term.fee_text) for term in self.terms}) == 1:
            return self.terms[0]
        return None

    @property
    def online_level_label(self) -> str:
        return str(OnlineLevel(self.online_level).label)


_SUMMARY_FIELDS = (
    "pk",
    "procedure__code",
    "local_code",
    "name",
    "field__name",
    "field__code",
    "for_province",
    "for_commune",
    "online_level",
    "implementing_agency",
)


def _summaries(ids: list[int]) -> list[ProcedureSummary]:
    """Load the summaries of these versions, in this order, in two queries of plain values.

    Not model instances: building 20 instances of the wide version rows costs several times
    the query itself (docs/catalog.md).
    """
    if not ids:
        return []
    terms: dict[int, list[TermSummary]] = {pk: [] for pk in ids}
    channel_labels = dict(Channel.choices)
    for version_id, channel, value, unit, cutoff, fee in (
        ChannelTerm.objects.filter(version_id__in=ids)
        .order_by("channel")
        .values_list("version_id", "channel", "limit_value", "limit_unit", "cutoff", "fee_vnd")
    ):
        terms[version_id].append(
            TermSummary(
                channel=channel,
                channel_label=str(channel_labels.get(channel, channel)),
                limit_text=limit_display(value=value, unit=unit, cutoff=cutoff),
                fee_vnd=fee,
                fee_text=fee_display(fee),
            )
        )
    rows = {
        row[0]: row
        for row in ProcedureVersion.objects.filter(pk__in=ids)
        .order_by()
        .values_list(*_SUMMARY_FIELDS)
    }
    summaries = []
    for pk in ids:
        _pk, code, local_code, name, field_name, field_code, province, commune, online, agency = (
            rows[pk]
        )
        summaries.append(
            ProcedureSummary(
                version_id=pk,
                code=code,
                local_code=local_code,
                name=name,
                field_name=field_name,
                field_code=field_code,
                for_province=province,
                for_commune=commune,
                online_level=online,
                implementing_agency=agency,
                terms=tuple(terms[pk]),
            )
        )
    return summaries


class SearchResults(Sequence[ProcedureSummary]):
    """The versions found, best first; slicing loads only the summaries asked for.

    Made for Django's Paginator: the count is the length of the id list, and a page loads its
    summaries in two queries.
    """

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> ProcedureSummary: ...

    @overload
    def __getitem__(self, index: slice) -> list[ProcedureSummary]: ...

    def __getitem__(self, index: int | slice) -> ProcedureSummary | list[ProcedureSummary]:
        if isinstance(index, slice):
            return _summaries(self.ids[index])
        return _summaries([self.ids[index]])[0]


def procedure_search(*, filters: CatalogFilters, on: date | None = None) -> SearchResults:
    """Return the versions in force matching the filters, best matches first, ready to page.

    Search folds case and diacritics on both sides ("dang ky ket hon" finds "Đăng ký kết hôn"):
    every query word must start a word of the folded name, codes or field (`search_text`).
    Ranking (`_sort_key`): the exact name, then names starting with the query, then names
    containing it as a phrase, then names containing every word, then matches in the codes or
    field only; a leading "thủ tục" is ignored on both sides. Ties, and a list without a
    query, go by folded name (without "thủ tục"), then code. The agency filter folds too
    (`agency_text`, word starts).

    One query returns the ids and folded texts of the matches, read from the `version_search`
    index alone when only words and the agency filter; the ranking and the count are done in
    Python on those short values, and only the page's rows are loaded (`SearchResults`).
    Measured: docs/catalog.md.
    """
    terms = query_terms(filters.query)
    # One filter() call: each call clones the query (measured: chained calls were a third of
    # the Django time of a four-word search).
    conditions = [_starts_word("search_text", term) for term in terms]
    conditions += [_starts_word("agency_text", term) for term in search_terms(filters.agency)]
    if filters.field_id:
        conditions.append(Q(field_id=filters.field_id))
    if filters.level == "province":
        conditions.append(Q(for_province=True))
    elif filters.level == "commune":
        conditions.append(Q(for_commune=True))
    if filters.online_level:
        conditions.append(Q(online_level=filters.online_level))
    queryset = _in_force(ProcedureVersion.objects.order_by(), on or today()).filter(*conditions)
    matches = list(queryset.values_list("pk", "search_text"))
    if terms:
        matches.sort(key=lambda match: _sort_key(match[1], terms))
    else:
        matches.sort(key=lambda match: _browse_key(match[1]))
    return SearchResults([pk for pk, _text in matches])


def field_list_in_use() -> list[Field]:
    """Return the fields that have a published version, by folded name (the same on both DBs)."""
    fields = Field.objects.filter(versions__status=VersionStatus.PUBLISHED).distinct()
    return sorted(fields, key=lambda field: fold(field.name))


def _with_content(queryset: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    return queryset.select_related("procedure", "field").prefetch_related(
        Prefetch("documents", queryset=RequiredDocument.objects.order_by("position")),
        Prefetch("terms", queryset=ChannelTerm.objects.order_by("channel")),
    )


def _is_national_code(code: str) -> bool:
    try:
        base_code_validator(code)
    except ValidationError:
        return False
    return True


def procedure_get_by_code(*, code: str, on: date | None = None) -> ProcedureVersion:
    """Return the version in force of the procedure with this national or localised code.

    With its procedure, field, documents and time limits loaded. Raises NotFoundError when no
    procedure has the code or none of its versions is in force (not yet, or abolished).
    """
    code = code.strip()
    by_code = Q(procedure__code=code) if _is_national_code(code) else Q(local_code__iexact=code)
    queryset = _in_force(ProcedureVersion.objects.filter(by_code).order_by(), on or today())
    version = _with_content(queryset).first()
    if version is None:
        raise NotFoundError(_("No procedure in force has the code %(code)s.") % {"code": code})
    return version


def procedure_get_for_code(*, code: str) -> Procedure:
    """Return the procedure with this national code, or with a published version of this
    localised code; abolished procedures too (their history stays readable)."""
    code = code.strip()
    if _is_national_code(code):
        procedure = Procedure.objects.filter(code=code).first()
    else:
        procedure = Procedure.objects.filter(
            versions__local_code__iexact=code, versions__status=VersionStatus.PUBLISHED
        ).first()
    if procedure is None:
        raise NotFoundError(_("No procedure has the code %(code)s.") % {"code": code})
    return procedure


def procedure_version_get_published(*, procedure: Procedure, number: int) -> ProcedureVersion:
    """Return published version `number` of a procedure with its content (drafts are not public)."""
    version = _with_content(
        ProcedureVersion.objects.filter(
            procedure=procedure, number=number, status=VersionStatus.PUBLISHED
        ).order_by()
    ).first()
    if version is None:
        raise NotFoundError(
            _("Procedure %(code)s has no published version %(number)s.")
            % {"code": procedure.code, "number": number}
        )
    return version


def procedure_version_list(*, procedure: Procedure) -> QuerySet[ProcedureVersion]:
    """Return every version of a procedure, newest first (history, side by side in the admin)."""
    return procedure.versions.select_related("field").order_by("-number")


@dataclass(frozen=True)
class HistoryEntry:
    """A published version and when it applies: `until` is the first day it no longer does."""

    version: ProcedureVersion
    state: str  # "in_force", "past" (superseded or abolished) or "upcoming"
    until: date | None


def procedure_history(*, procedure: Procedure, on: date | None = None) -> list[HistoryEntry]:
    """Return the published versions of a procedure, newest first, each with its period.

    A version applies from its effective date until the next version's (a version superseded
    on its first day never applied) or the abolition; an "upcoming" version is published ahead
    of its effective date (domain.md §3: at least 5 working days ahead).
    """
    day = on or today()
    entries = []
    for version in procedure.versions.filter(status=VersionStatus.PUBLISHED).order_by(
        "-effective_from", "-number"
    ):
        start, until = version.effective_from, version.effective_until
        assert start is not None  # noqa: S101 -- a published version has dates (constraint)
        if start > day:
            state = "upcoming"
        elif until is not None and until <= day:
            state = "past"
        else:
            state = "in_force"
        entries.append(HistoryEntry(version=version, state=state, until=until))
    return entries


def required_document_get_template(*, procedure: Procedure, pk: int) -> RequiredDocument:
    """Return a document of a published version of `procedure` that has a form template."""
    document = (
        RequiredDocument.objects.filter(
            pk=pk, version__procedure=procedure, version__status=VersionStatus.PUBLISHED
        )
        .exclude(template="")
        .first()
    )
    if document is None:
        raise NotFoundError(_("This form template does not exist."))
    return document


def _quantity(value: Decimal) -> tuple[str, int]:
    """Return a quantity as text in the current language and the count that picks its plural."""
    if value == value.to_integral_value():
        return str(int(value)), int(value)
    return number_format(value.normalize()), 2  # 1.5 days reads as a plural in both languages


def term_limit_display(term: ChannelTerm) -> str:
    """Return a channel's time limit as people read it (`limit_display`)."""
    return limit_display(value=term.limit_value, unit=term.limit_unit, cutoff=term.cutoff)


def limit_display(*, value: Decimal, unit: str, cutoff: time = time(15, 0)) -> str:
    """Return a time limit as people read it: "3 working days", "Same day (if received before
    15:00)"."""
    if unit == LimitUnit.SAME_DAY:
        return _("Same day (if received before %(time)s)") % {"time": cutoff.strftime("%H:%M")}
    text, count = _quantity(value)
    if unit == LimitUnit.WORKING_HOURS:
        template = ngettext("%(count)s working hour", "%(count)s working hours", count)
    elif unit == LimitUnit.CALENDAR_DAYS:
        template = ngettext("%(count)s day", "%(count)s days", count)
    else:
        template = ngettext("%(count)s working day", "%(count)s working days", count)
    return template % {"count": text}


def fee_display(fee_vnd: int) -> str:
    """Return a fee as people read it: "No fee", or "50,000 VND" grouped as the language does."""
    if fee_vnd == 0:
        return _("No fee")
    # Grouped by thousands with the language's separator ("50.000" in Vietnamese); Django's
    # Vietnamese formats set no NUMBER_GROUPING, so number_format alone would not group.
    amount = f"{fee_vnd:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))
    return _("%(amount)s VND") % {"amount": amount}
