"""Recompute every fact and counter from the raw history and compare (`check_indicators`).

The raw history is the dossier rows, their events and, for imported dossiers, `DossierExtra`;
nothing of the fact tables is read to recompute. Differences are reported by table and key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.reporting import facts as fx
from motcua.reporting.models import (
    DailyFieldFigures,
    DailyFigures,
    DossierExtra,
    DossierFact,
    DossierSpan,
    MonthlyFieldFigures,
    MonthlyFigures,
)
from motcua.reporting.services import by_month, history_of, merge, procedure_facts

CHUNK = 2000


@dataclass
class CheckReport:
    dossiers: int = 0
    differences: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        if len(self.differences) < 1000:
            self.differences.append(text)


def check_facts(*, progress: Callable[[int], None] | None = None) -> CheckReport:
    """Return the differences between the stored facts and those of the raw history."""
    report = CheckReport()
    daily: dict[Any, Counter[str]] = {}
    by_field: dict[Any, Counter[str]] = {}
    procedures: dict[int, fx.Procedure] = {}
    ids = list(
        Dossier.objects.filter(received_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for offset in range(0, len(ids), CHUNK):
        chunk = ids[offset : offset + CHUNK]
        dossiers = list(Dossier.objects.filter(pk__in=chunk).order_by("pk"))
        missing = {d.procedure_version_id for d in dossiers} - set(procedures)
        if missing:
            procedures.update(procedure_facts(version_ids=missing))
        events: dict[int, list[DossierEvent]] = {}
        for event in DossierEvent.objects.filter(dossier_id__in=chunk).order_by(
            "dossier_id", "sequence"
        ):
            events.setdefault(event.dossier_id, []).append(event)
        extras = {e.dossier_id: e for e in DossierExtra.objects.filter(dossier_id__in=chunk)}
        stored = {
            row["dossier_id"]: row
            for row in DossierFact.objects.filter(dossier_id__in=chunk).values(
                "dossier_id", *fx.FACT_COLUMNS
            )
        }
        spans: dict[int, list[fx.Span]] = {}
        for dossier_id, kind, start, stop in DossierSpan.objects.filter(
            dossier_id__in=chunk
        ).values_list("dossier_id", "kind", "start", "stop"):
            spans.setdefault(dossier_id, []).append(fx.Span(kind, start, stop))
        for dossier in dossiers:
            history = history_of(dossier, events.get(dossier.pk, []), extras.get(dossier.pk))
            if history is None:
                continue
            facts = fx.dossier_facts(
                history,
                unit_id=dossier.receiving_unit_id,
                procedure=procedures[dossier.procedure_version_id],
            )
            report.dossiers += 1
            row = stored.get(dossier.pk)
            if row is None:
                report.add(f"dossier {dossier.code}: no fact row")
            else:
                row.pop("dossier_id")
                if row != facts.row():
                    changed = sorted(k for k, v in facts.row().items() if row.get(k) != v)
                    report.add(f"dossier {dossier.code}: facts differ in {', '.join(changed)}")
            if sorted(spans.get(dossier.pk, []), key=repr) != sorted(facts.spans, key=repr):
                report.add(f"dossier {dossier.code}: spans differ")
            day_part, field_part = fx.contributions(facts)
            merge(daily, day_part, 1)
            merge(by_field, field_part, 1)
        if progress is not None:
            progress(len(chunk))
    extra_facts = DossierFact.objects.exclude(dossier__received_at__isnull=False).count()
    if extra_facts:
        report.add(f"{extra_facts} fact rows of dossiers that are not received")
    _compare(
        report,
        "daily",
        daily,
        DailyFigures.objects.values_list("unit_id", "day", *fx.COUNTERS),
        fx.COUNTERS,
        2,
    )
    _compare(
        report,
        "monthly",
        by_month(daily),
        MonthlyFigures.objects.values_list("unit_id", "month", *fx.COUNTERS),
        fx.COUNTERS,
        2,
    )
    _compare(
        report,
        "monthly by field",
        by_month(by_field),
        MonthlyFieldFigures.objects.values_list(
            "unit_id", "month", "field_key", *fx.FIELD_COUNTERS
        ),
        fx.FIELD_COUNTERS,
        3,
    )
    _compare(
        report,
        "daily by field",
        by_field,
        DailyFieldFigures.objects.values_list("unit_id", "day", "field_key", *fx.FIELD_COUNTERS),
        fx.FIELD_COUNTERS,
        3,
    )
    return report


def _compare(
    report: CheckReport,
    name: str,
    expected: dict[Any, Counter[str]],
    rows: Any,
    columns: tuple[str, ...],
    width: int,
) -> None:
    found: dict[Any, Counter[str]] = {}
    for row in rows.iterator(chunk_size=10000):
        key = tuple(row[:width])
        found[key] = Counter(dict(zip(columns, row[width:], strict=True)))
    for key in sorted(set(expected) | set(found), key=repr):
        want = {k: v for k, v in expected.get(key, Counter()).items() if v}
        have = {k: v for k, v in found.get(key, Counter()).items() if v}
        if want != have:
            names = sorted(k for k in set(want) | set(have) if want.get(k) != have.get(k))
            report.add(
                f"{name} {key}: "
                + ", ".join(f"{n} stored {have.get(n, 0)} expected {want.get(n, 0)}" for n in names)
            )
