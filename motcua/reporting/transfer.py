"""History import and export in the JSON Lines format of docs/history-import.md.

The import is the fast path (also used by `generate_dossiers`): lines are validated and turned
into dossiers, their events, their facts and the daily counters in memory, a batch at a time,
and written with one bulk insert per table (COPY on PostgreSQL). Imported dossiers are archived
history: no process steps; their events are the dossier actions the file's events stand for,
so that `dossiers.history.replay` accepts them and the indicators read them like any other.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from motcua.accounts.models import OrgUnit, OrgUnitKind, OrgUnitLevel
from motcua.accounts.services import org_unit_create, org_unit_dissolve
from motcua.catalog.models import Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.services import field_get_or_create
from motcua.core.text import search_column
from motcua.dossiers.chain import chain_rows
from motcua.dossiers.models import DailySequence, Dossier, DossierEvent
from motcua.reporting import facts as fx
from motcua.reporting.history import Event, History, HistoryError, from_record, to_record
from motcua.reporting.models import DossierExtra, DossierFact, DossierSpan
from motcua.reporting.services import (
    add_to_counters,
    history_of,
    merge,
    procedure_facts,
)

# The field given to procedures created from an old history (data, hence Vietnamese).
ARCHIVED_FIELD = "Thủ tục đã bãi bỏ (lưu trữ)"
# A batch of 5,000 lines keeps memory flat (about 60 MB) and the COPY buffers large enough.
BATCH = 5000

_ACTIONS = {
    "supplement_requested": ("request_supplement", "supplement_requested"),
    "supplement_completed": ("complete_supplement", "supplement_completed"),
    "extended": ("request_extension", None),
    "processed": ("issue_result", "processed"),
    "refused": ("refuse", "refused"),
    "stopped": ("stop", "stopped"),
    "withdrawn": ("withdraw", "withdrawn"),
    "paid": ("record_payment", None),
}


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0  # already there (same code): the import is idempotent
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)
    created_units: list[str] = field(default_factory=list)
    created_procedures: list[str] = field(default_factory=list)


class _Catalogue:
    """Units and procedure versions by the codes the file uses, loaded once."""

    def __init__(self) -> None:
        self.units = dict(OrgUnit.objects.values_list("identifier", "pk"))
        self.versions: dict[str, list[tuple[date, int]]] = {}
        rows = ProcedureVersion.objects.filter(status=VersionStatus.PUBLISHED).values_list(
            "procedure__code", "local_code", "effective_from", "pk"
        )
        for code, local_code, start, pk in rows:
            if start is None:
                continue  # a published version always has its date (constraint)
            for key in {code, local_code} - {""}:
                self.versions.setdefault(key, []).append((start, pk))
        for versions in self.versions.values():
            versions.sort()
        self.facts: dict[int, fx.Procedure] = {}

    def version(self, code: str, on: date) -> int | None:
        """Return the version in force on `on` (else the earliest one) of a procedure code."""
        versions = self.versions.get(code)
        if not versions:
            return None
        chosen = versions[0][1]
        for start, pk in versions:
            if start <= on:
                chosen = pk
        return chosen

    def resolve(self, history: History) -> tuple[int | None, int | None]:
        """Return the ids of the history's unit and of its procedure's version in force on the
        receipt date (None for what the catalogue does not have)."""
        day = fx.local_date(history.received_at)
        return self.units.get(history.unit), self.version(history.procedure, day)

    def load_all_facts(self) -> None:
        """Load the facts of every version the catalogue knows (before forking workers)."""
        known = {pk for versions in self.versions.values() for _start, pk in versions}
        self.facts.update(procedure_facts(version_ids=known - set(self.facts)))

    def procedure(self, version_id: int) -> fx.Procedure:
        if version_id not in self.facts:
            self.facts.update(procedure_facts(version_ids=[version_id]))
        return self.facts[version_id]


def _create_unit(history: History, catalogue: _Catalogue, report: ImportReport) -> int:
    if not history.unit_name:
        raise HistoryError(f"unit: unknown unit {history.unit!r} (give unit_name to create it)")
    root = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    start = min(date(2000, 1, 1), fx.local_date(history.received_at))
    unit = org_unit_create(
        actor=None,
        identifier=history.unit,
        name=history.unit_name,
        kind=OrgUnitKind.COMMUNE,
        level=OrgUnitLevel.COMMUNE,
        parent=root,
        valid_from=start,
    )
    org_unit_dissolve(actor=None, unit=unit, on=max(timezone.localdate(), date(2000, 1, 2)))
    catalogue.units[history.unit] = unit.pk
    report.created_units.append(history.unit)
    return unit.pk


def _create_procedure(history: History, catalogue: _Catalogue, report: ImportReport) -> int:
    if not history.procedure_name:
        raise HistoryError(
            f"procedure: unknown procedure {history.procedure!r} (give procedure_name)"
        )
    base = history.procedure[:8]
    local_code = history.procedure if history.procedure != base else ""
    procedure, _created = Procedure.objects.get_or_create(
        code=base, defaults={"abolished_from": timezone.localdate()}
    )
    if procedure.abolished_from is None:
        raise HistoryError(f"procedure: {history.procedure!r} is not a code of the catalogue")
    number = procedure.versions.count() + 1
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        status=VersionStatus.PUBLISHED,
        effective_from=date(2000, 1, 1),
        effective_until=procedure.abolished_from,
        published_at=timezone.now(),
        local_code=local_code,
        name=history.procedure_name,
        field=field_get_or_create(name=ARCHIVED_FIELD),
    )
    catalogue.versions.setdefault(history.procedure, []).insert(0, (date(2000, 1, 1), version.pk))
    report.created_procedures.append(history.procedure)
    return version.pk


def _iso(moment: datetime) -> str:
    return moment.astimezone(fx.TZ).isoformat()


def _rows(
    history: History, unit_id: int, version_id: int, now: datetime
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """Return the dossier's columns, its events' columns and its extra's columns (by attname;
    the dossier id is not set yet)."""
    appointment, legal, requests = history.due_at, history.due_at, 0
    finished_at = returned_at = paused_since = extended_at = None
    events: list[dict[str, Any]] = [
        {
            "sequence": 1,
            "action": "receive",
            "at": history.received_at,
            "from_state": "",
            "to_state": "received",
            "data": {"due_at": _iso(history.due_at), "imported": True},
        },
        {
            "sequence": 2,
            "action": "forward",
            "at": history.received_at,
            "from_state": "received",
            "to_state": "in_progress",
            "data": {"imported": True},
        },
    ]
    state = "in_progress"
    ratings = []
    for event in history.events:
        kind = event.type
        if kind == "rated":
            ratings.append({"at": _iso(event.at), "level": event.level})
            continue
        data: dict[str, Any] = {}
        target: str | None
        if kind == "returned":
            action = "record_postal_dispatch" if event.via == "postal" else "return_result"
            target = "returned"
            data["via"] = event.via
            returned_at = event.at
            if finished_at is None:
                finished_at = event.at
        else:
            action, target = _ACTIONS[kind]
            if kind == "supplement_requested":
                requests += 1
                paused_since = event.at
            elif kind == "supplement_completed":
                paused_since = None
                if event.new_due_at is not None:
                    data["due_at"] = _iso(event.new_due_at)
                    appointment = legal = event.new_due_at
            elif kind == "extended":
                assert event.new_due_at is not None  # noqa: S101 -- validated
                data["previous_due_at"] = _iso(appointment)
                data["due_at"] = _iso(event.new_due_at)
                appointment, extended_at = event.new_due_at, event.at
            elif kind == "paid":
                data.update(amount=event.amount, method=event.method, receipt_number="")
            else:  # processed, refused, stopped, withdrawn
                finished_at, paused_since = event.at, None
        events.append(
            {
                "sequence": len(events) + 1,
                "action": action,
                "at": event.at,
                "from_state": state,
                "to_state": target or state,
                "data": data,
            }
        )
        state = target or state
    applicant = history.applicant
    name = str(applicant.get("name", ""))[:255]
    id_number = str(applicant.get("id_number", ""))[:12]
    phone = str(applicant.get("phone", ""))[:15]
    dossier = {
        "code": history.code,
        "receiving_unit_id": unit_id,
        "procedure_version_id": version_id,
        "channel": history.channel,
        "return_method": history.channel,
        "applicant_kind": str(applicant.get("kind", "individual"))[:15],
        "applicant_name": name,
        "applicant_id_number": id_number,
        "applicant_address": str(applicant.get("address", "")),
        "applicant_phone": phone,
        "applicant_email": str(applicant.get("email", ""))[:254],
        "state": state,
        "received_at": history.received_at,
        "original_due_at": legal,
        "due_at": appointment,
        "extended_at": extended_at,
        "paused_since": paused_since,
        "supplement_requests": requests,
        "finished_at": finished_at,
        "returned_at": returned_at,
        "revision": len(events),
        "created_at": now,
        "search_text": search_column(history.code, name, id_number, phone),
    }
    extra = {
        "digitised_components": history.digitised_components,
        "reused_data": history.reused_data,
        "e_result": history.e_result,
        "synced_national": history.synced_national,
        "data_store": history.data_store,
        "applicant": applicant,
        "procedure_code": history.procedure,
        "ratings": ratings,
    }
    return dossier, events, extra


# -- bulk writes ------------------------------------------------------------------------------


class _Table:
    """The columns of a model, in order, with each column's default for the rows that omit it;
    its COPY statement (PostgreSQL) and its rows in COPY's text format."""

    def __init__(self, model: type[Model], *, with_pk: bool) -> None:
        fields = [
            f
            for f in model._meta.concrete_fields
            if with_pk or not (f.primary_key and f.auto_created)
        ]
        self.model = model
        self.names = [f.attname for f in fields]
        self.pairs = list(zip(self.names, [f.get_default() for f in fields], strict=True))
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        self.sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"

    def text(self, rows: Iterable[dict[str, Any]]) -> str:
        """Return the rows in COPY's text format (tab-separated, \\N for null, backslash
        escapes). Written here rather than by psycopg's `write_row`, as it runs in the worker
        processes; the columns a row leaves out are written once per batch, as their defaults
        (measured under cProfile: 20,000 dossiers' rows in 2.7 s instead of 4.7 s value by
        value)."""
        out: list[str] = []
        templates: dict[tuple[str, ...], list[tuple[str | None, str]]] = {}
        for values in rows:
            keys = tuple(values)
            parts = templates.get(keys)
            if parts is None:
                parts = templates[keys] = self._template(set(keys))
            out.append("\t".join([_copy_value(values[k]) if k else c for k, c in parts]))
        return "\n".join(out) + "\n" if out else ""

    def _template(self, given: set[str]) -> list[tuple[str | None, str]]:
        """(column, "") for the columns a row gives, (None, text) for runs of defaults."""
        parts: list[tuple[str | None, str]] = []
        for name, default in self.pairs:
            if name in given:
                parts.append((name, ""))
            elif parts and parts[-1][0] is None:
                parts[-1] = (None, parts[-1][1] + "\t" + _copy_value(default))
            else:
                parts.append((None, _copy_value(default)))
        return parts

    def copy(self, text: str) -> None:
        with connection.cursor() as cursor, cursor.cursor.copy(self.sql) as copy:
            copy.write(text)


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value: Any) -> str:
    """One value in COPY's text format."""
    kind = type(value)
    if kind is str:
        return value.translate(_ESCAPES)  # type: ignore[no-any-return]
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if kind is datetime or kind is date:
        return value.isoformat()  # type: ignore[no-any-return]  # aware: with the offset
    if kind is dict or kind is list:
        return orjson.dumps(value).decode().translate(_ESCAPES)
    if isinstance(value, str):  # subclasses (a lazy or safe string, an enum's value)
        return str(value).translate(_ESCAPES)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, int):
        return str(int(value))
    raise TypeError(f"no COPY form for {kind.__name__}")  # a new column type: say so


_TABLES: dict[str, _Table] = {}


def _table(model: type[Model], *, with_pk: bool) -> _Table:
    key = model._meta.label
    if key not in _TABLES:
        _TABLES[key] = _Table(model, with_pk=with_pk)
    return _TABLES[key]


def _tables() -> tuple[_Table, ...]:
    """The tables an import writes, in the order of their foreign keys."""
    return (
        _table(Dossier, with_pk=True),
        _table(DossierEvent, with_pk=False),
        _table(DossierExtra, with_pk=True),
        _table(DossierFact, with_pk=True),
        _table(DossierSpan, with_pk=False),
    )


class _Ids:
    """Dossier ids for the lines to import, reserved before their rows are built (the hash
    chain covers the dossier id): from the id sequence on PostgreSQL (one query a batch), after
    the highest id on SQLite (one writer at a time)."""

    def __init__(self) -> None:
        self.next = 0
        if connection.vendor != "postgresql":
            top = Dossier.objects.aggregate(top=Max("pk"))["top"]
            self.next = (top or 0) + 1

    def take(self, count: int) -> list[int]:
        if not count:
            return []
        if connection.vendor != "postgresql":
            first, self.next = self.next, self.next + count
            return list(range(first, first + count))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('dossiers_dossier', 'id')) "
                "FROM generate_series(1, %s)",
                [count],
            )
            return [row[0] for row in cursor.fetchall()]


def _chain(built: list[tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]]) -> None:
    """Chain each imported dossier's events like recorded ones (dossiers.chain: the
    tamper-evident history) and keep the head on the dossier. Times and data are hashed as
    the database returns them: aware datetimes, JSON-safe data."""
    for values, events, _extra in built:
        for event in events:
            event["dossier_id"] = values["id"]
        values["history_hash"] = chain_rows(events)


@dataclass
class _Prepared:
    """The rows of a batch of dossiers (by table, in `_tables()` order) and what they add to
    the daily counters and the units' daily sequences. Built without the database."""

    rows: tuple[list[dict[str, Any]], ...]
    daily: dict[Any, Counter[str]] = field(default_factory=dict)
    by_field: dict[Any, Counter[str]] = field(default_factory=dict)
    top: dict[tuple[int, date], int] = field(default_factory=dict)


def _prepare(
    batch: list[tuple[History, int, int]], ids: list[int], catalogue: _Catalogue, now: datetime
) -> _Prepared:
    """Build the dossiers of `batch` with the ids `ids`: their events (hash-chained), extras,
    facts and spans, and their contributions to the counters."""
    built = [_rows(history, unit_id, version_id, now) for history, unit_id, version_id in batch]
    for (values, _events, _extra), pk in zip(built, ids, strict=False):
        values["id"] = pk
    _chain(built)
    events: list[dict[str, Any]] = []
    extras: list[dict[str, Any]] = []
    fact_rows: list[dict[str, Any]] = []
    spans: list[dict[str, Any]] = []
    prepared = _Prepared(rows=([values for values, _e, _x in built], events, extras, fact_rows,
                               spans))  # fmt: skip
    for (values, dossier_events, extra), (history, unit_id, version_id) in zip(
        built, batch, strict=True
    ):
        pk = values["id"]
        events.extend(dossier_events)
        extra["dossier_id"] = pk
        extras.append(extra)
        # The file's history is what `services.history_of` reads back from these rows
        # (check_indicators recomputes it that way and compares).
        facts = fx.dossier_facts(
            history, unit_id=unit_id, procedure=catalogue.procedure(version_id)
        )
        row = facts.row()
        row["dossier_id"] = pk
        fact_rows.append(row)
        spans.extend(
            {"dossier_id": pk, "unit_id": unit_id, "kind": s.kind, "start": s.start,
             "stop": s.stop}
            for s in facts.spans
        )  # fmt: skip
        day_part, field_part = fx.contributions(facts)
        merge(prepared.daily, day_part, 1)
        merge(prepared.by_field, field_part, 1)
    prepared.top = _sequence_tops(batch)
    return prepared


def _store(prepared: _Prepared, texts: list[str] | None, pending: _Pending) -> None:
    """Write a prepared batch: COPY of the texts on PostgreSQL, bulk inserts elsewhere."""
    if texts is not None:
        for table, text in zip(_tables(), texts, strict=True):
            if text:
                table.copy(text)
    else:
        for table, rows in zip(_tables(), prepared.rows, strict=True):
            table.model._default_manager.bulk_create(
                [table.model(**values) for values in rows], batch_size=500
            )
    pending.add(prepared)
    _bump_sequences(prepared.top)


_CODE = re.compile(r"-(\d{6})-(\d{4})$")


def _sequence_tops(batch: list[tuple[History, int, int]]) -> dict[tuple[int, date], int]:
    """Return the highest number of each unit and day among codes of the form
    <identifier>-YYMMDD-XXXX."""
    top: dict[tuple[int, date], int] = {}
    for history, unit_id, _version in batch:
        found = _CODE.search(history.code)
        if found is None:
            continue
        try:
            day = datetime.strptime(found.group(1), "%y%m%d").date()  # noqa: DTZ007 -- a date
        except ValueError:
            continue
        key = (unit_id, day)
        top[key] = max(top.get(key, 0), int(found.group(2)))
    return top


def _bump_sequences(top: dict[tuple[int, date], int]) -> None:
    """Raise the units' daily sequences over the imported codes, so that a dossier received
    later that day gets a new number."""
    if not top:
        return
    table = DailySequence._meta.db_table
    keys = sorted(top)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement for the batch
            cursor.execute(
                f"INSERT INTO {table} (unit_id, day, last) "  # noqa: S608
                f"SELECT * FROM unnest(%s::bigint[], %s::date[], %s::integer[]) "
                f"ON CONFLICT (unit_id, day) DO UPDATE SET last = GREATEST(excluded.last, "
                f"{table}.last)",
                [[unit for unit, _ in keys], [day for _, day in keys], [top[k] for k in keys]],
            )
            return
        cursor.executemany(
            f"INSERT INTO {table} (unit_id, day, last) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (unit_id, day) DO UPDATE SET last = CASE WHEN excluded.last > "
            f"{table}.last THEN excluded.last ELSE {table}.last END",
            [(unit, day, top[(unit, day)]) for unit, day in keys],
        )


@dataclass
class _Pending:
    """What a run of batches adds to the daily counters (written with the batches' rows)."""

    daily: dict[Any, Counter[str]] = field(default_factory=dict)
    by_field: dict[Any, Counter[str]] = field(default_factory=dict)

    def add(self, prepared: _Prepared) -> None:
        merge(self.daily, prepared.daily, 1)
        merge(self.by_field, prepared.by_field, 1)

    def flush(self) -> None:
        add_to_counters(self.daily, self.by_field)
        self.daily, self.by_field = {}, {}


# -- the pipeline -----------------------------------------------------------------------------
#
# Measured on the 2-core machine (100,000 generated histories, PostgreSQL 15): building the rows
# (validation, facts, hash chain, COPY text) takes about 250 us of Python per dossier, PostgreSQL
# about 100 us (COPY, indexes, the foreign-key checks at commit). The building is spread over
# worker processes (forked: they inherit the catalogue; they never touch the database), while
# the main process keeps the one connection and its transaction: it reads the codes of each
# batch (one JSON parse) to skip those already stored or repeated, reserves the ids, sends the
# batch, and writes the finished batches in order.


@dataclass
class _Job:
    items: list[tuple[int, str, bool]]  # (line number, line, to import: else only validated)
    ids: list[int]
    now: datetime
    create_missing: bool
    encode: bool


@dataclass
class _Done:
    prepared: _Prepared
    texts: list[str] | None
    imported: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    missing: list[tuple[int, str, bool]] = field(default_factory=list)  # for the main process


_WORKER_CATALOGUE: _Catalogue | None = None  # what a forked worker resolves codes with


def _work(job: _Job, catalogue: _Catalogue | None = None) -> _Done:
    """Validate and build one batch (in a worker, or in the main process for small imports)."""
    catalogue = catalogue or _WORKER_CATALOGUE
    assert catalogue is not None  # noqa: S101 -- set before the workers start
    batch: list[tuple[History, int, int]] = []
    done = _Done(prepared=_Prepared(rows=()), texts=None)
    for number, line, fresh in job.items:
        try:
            history = from_record(orjson.loads(line))
            unit_id, version_id = catalogue.resolve(history)
            if unit_id is None or version_id is None:
                if job.create_missing:  # created by the main process, in its transaction
                    done.missing.append((number, line, fresh))
                    continue
                if unit_id is None:
                    raise HistoryError(f"unit: unknown unit {history.unit!r}")
                raise HistoryError(f"procedure: unknown procedure {history.procedure!r}")
        except json.JSONDecodeError as error:
            done.errors.append((number, f"not JSON: {error.msg}"))
            continue
        except HistoryError as error:
            done.errors.append((number, str(error)))
            continue
        if fresh:
            batch.append((history, unit_id, version_id))
        else:
            done.skipped += 1
    done.prepared = _prepare(batch, job.ids, catalogue, job.now)
    done.imported = len(batch)
    if job.encode:
        done.texts = _texts(done.prepared)
        done.prepared.rows = ()  # not sent back: the texts say it all
    return done


def _code_of(line: str) -> str | None:
    try:
        record = orjson.loads(line)
    except json.JSONDecodeError:
        return None
    code = record.get("code") if isinstance(record, dict) else None
    return code.strip() if isinstance(code, str) else None


def import_histories(
    lines: Iterable[str],
    *,
    create_missing: bool = False,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Validate every line and import the dossiers, in one pass.

    Without `skip_invalid` the whole import is one transaction, rolled back when any line is
    invalid (every line is still validated, so that all errors are reported); with it, each
    batch is its own transaction and invalid lines are reported and left out. Lines whose code
    is already stored, or repeated in the file, are skipped (still validated): importing twice
    changes nothing; the first line of a code decides. `workers` processes build the rows on
    PostgreSQL once there is more than one batch (default: one more than the cores).
    """
    report = ImportReport()
    if workers is None:
        # One more worker than cores: the main process mostly waits for PostgreSQL (measured,
        # 100,000 dossiers on 2 cores: 1 worker 2,783/s, 2 workers 4,298/s, 3 workers 4,826/s).
        workers = (os.cpu_count() or 1) + 1 if connection.vendor == "postgresql" else 1
    run = _Run(report, create_missing=create_missing, atomic=not skip_invalid,
               progress=progress, workers=workers)  # fmt: skip
    if skip_invalid:
        run.go(lines)
        return report
    with transaction.atomic():
        run.go(lines)
        if report.errors:
            transaction.set_rollback(True)
            report.imported, report.created_units, report.created_procedures = 0, [], []
    return report


class _Run:
    """One import: batches read and dispatched in order, built in workers, written here."""

    def __init__(
        self,
        report: ImportReport,
        *,
        create_missing: bool,
        atomic: bool,
        progress: Callable[[int], None] | None,
        workers: int,
    ) -> None:
        self.report = report
        self.create_missing = create_missing
        self.atomic = atomic
        self.progress = progress
        self.workers = workers
        self.catalogue = _Catalogue()
        self.ids = _Ids()
        self.pending = _Pending()
        self.seen: set[str] = set()
        self.encode = connection.vendor == "postgresql"
        self.writing = True  # False once a line is invalid in an all-or-nothing import

    def go(self, lines: Iterable[str]) -> None:
        global _WORKER_CATALOGUE  # what the forked workers inherit
        pool: Any = None
        in_flight: deque[tuple[Any, int]] = deque()
        try:
            for items in self._batches(lines):
                job = self._job(items)
                if pool is None and self.workers > 1 and in_flight:
                    self.catalogue.load_all_facts()
                    _WORKER_CATALOGUE = self.catalogue
                    pool = multiprocessing.get_context("fork").Pool(self.workers)
                    first, size = in_flight.popleft()
                    in_flight.append((pool.apply_async(_work, (first,)), size))
                if pool is None:
                    in_flight.append((job, len(items)))
                    if len(in_flight) > 1:
                        self._finish(*in_flight.popleft())
                    continue
                in_flight.append((pool.apply_async(_work, (job,)), len(items)))
                while len(in_flight) > self.workers:
                    self._finish(*in_flight.popleft())
            while in_flight:
                self._finish(*in_flight.popleft())
            if self.writing:
                self.pending.flush()
        finally:
            if pool is not None:
                pool.terminate()
            _WORKER_CATALOGUE = None

    def _batches(self, lines: Iterable[str]) -> Iterator[list[tuple[int, str]]]:
        items: list[tuple[int, str]] = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            items.append((number, line))
            if len(items) >= BATCH:
                yield items
                items = []
        if items:
            yield items

    def _job(self, items: list[tuple[int, str]]) -> _Job:
        """Mark the lines to import (first of their code in the file, not stored yet) and
        reserve their ids."""
        codes = [_code_of(line) for _number, line in items]
        known = {code for code in codes if code}
        stored = set(Dossier.objects.filter(code__in=known).values_list("code", flat=True))
        marked = []
        for (number, line), code in zip(items, codes, strict=True):
            fresh = code is None or (code not in stored and code not in self.seen)
            if code:
                self.seen.add(code)
            marked.append((number, line, fresh))
        count = sum(fresh for _n, _l, fresh in marked) if self.writing else 0
        return _Job(marked, self.ids.take(count), timezone.now(), self.create_missing,
                    self.encode)  # fmt: skip

    def _finish(self, pending: Any, size: int) -> None:
        done: _Done = pending.get() if hasattr(pending, "get") else _work(pending, self.catalogue)
        self.report.errors.extend(done.errors)
        self.report.skipped += done.skipped
        if self.atomic:
            self._take(done)
        else:
            with transaction.atomic():  # each batch on its own
                self._take(done)
                self.pending.flush()
        self.report.errors.sort()
        if self.progress is not None:
            self.progress(size)

    def _take(self, done: _Done) -> None:
        extra = self._missing(done) if done.missing else None
        if self.report.errors and self.atomic:
            self.writing = False  # go on validating, write nothing more
        if not self.writing:
            return
        _store(done.prepared, done.texts, self.pending)
        self.report.imported += done.imported
        if extra is not None:
            _store(*extra, self.pending)
            self.report.imported += len(extra[0].rows[0])

    def _missing(self, done: _Done) -> tuple[_Prepared, list[str] | None] | None:
        """Lines naming units or procedures not in the catalogue (`--create-missing`): create
        them here, in the import's transaction, and build those lines here."""
        batch: list[tuple[History, int, int]] = []
        for number, line, fresh in done.missing:
            try:
                history = from_record(orjson.loads(line))
                unit_id, version_id = self.catalogue.resolve(history)
                if unit_id is None:
                    unit_id = _create_unit(history, self.catalogue, self.report)
                if version_id is None:
                    version_id = _create_procedure(history, self.catalogue, self.report)
            except HistoryError as error:
                self.report.errors.append((number, str(error)))
                continue
            if fresh:
                batch.append((history, unit_id, version_id))
            else:
                self.report.skipped += 1
        if not batch:
            return None
        prepared = _prepare(batch, self.ids.take(len(batch)), self.catalogue, timezone.now())
        return prepared, _texts(prepared) if self.encode else None


def _texts(prepared: _Prepared) -> list[str]:
    """The COPY texts of a prepared batch, by table."""
    return [table.text(rows) for table, rows in zip(_tables(), prepared.rows, strict=True)]


# -- export -----------------------------------------------------------------------------------


def export_histories(*, unit: OrgUnit, start: date, end: date, out: io.TextIOBase) -> int:
    """Write the dossiers received by the unit's subtree in [start, end] (local dates), one
    line each in code order; return how many."""
    facts = DossierFact.objects.filter(
        unit__path__startswith=unit.path, received_day__gte=start, received_day__lte=end
    ).values_list("dossier_id", flat=True)
    ids = list(facts)
    written = 0
    for offset in range(0, len(ids), 2000):
        chunk = ids[offset : offset + 2000]
        dossiers = {
            d.pk: d
            for d in Dossier.objects.filter(pk__in=chunk).select_related(
                "receiving_unit", "procedure_version__procedure"
            )
        }
        extras = {e.dossier_id: e for e in DossierExtra.objects.filter(dossier_id__in=chunk)}
        events: dict[int, list[DossierEvent]] = {}
        for event in DossierEvent.objects.filter(dossier_id__in=chunk).order_by(
            "dossier_id", "sequence"
        ):
            events.setdefault(event.dossier_id, []).append(event)
        for dossier in sorted(dossiers.values(), key=lambda d: d.code):
            history = history_of(dossier, events.get(dossier.pk, []), extras.get(dossier.pk))
            if history is None:
                continue
            version = dossier.procedure_version
            extra = extras.get(dossier.pk)
            history.procedure = (extra.procedure_code if extra else "") or version.procedure.code
            history.unit = dossier.receiving_unit.identifier
            if dossier.receiving_unit.valid_until is not None:
                history.unit_name = dossier.receiving_unit.name
            if version.procedure.abolished_from is not None:
                history.procedure_name = version.name
            if dossier.pk not in extras:
                history.applicant = _applicant(dossier)
            history.received_at = timezone.localtime(history.received_at)
            history.due_at = timezone.localtime(history.due_at)
            history.events = [_local(event) for event in history.events]
            out.write(json.dumps(to_record(history), ensure_ascii=False) + "\n")
            written += 1
    return written


def _local(event: Event) -> Event:
    return Event(
        type=event.type,
        at=timezone.localtime(event.at),
        new_due_at=timezone.localtime(event.new_due_at) if event.new_due_at else None,
        via=event.via,
        amount=event.amount,
        method=event.method,
        level=event.level,
    )


def _applicant(dossier: Dossier) -> dict[str, str]:
    found = {
        "kind": dossier.applicant_kind,
        "name": dossier.applicant_name,
        "id_number": dossier.applicant_id_number,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
    }
    return {key: value for key, value in found.items() if value}
