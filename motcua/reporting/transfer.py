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

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from motcua.accounts.models import OrgUnit, OrgUnitKind, OrgUnitLevel
from motcua.accounts.services import org_unit_create, org_unit_dissolve
from motcua.catalog.models import Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.services import field_get_or_create
from motcua.core.text import search_column
from motcua.dossiers.models import DailySequence, Dossier, DossierEvent
from motcua.reporting import facts as fx
from motcua.reporting.history import Event, History, HistoryError, from_record, to_record
from motcua.reporting.models import (
    DossierExtra,
    DossierFact,
    DossierSpan,
)
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
    return timezone.localtime(moment).isoformat()


def _rows(
    history: History, unit_id: int, version_id: int
) -> tuple[Dossier, list[DossierEvent], DossierExtra]:
    """Return the dossier, its events and extra of a history (ids of the dossier not set)."""
    state, appointment, legal, requests = "received", history.due_at, history.due_at, 0
    finished_at = returned_at = paused_since = extended_at = None
    events = [
        DossierEvent(
            sequence=1,
            action="receive",
            at=history.received_at,
            from_state="",
            to_state="received",
            data={"due_at": _iso(history.due_at), "imported": True},
        ),
        DossierEvent(
            sequence=2,
            action="forward",
            at=history.received_at,
            from_state="received",
            to_state="in_progress",
            data={"imported": True},
        ),
    ]
    state = "in_progress"
    ratings = []
    for event in history.events:
        if event.type == "rated":
            ratings.append({"at": _iso(event.at), "level": event.level})
            continue
        data: dict[str, Any] = {}
        if event.type == "returned":
            action = "record_postal_dispatch" if event.via == "postal" else "return_result"
            target: str | None = "returned"
            data["via"] = event.via
            returned_at = event.at
            if finished_at is None:
                finished_at = event.at
        else:
            action, target = _ACTIONS[event.type]
        if event.type == "supplement_requested":
            requests += 1
            paused_since = event.at
        elif event.type == "supplement_completed":
            paused_since = None
            if event.new_due_at is not None:
                data["due_at"] = _iso(event.new_due_at)
                appointment = legal = event.new_due_at
        elif event.type == "extended":
            assert event.new_due_at is not None  # noqa: S101 -- validated
            data["previous_due_at"], data["due_at"] = _iso(appointment), _iso(event.new_due_at)
            appointment, extended_at = event.new_due_at, event.at
        elif event.type == "paid":
            data.update(amount=event.amount, method=event.method, receipt_number="")
        elif event.type in ("processed", "refused", "stopped", "withdrawn"):
            finished_at, paused_since = event.at, None
        events.append(
            DossierEvent(
                sequence=len(events) + 1,
                action=action,
                at=event.at,
                from_state=state,
                to_state=target or state,
                data=data,
            )
        )
        state = target or state
    applicant = history.applicant
    dossier = Dossier(
        code=history.code,
        receiving_unit_id=unit_id,
        procedure_version_id=version_id,
        channel=history.channel,
        return_method=history.channel,
        applicant_kind=str(applicant.get("kind", "individual"))[:15],
        applicant_name=str(applicant.get("name", ""))[:255],
        applicant_id_number=str(applicant.get("id_number", ""))[:12],
        applicant_address=str(applicant.get("address", "")),
        applicant_phone=str(applicant.get("phone", ""))[:15],
        applicant_email=str(applicant.get("email", ""))[:254],
        state=state,
        received_at=history.received_at,
        original_due_at=legal,
        due_at=appointment,
        extended_at=extended_at,
        paused_since=paused_since,
        supplement_requests=requests,
        finished_at=finished_at,
        returned_at=returned_at,
        revision=len(events),
        created_at=timezone.now(),
    )
    dossier.search_text = search_column(
        dossier.code, dossier.applicant_name, dossier.applicant_id_number, dossier.applicant_phone
    )
    extra = DossierExtra(
        digitised_components=history.digitised_components,
        reused_data=history.reused_data,
        e_result=history.e_result,
        synced_national=history.synced_national,
        applicant=applicant,
        procedure_code=history.procedure,
        ratings=ratings,
    )
    return dossier, events, extra


# -- bulk writes ------------------------------------------------------------------------------


def _copy(model: type[Model], objects: list[Model]) -> None:
    """Insert `objects` without their ids: COPY on PostgreSQL, bulk_create elsewhere."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=500)
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.auto_created)]
    jsons = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objects:
            copy.write_row(
                [
                    json.dumps(getattr(obj, name), ensure_ascii=False)
                    if name in jsons
                    else getattr(obj, name)
                    for name in names
                ]
            )


def _dossier_ids(count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('dossiers_dossier', 'id')) "
            "FROM generate_series(1, %s)",
            [count],
        )
        return [row[0] for row in cursor.fetchall()]


def _write(batch: list[tuple[History, int, int]], catalogue: _Catalogue) -> None:
    built = [
        (history, *_rows(history, unit_id, version_id)) for history, unit_id, version_id in batch
    ]
    dossiers = [item[1] for item in built]
    if connection.vendor == "postgresql":
        for dossier, pk in zip(dossiers, _dossier_ids(len(dossiers)), strict=True):
            dossier.pk = pk
        fields = list(Dossier._meta.concrete_fields)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY dossiers_dossier ({columns}) FROM STDIN") as copy,
        ):
            names = [f.attname for f in fields]
            for dossier in dossiers:
                copy.write_row([getattr(dossier, name) for name in names])
    else:
        Dossier.objects.bulk_create(dossiers, batch_size=500)
    events: list[Model] = []
    extras: list[Model] = []
    fact_rows: list[Model] = []
    spans: list[Model] = []
    daily: dict[Any, Counter[str]] = {}
    by_field: dict[Any, Counter[str]] = {}
    for (_history, dossier, dossier_events, extra), (_h, unit_id, version_id) in zip(
        built, batch, strict=True
    ):
        for event in dossier_events:
            event.dossier_id = dossier.pk
            events.append(event)
        extra.dossier_id = dossier.pk
        extras.append(extra)
        # The facts are those of the stored history (what check_indicators recomputes).
        stored = history_of(dossier, dossier_events, extra)
        assert stored is not None  # noqa: S101 -- imported dossiers are received
        facts = fx.dossier_facts(stored, unit_id=unit_id, procedure=catalogue.procedure(version_id))
        fact_rows.append(DossierFact(dossier_id=dossier.pk, **facts.row()))
        spans.extend(
            DossierSpan(
                dossier_id=dossier.pk, unit_id=unit_id, kind=s.kind, start=s.start, stop=s.stop
            )
            for s in facts.spans
        )
        day_part, field_part = fx.contributions(facts)
        merge(daily, day_part, 1)
        merge(by_field, field_part, 1)
    _bump_sequences(batch)
    _copy(DossierEvent, events)
    _copy_keyed(DossierExtra, extras)
    _copy_keyed(DossierFact, fact_rows)
    _copy(DossierSpan, spans)
    add_to_counters(daily, by_field)


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
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (unit_id, day, last) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (unit_id, day) DO UPDATE SET last = CASE WHEN excluded.last > "
            f"{table}.last THEN excluded.last ELSE {table}.last END",
            [(unit, day, last) for (unit, day), last in sorted(top.items())],
        )


def _copy_keyed(model: type[Model], objects: list[Model]) -> None:
    """Insert rows whose primary key is the dossier (one-to-one): ids included."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=500)
        return
    fields = list(model._meta.concrete_fields)
    jsons = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objects:
            copy.write_row(
                [
                    json.dumps(getattr(obj, name), ensure_ascii=False)
                    if name in jsons
                    else getattr(obj, name)
                    for name in names
                ]
            )


def import_histories(
    lines: Iterable[str],
    *,
    create_missing: bool = False,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate every line, then import them, a batch per transaction.

    Without `skip_invalid` nothing is written when any line is invalid (the lines are read
    twice: a validation pass, then the import). Lines whose code is already stored are skipped.
    """
    report = ImportReport()
    catalogue = _Catalogue()
    materialised = lines if isinstance(lines, list) else list(lines)
    if not skip_invalid:
        report.errors = [
            (number, found)
            for number, found in _parsed(materialised, catalogue, create_missing=False)
            if isinstance(found, str) and not (create_missing and _missing(found))
        ]
        if report.errors:
            return report
    seen: set[str] = set()
    batch: list[tuple[History, int, int]] = []

    def flush() -> None:
        if not batch:
            return
        codes = [history.code for history, _u, _v in batch]
        existing = set(Dossier.objects.filter(code__in=codes).values_list("code", flat=True))
        fresh = [item for item in batch if item[0].code not in existing]
        report.skipped += len(batch) - len(fresh)
        with transaction.atomic():
            _write(fresh, catalogue)
        report.imported += len(fresh)
        if progress is not None:
            progress(len(batch))
        batch.clear()

    for number, history_or_error in _parsed(materialised, catalogue, create_missing, report):
        if isinstance(history_or_error, str):
            if skip_invalid:
                report.errors.append((number, history_or_error))
            continue
        history, unit_id, version_id = history_or_error
        if history.code in seen:
            report.skipped += 1
            continue
        seen.add(history.code)
        batch.append((history, unit_id, version_id))
        if len(batch) >= BATCH:
            flush()
    flush()
    return report


_MISSING = ("unit: unknown unit", "procedure: unknown procedure")


def _missing(message: str) -> bool:
    return message.startswith(_MISSING)


def _parsed(
    lines: Iterable[str],
    catalogue: _Catalogue,
    create_missing: bool,
    report: ImportReport | None = None,
) -> Iterator[tuple[int, str | tuple[History, int, int]]]:
    """Yield (line number, history with unit and version ids) or (line number, error)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            history = from_record(json.loads(line))
            unit_id = catalogue.units.get(history.unit)
            if unit_id is None:
                if not (create_missing and report is not None):
                    raise HistoryError(f"unit: unknown unit {history.unit!r}")
                unit_id = _create_unit(history, catalogue, report)
            day = fx.local_date(history.received_at)
            version_id = catalogue.version(history.procedure, day)
            if version_id is None:
                if not (create_missing and report is not None):
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


def export_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False)
