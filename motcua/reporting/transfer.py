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
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson
from django.db import connection, transaction
from django.db.models import Model
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
    """The columns of a model for COPY, with each column's default for the rows that omit it."""

    def __init__(self, model: type[Model], *, with_pk: bool) -> None:
        fields = [
            f
            for f in model._meta.concrete_fields
            if with_pk or not (f.primary_key and f.auto_created)
        ]
        self.model = model
        self.names = [f.attname for f in fields]
        self.pairs = list(zip(self.names, [f.get_default() for f in fields], strict=True))
        self.jsons = {i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"}
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        self.sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"

    def row(self, values: dict[str, Any]) -> list[Any]:
        row = [values.get(name, default) for name, default in self.pairs]
        for index in self.jsons:
            row[index] = orjson.dumps(row[index]).decode()
        return row

    def copy(self, rows: Iterable[dict[str, Any]]) -> None:
        """Write the rows: COPY on PostgreSQL, bulk_create of model instances elsewhere."""
        if connection.vendor != "postgresql":
            self.model._default_manager.bulk_create(
                [self.model(**values) for values in rows], batch_size=500
            )
            return
        with connection.cursor() as cursor, cursor.cursor.copy(self.sql) as copy:
            for values in rows:
                copy.write_row(self.row(values))


_TABLES: dict[str, _Table] = {}


def _table(model: type[Model], *, with_pk: bool) -> _Table:
    key = model._meta.label
    if key not in _TABLES:
        _TABLES[key] = _Table(model, with_pk=with_pk)
    return _TABLES[key]


def _dossier_ids(count: int) -> list[int]:
    """Reserve `count` dossier ids (PostgreSQL: from the id sequence, one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('dossiers_dossier', 'id')) "
            "FROM generate_series(1, %s)",
            [count],
        )
        return [row[0] for row in cursor.fetchall()]


@dataclass
class _Pending:
    """What a run of batches adds to the daily counters (written with the batches' rows)."""

    daily: dict[Any, Counter[str]] = field(default_factory=dict)
    by_field: dict[Any, Counter[str]] = field(default_factory=dict)

    def flush(self) -> None:
        add_to_counters(self.daily, self.by_field)
        self.daily, self.by_field = {}, {}


def _chain(built: list[tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]]) -> None:
    """Chain each imported dossier's events like recorded ones (dossiers.chain: the
    tamper-evident history) and keep the head on the dossier. Times and data are hashed as
    the database returns them: aware datetimes, JSON-safe data."""
    for values, events, _extra in built:
        for event in events:
            event["dossier_id"] = values["id"]
        values["history_hash"] = chain_rows(events)


def _write(batch: list[tuple[History, int, int]], catalogue: _Catalogue, pending: _Pending) -> None:
    """Insert the dossiers of `batch`, their events, extras, facts and spans."""
    now = timezone.now()
    built = [_rows(history, unit_id, version_id, now) for history, unit_id, version_id in batch]
    dossiers = [item[0] for item in built]
    if connection.vendor == "postgresql":
        for values, pk in zip(dossiers, _dossier_ids(len(dossiers)), strict=True):
            values["id"] = pk
        _chain(built)  # the ids are known: the heads go in with the dossiers
        _table(Dossier, with_pk=True).copy(dossiers)
    else:
        objects = [Dossier(**values) for values in dossiers]
        Dossier.objects.bulk_create(objects, batch_size=500)
        for values, obj in zip(dossiers, objects, strict=True):
            values["id"] = obj.pk
        _chain(built)
        for values, obj in zip(dossiers, objects, strict=True):
            obj.history_hash = values["history_hash"]
        Dossier.objects.bulk_update(objects, ["history_hash"], batch_size=500)
    events: list[dict[str, Any]] = []
    extras: list[dict[str, Any]] = []
    fact_rows: list[dict[str, Any]] = []
    spans: list[dict[str, Any]] = []
    for (values, dossier_events, extra), (history, unit_id, version_id) in zip(
        built, batch, strict=True
    ):
        pk = values["id"]
        for event in dossier_events:
            event["dossier_id"] = pk
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
        merge(pending.daily, day_part, 1)
        merge(pending.by_field, field_part, 1)
    _bump_sequences(batch)
    _table(DossierEvent, with_pk=False).copy(events)
    _table(DossierExtra, with_pk=True).copy(extras)
    _table(DossierFact, with_pk=True).copy(fact_rows)
    _table(DossierSpan, with_pk=False).copy(spans)


_CODE = re.compile(r"-(\d{6})-(\d{4})$")


def _bump_sequences(batch: list[tuple[History, int, int]]) -> None:
    """Raise the units' daily sequences over the imported codes of the form
    <identifier>-YYMMDD-XXXX, so that a dossier received later that day gets a new number."""
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


def import_histories(
    lines: Iterable[str],
    *,
    create_missing: bool = False,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate every line and import the dossiers, in one pass.

    Without `skip_invalid` the whole import is one transaction, rolled back when any line is
    invalid (every line is still validated, so that all errors are reported); with it, each
    batch is its own transaction and invalid lines are reported and left out. Lines whose code
    is already stored, or repeated in the file, are skipped: importing twice changes nothing.
    """
    report = ImportReport()
    if skip_invalid:
        _import(lines, report, create_missing=create_missing, atomic=False, progress=progress)
        return report
    with transaction.atomic():
        _import(lines, report, create_missing=create_missing, atomic=True, progress=progress)
        if report.errors:
            transaction.set_rollback(True)
            report.imported, report.created_units, report.created_procedures = 0, [], []
    return report


def _import(
    lines: Iterable[str],
    report: ImportReport,
    *,
    create_missing: bool,
    atomic: bool,
    progress: Callable[[int], None] | None,
) -> None:
    catalogue = _Catalogue()
    pending = _Pending()
    seen: set[str] = set()
    batch: list[tuple[History, int, int]] = []
    writing = True

    def flush() -> None:
        if not batch:
            return
        codes = [history.code for history, _u, _v in batch]
        existing = set(Dossier.objects.filter(code__in=codes).values_list("code", flat=True))
        fresh = [item for item in batch if item[0].code not in existing]
        report.skipped += len(batch) - len(fresh)
        if atomic:
            _write(fresh, catalogue, pending)
        else:
            with transaction.atomic():
                _write(fresh, catalogue, pending)
                pending.flush()
        report.imported += len(fresh)
        if progress is not None:
            progress(len(batch))
        batch.clear()

    for number, found in _parsed(lines, catalogue, create_missing, report):
        if isinstance(found, str):
            report.errors.append((number, found))
            if atomic:
                writing = False  # go on validating, write nothing more
            continue
        if not writing:
            continue
        history, unit_id, version_id = found
        if history.code in seen:
            report.skipped += 1
            continue
        seen.add(history.code)
        batch.append((history, unit_id, version_id))
        if len(batch) >= BATCH:
            flush()
    if writing:
        flush()
        pending.flush()


def _parsed(
    lines: Iterable[str],
    catalogue: _Catalogue,
    create_missing: bool,
    report: ImportReport,
) -> Iterator[tuple[int, str | tuple[History, int, int]]]:
    """Yield (line number, history with unit and version ids) or (line number, error)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            history = from_record(orjson.loads(line))
            unit_id = catalogue.units.get(history.unit)
            if unit_id is None:
                if not create_missing:
                    raise HistoryError(f"unit: unknown unit {history.unit!r}")
                unit_id = _create_unit(history, catalogue, report)
            day = fx.local_date(history.received_at)
            version_id = catalogue.version(history.procedure, day)
            if version_id is None:
                if not create_missing:
                    raise HistoryError(f"procedure: unknown procedure {history.procedure!r}")
                version_id = _create_procedure(history, catalogue, report)
        except json.JSONDecodeError as error:
            yield number, f"not JSON: {error.msg}"
            continue
        except HistoryError as error:
            yield number, str(error)
            continue
        yield number, (history, unit_id, version_id)


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
