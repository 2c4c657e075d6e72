"""Writes of the fact tables (models.py): on every dossier event, and in bulk for imports.

`facts_on_event` is called by `dossiers.services.common.record` inside the event's
transaction, through settings.MOTCUA_DOSSIER_EVENT_RECORDERS (a dotted path, so that the
dossier app imports nothing of reporting; not a signal: one explicit call, style.md). It
rebuilds the dossier's history from its events, computes its facts, and adds the difference
from the facts stored before to the daily counters: the figures are never behind the events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Max

from motcua.catalog.models import ChannelTerm, OnlineLevel, ProcedureVersion
from motcua.documents.models import DossierDigitisation
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.portal.models import StoredDocument
from motcua.reporting import facts as fx
from motcua.reporting.history import Event, History, parse_time
from motcua.reporting.models import (
    DailyFieldFigures,
    DailyFigures,
    DossierExtra,
    DossierFact,
    DossierSpan,
    MonthlyFieldFigures,
    MonthlyFigures,
)

# The event types of the file format, by dossier action (motcua.dossiers.lifecycle.Action).
_ENDINGS = {"refuse": "refused", "stop": "stopped", "withdraw": "withdrawn"}


def procedure_facts(*, version_ids: Iterable[int]) -> dict[int, fx.Procedure]:
    """Return what the indicators need of each procedure version (two queries)."""
    ids = set(version_ids)
    fees = dict(
        ChannelTerm.objects.filter(version_id__in=ids)
        .values("version_id")
        .annotate(top=Max("fee_vnd"))
        .values_list("version_id", "top")
    )
    return {
        pk: fx.Procedure(
            field_id=field_id,
            fee_bearing=(fees.get(pk) or 0) > 0,
            fully_online=level == OnlineLevel.FULL,
        )
        for pk, field_id, level in ProcedureVersion.objects.filter(pk__in=ids).values_list(
            "pk", "field_id", "online_level"
        )
    }


def _event_of(event: DossierEvent) -> Event | None:
    """Return the file-format event an action is, or None when the indicators ignore it."""
    data = event.data or {}
    action = event.action
    if action == "request_supplement":
        return Event("supplement_requested", event.at)
    if action == "complete_supplement":
        due = data.get("due_at")
        return Event(
            "supplement_completed", event.at, new_due_at=parse_time(due, "due_at") if due else None
        )
    if action == "request_extension":
        return Event("extended", event.at, new_due_at=parse_time(data["due_at"], "due_at"))
    if action in ("return_result", "record_postal_dispatch"):
        return Event("returned", event.at, via=data.get("via", "counter"))
    if action in _ENDINGS:
        return Event(_ENDINGS[action], event.at)
    if action == "record_payment":
        return Event(
            "paid", event.at, amount=int(data.get("amount", 0)), method=data.get("method", "")
        )
    if action == "rate":  # the applicant's rating, online or on the counter tablet (portal)
        return Event("rated", event.at, level=data.get("overall", ""))
    if event.to_state == "processed" and event.from_state != "processed":
        return Event("processed", event.at)
    return None


def history_of(
    dossier: Dossier, events: Iterable[DossierEvent], extra: DossierExtra | None
) -> History | None:
    """Return the history of a received dossier from its events (None before receipt).

    The appointment of form 01 is the `due_at` of the receive event. Ratings come from
    `DossierExtra` (imports) and are placed among the events by time.
    """
    if dossier.received_at is None:
        return None
    due_at: datetime | None = None
    found: list[Event] = []
    for event in events:
        if event.action == "receive":
            due = (event.data or {}).get("due_at")
            due_at = parse_time(due, "due_at") if due else dossier.original_due_at
            continue
        mapped = _event_of(event)
        if mapped is not None:
            found.append(mapped)
    if extra is not None:
        found.extend(
            Event("rated", parse_time(item["at"], "at"), level=item["level"])
            for item in extra.ratings
        )
        found.sort(key=lambda item: item.at)  # stable: same-time events keep their order
    history = History(
        code=dossier.code,
        procedure="",
        unit="",
        channel=dossier.channel,
        received_at=dossier.received_at,
        due_at=due_at or dossier.original_due_at or dossier.received_at,
        events=found,
    )
    if extra is not None:
        history.digitised_components = extra.digitised_components
        history.reused_data = extra.reused_data
        history.e_result = extra.e_result
        history.synced_national = extra.synced_national
        history.data_store = extra.data_store
        history.applicant = extra.applicant
    else:
        # A dossier handled in motcua: its digitisation flags (documents, docs/signatures.md).
        flags = DossierDigitisation.objects.filter(dossier_id=dossier.pk).first()
        if flags is not None:
            history.digitised_components = flags.components_digitised
            history.reused_data = flags.reused
            history.e_result = flags.e_result_signed
            history.data_store = flags.citizen_store
        # 766 criterion 4.5 also counts results sent to the citizen's data store: only an
        # applicant with an account has one (portal.services.results_into_store), so the
        # query is left out for the others (most counter dossiers, on every event).
        if not history.data_store and dossier.applicant_user_id is not None:
            history.data_store = StoredDocument.objects.filter(
                dossier_id=dossier.pk, origin=StoredDocument.Origin.RESULT
            ).exists()
    return history


# -- daily counters ---------------------------------------------------------------------------


def _upsert(table: str, keys: tuple[str, ...], columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Add `rows` (keys then counters) to `table`, creating missing rows (both databases).

    Many rows on PostgreSQL (an import) go through COPY into a temporary table and one
    INSERT ... SELECT; a few (one event) through one INSERT ... ON CONFLICT each.
    """
    if not rows:
        return
    names = ", ".join((*keys, *columns))
    updates = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in columns)
    conflict = f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) > 50:
            types = ", ".join(
                f"{name} {'date' if name in ('day', 'month') else 'bigint'}"
                for name in (*keys, *columns)
            )
            cursor.execute(f"CREATE TEMPORARY TABLE _counters ({types}) ON COMMIT DROP")
            with cursor.cursor.copy(f"COPY _counters ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM _counters "  # noqa: S608
                f"ORDER BY {', '.join(keys)} {conflict}"
            )
            cursor.execute("DROP TABLE _counters")
            return
        marks = ", ".join(["%s"] * (len(keys) + len(columns)))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) {conflict}"  # noqa: S608
        cursor.executemany(sql, rows)


def by_month(counters: Mapping[Any, Counter[str]]) -> dict[Any, Counter[str]]:
    """Return the counters keyed by month (the first day) instead of day (key position 1)."""
    months: dict[Any, Counter[str]] = {}
    for key, counter in counters.items():
        month = (key[0], key[1].replace(day=1), *key[2:])
        months.setdefault(month, Counter()).update(counter)
    return months


def add_to_counters(
    daily: Mapping[fx.Key, Counter[str]], by_field: Mapping[fx.FieldKey, Counter[str]]
) -> None:
    """Add the counters to the daily and monthly tables, in key order (no deadlock between
    writers: every writer locks rows in the same order)."""
    for table, key, counters in (
        (DailyFigures, "day", daily),
        (MonthlyFigures, "month", by_month(daily)),
    ):
        _upsert(
            table._meta.db_table,
            ("unit_id", key),
            fx.COUNTERS,
            [
                (unit, day, *(counter.get(name, 0) for name in fx.COUNTERS))
                for (unit, day), counter in sorted(counters.items())
                if any(counter.values())
            ],
        )
    for field_table, key, field_counters in (
        (DailyFieldFigures._meta.db_table, "day", by_field),
        (MonthlyFieldFigures._meta.db_table, "month", by_month(by_field)),
    ):
        _upsert(
            field_table,
            ("unit_id", key, "field_key"),
            fx.FIELD_COUNTERS,
            [
                (unit, day, field, *(counter.get(name, 0) for name in fx.FIELD_COUNTERS))
                for (unit, day, field), counter in sorted(field_counters.items())
                if any(counter.values())
            ],
        )


def merge(target: dict[Any, Counter[str]], source: Mapping[Any, Counter[str]], sign: int) -> None:
    for key, counter in source.items():
        into = target.setdefault(key, Counter())
        for name, amount in counter.items():
            into[name] += sign * amount


# -- one dossier ------------------------------------------------------------------------------


def _stored(dossier_id: int) -> fx.Facts | None:
    row = DossierFact.objects.filter(dossier_id=dossier_id).values(*fx.FACT_COLUMNS).first()
    if row is None:
        return None
    stored = fx.Facts(**row)
    stored.spans = [
        fx.Span(kind, start, stop)
        for kind, start, stop in DossierSpan.objects.filter(dossier_id=dossier_id)
        .order_by("start", "kind")
        .values_list("kind", "start", "stop")
    ]
    return stored


def _same(one: fx.Facts, other: fx.Facts) -> bool:
    return one.row() == other.row() and sorted(one.spans, key=repr) == sorted(other.spans, key=repr)


def facts_refresh(*, dossier: Dossier) -> fx.Facts | None:
    """Recompute the dossier's facts from its events and bring the tables up to date."""
    events = list(DossierEvent.objects.filter(dossier_id=dossier.pk).order_by("sequence"))
    extra = DossierExtra.objects.filter(dossier_id=dossier.pk).first()
    history = history_of(dossier, events, extra)
    if history is None:
        return None
    procedure = procedure_facts(version_ids=[dossier.procedure_version_id])[
        dossier.procedure_version_id
    ]
    new = fx.dossier_facts(history, unit_id=dossier.receiving_unit_id, procedure=procedure)
    old = _stored(dossier.pk)
    if old is not None and _same(old, new):
        return new
    daily: dict[Any, Counter[str]] = {}
    by_field: dict[Any, Counter[str]] = {}
    new_daily, new_field = fx.contributions(new)
    merge(daily, new_daily, 1)
    merge(by_field, new_field, 1)
    if old is not None:
        old_daily, old_field = fx.contributions(old)
        merge(daily, old_daily, -1)
        merge(by_field, old_field, -1)
    add_to_counters(daily, by_field)
    DossierFact.objects.update_or_create(dossier_id=dossier.pk, defaults=new.row())
    DossierSpan.objects.filter(dossier_id=dossier.pk).delete()
    DossierSpan.objects.bulk_create(
        DossierSpan(
            dossier_id=dossier.pk, unit_id=new.unit_id, kind=s.kind, start=s.start, stop=s.stop
        )
        for s in new.spans
    )
    return new


def facts_on_event(event: DossierEvent) -> None:
    """Keep the facts of the event's dossier current (called by `record`, same transaction)."""
    dossier = event.dossier
    if dossier.received_at is None:
        return  # awaiting intake, returned for completion or refused at intake: not counted
    facts_refresh(dossier=dossier)


def facts_on_digitisation(dossier: Dossier) -> None:
    """Keep the facts current when a dossier's digitisation flags change (called by
    documents.services.digitisation_refresh through MOTCUA_DIGITISATION_RECORDERS, in the same
    transaction): components digitised, reused data and the signed e-result are 766 figures."""
    if dossier.received_at is None:
        return
    facts_refresh(dossier=dossier)


def facts_rebuild() -> None:
    """Empty the fact tables and rebuild them from every dossier's history (check_indicators
    --repair and tests)."""
    for table in (DailyFigures, DailyFieldFigures, MonthlyFigures, MonthlyFieldFigures):
        table.objects.all().delete()
    DossierSpan.objects.all().delete()
    DossierFact.objects.all().delete()
    for dossier in Dossier.objects.filter(received_at__isnull=False).iterator():
        facts_refresh(dossier=dossier)
