"""Benchmark the indicators on PostgreSQL: history import rate, dashboard and report latency,
check_indicators, each with the ratio to hand-written SQL.

Run with ``python bench/reporting.py [--count N] [--keep]``. It creates the database
``motcua_bench_reporting`` on the server of ``PG_URL`` (default postgres://postgres@127.0.0.1:5432),
loads the demo province, adds communes until the province has ``--centres`` one-stop centres
(a post-2025 province: about 100 communes and the provincial centre), generates ``--count``
dossiers of 2025 with ``generate_dossiers``' generator into a file (not timed), then times:

1. the import of that file (``import_dossiers``' fast path), against the limit: PostgreSQL
   writing the same rows into copies of the same tables with the same indexes
   (``INSERT INTO copy SELECT * FROM table``), and PostgreSQL's own share of the import (the
   COPY of rows built beforehand, the counters, the commit's foreign-key checks), the floor of
   a one-transaction import on this server whatever the rows cost to build;
2. the dashboard (``reporting.dashboard.dashboard_data``: report, trend, by field, ranking) and
   the report (``report.unit_report``) for random units (province, departments, communes) and
   periods (a month, a quarter, the year), p50/p95 over ``--runs``; against the same figures in
   hand-written SQL on the same daily table, and on the per-dossier fact table (what a report
   without the daily counters would cost);
3. the ``report`` command for the province-year as JSON, xlsx and PDF;
4. ``check_indicators`` (every fact recomputed from the events).

The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/motcua")
DATABASE = "motcua_bench_reporting"
BUDGET_MS = 100.0  # product.md: 766 dashboard for a province-year, p95 <= 100 ms
IMPORT_TARGET = 20_000  # product.md: bulk import >= 20,000 dossiers/s


def server_url(name: str) -> str:
    base = PG_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-q", server_url("postgres"), "-c", sql],
        check=True,
        capture_output=True,
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--centres", type=int, default=100)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--skip-check", action="store_true", help="Do not run check_indicators.")
    args = parser.parse_args()
    database = args.database
    psql(f"DROP DATABASE IF EXISTS {database}")
    psql(f"CREATE DATABASE {database}")
    os.environ["DATABASE_URL"] = server_url(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {database}")
    return 0


def add_centres(total: int) -> int:
    """Add communes, each with its one-stop centre, until the province has `total` centres."""
    from motcua.accounts.models import OrgUnit, OrgUnitKind, OrgUnitLevel
    from motcua.accounts.services import org_unit_create

    root = OrgUnit.objects.get(parent__isnull=True)
    have = OrgUnit.objects.filter(kind=OrgUnitKind.ONE_STOP_CENTRE).count()
    for number in range(have, total):
        code = f"{number + 100:02d}"[-2:]
        letter = "ABCDEFGHJK"[number // 100 % 10]
        commune = org_unit_create(
            actor=None,
            identifier=f"000.00.{code}.{letter}13",
            name=f"Xã Thử Nghiệm {number}",
            kind=OrgUnitKind.COMMUNE,
            level=OrgUnitLevel.COMMUNE,
            parent=root,
            valid_from=date(2020, 1, 1),
        )
        org_unit_create(
            actor=None,
            identifier=f"000.01.{code}.{letter}13",
            name=f"Trung tâm PVHCC xã Thử Nghiệm {number}",
            kind=OrgUnitKind.ONE_STOP_CENTRE,
            level=OrgUnitLevel.COMMUNE,
            parent=commune,
            valid_from=date(2020, 1, 1),
        )
    return OrgUnit.objects.filter(kind=OrgUnitKind.ONE_STOP_CENTRE).count()


def run(args: argparse.Namespace) -> None:
    from django.db import connection

    from motcua.accounts.models import OrgUnit
    from motcua.reporting.check import check_facts
    from motcua.reporting.dashboard import dashboard_data
    from motcua.reporting.figures import Period
    from motcua.reporting.generator import Generator
    from motcua.reporting.report import unit_report
    from motcua.reporting.transfer import import_histories

    centres = add_centres(args.centres)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {connection.vendor} "
          f"{connection.cursor().connection.info.server_version}")  # fmt: skip
    print(f"province: {OrgUnit.objects.count()} units, {centres} one-stop centres")
    generator = Generator(year=2025, seed=20250101, until=date(2025, 12, 31))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
        started = time.perf_counter()
        for line in generator.lines(args.count):
            out.write(line + "\n")
        path = out.name
    print(f"generated {args.count:,} histories in {time.perf_counter() - started:.1f} s")
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    share = postgres_share(lines[:SHARE_SAMPLE])
    print(
        f"PostgreSQL's share of the import ({min(len(lines), SHARE_SAMPLE):,} dossiers, rows "
        f"built beforehand, one connection): COPY {share[0]:.0f} us, counters and sequences "
        f"{share[1]:.0f} us, the commit's foreign-key checks {share[2]:.0f} us a dossier = "
        f"{sum(share):.0f} us of one core: at most {1e6 / sum(share):,.0f} dossiers/s in one "
        f"transaction even if building the rows cost nothing"
    )
    started = time.perf_counter()
    report = import_histories(lines)
    elapsed = time.perf_counter() - started
    os.unlink(path)
    assert not report.errors, report.errors[:3]
    rate = report.imported / elapsed
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossierevent")
        events = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM reporting_dossierspan")
        spans = cursor.fetchone()[0]
    limit = raw_write_seconds()
    print(
        f"import: {report.imported:,} dossiers ({events:,} events, {spans:,} spans) in "
        f"{elapsed:.1f} s = {rate:,.0f} dossiers/s (target {IMPORT_TARGET:,}: "
        f"{'PASS' if rate >= IMPORT_TARGET else 'FAIL'}); PostgreSQL writing the same rows: "
        f"{limit:.1f} s = {report.imported / limit:,.0f}/s; ratio {elapsed / limit:.1f}x"
    )
    vacuum()
    root = OrgUnit.objects.get(parent__isnull=True)
    units = [root, *OrgUnit.objects.filter(parent=root).order_by("pk")]
    communes = list(OrgUnit.objects.filter(kind="one_stop_centre").order_by("pk"))
    rng = random.Random(7)
    periods = [Period(date(2025, 1, 1), date(2025, 12, 31))]
    periods += [Period(date(2025, m, 1), month_end(2025, m)) for m in range(1, 13)]
    periods += [Period(date(2025, q, 1), month_end(2025, q + 2)) for q in (1, 4, 7, 10)]
    cases = [(root, periods[0])] * 20  # the budget's case: the province-year
    cases += [(rng.choice(units + communes), rng.choice(periods)) for _ in range(args.runs)]
    for unit, period in cases[:10]:
        dashboard_data(unit=unit, period=period)  # warm-up
    for name, call in (
        ("dashboard", lambda u, p: dashboard_data(unit=u, period=p)),
        ("report", lambda u, p: unit_report(unit=u, period=p)),
        ("SQL on daily counters", raw_daily),
        ("SQL on per-dossier facts", raw_facts),
    ):
        province: list[float] = []
        mixed: list[float] = []
        for index, (unit, period) in enumerate(cases):
            started = time.perf_counter()
            call(unit, period)
            took = (time.perf_counter() - started) * 1000
            (province if index < 20 else mixed).append(took)
        timings[name] = (province, mixed)
        print(
            f"{name}: province-year p50 {statistics.median(province):.1f} ms, p95 "
            f"{percentile(province, 0.95):.1f} ms; random unit/period p50 "
            f"{statistics.median(mixed):.1f} ms, p95 {percentile(mixed, 0.95):.1f} ms"
        )
    dash = percentile(timings["dashboard"][0], 0.95)
    raw = percentile(timings["SQL on daily counters"][0], 0.95)
    naive = percentile(timings["SQL on per-dossier facts"][0], 0.95)
    print(
        f"dashboard province-year p95 {dash:.1f} ms (budget {BUDGET_MS:.0f} ms: "
        f"{'PASS' if dash <= BUDGET_MS else 'FAIL'}); ratio to hand-written SQL on the daily "
        f"counters {dash / raw:.1f}x; to SQL on the per-dossier facts {dash / naive:.2f}x"
    )
    from io import StringIO

    from django.core.management import call_command

    for kind in ("json", "xlsx", "pdf"):
        target = Path(tempfile.gettempdir()) / f"bench-report.{kind}"
        started = time.perf_counter()
        call_command(
            "report", "--unit", root.identifier, "--from", "2025-01-01", "--to", "2025-12-31",
            "--format", kind, "--out", str(target), stdout=StringIO(),
        )  # fmt: skip
        print(f"report --format {kind} (province-year): {(time.perf_counter() - started):.2f} s")
        target.unlink()
    if args.skip_check:
        return
    started = time.perf_counter()
    checked = check_facts()
    print(
        f"check_indicators: {checked.dossiers:,} dossiers in {time.perf_counter() - started:.1f} s,"
        f" {len(checked.differences)} differences"
    )


timings: dict[str, tuple[list[float], list[float]]] = {}


def month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (
            "reporting_dailyfigures",
            "reporting_dailyfieldfigures",
            "reporting_monthlyfigures",
            "reporting_monthlyfieldfigures",
            "reporting_dossierfact",
            "reporting_dossierspan",
            "accounts_orgunit",
        ):
            cursor.execute(f"ANALYZE {table}")


SHARE_SAMPLE = 50_000  # enough for a stable per-dossier figure; built untimed first (~15 s)


def postgres_share(lines: list[str]) -> tuple[float, float, float]:
    """Return PostgreSQL's own work per dossier in the import (µs): the COPY of the rows, the
    counters and daily sequences, and the deferred foreign-key checks of the commit (made
    immediate to time them). The rows are built first, untimed, with the import's own code;
    the transaction is rolled back."""
    from django.db import connection, transaction
    from django.utils import timezone

    from motcua.reporting import transfer

    catalogue = transfer._Catalogue()
    catalogue.load_all_facts()
    with transaction.atomic():
        ids = transfer._Ids()
        done = []
        for start in range(0, len(lines), transfer.BATCH):
            batch = lines[start : start + transfer.BATCH]
            items = [(start + k, line, True) for k, line in enumerate(batch)]
            job = transfer._Job(items, ids.take(len(batch)), timezone.now(), False, True)
            done.append(transfer._work(job, catalogue))
        pending = transfer._Pending()
        started = time.perf_counter()
        for built in done:
            for table, text in zip(transfer._tables(), built.texts or [], strict=True):
                table.copy(text)
        copied = time.perf_counter()
        for built in done:
            pending.add(built.prepared)
            transfer._bump_sequences(built.prepared.top)
        pending.flush()
        counted = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        checked = time.perf_counter()
        transaction.set_rollback(True)
    per = 1e6 / max(len(lines), 1)
    return ((copied - started) * per, (counted - copied) * per, (checked - counted) * per)


def raw_write_seconds() -> float:
    """Return how long PostgreSQL takes to write the same rows into copies of the tables."""
    from django.db import connection

    tables = (
        "dossiers_dossier",
        "dossiers_dossierevent",
        "reporting_dossierextra",
        "reporting_dossierfact",
        "reporting_dossierspan",
    )
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING ALL)")
        started = time.perf_counter()
        for table in tables:
            cursor.execute(f"INSERT INTO bench_{table} SELECT * FROM {table}")  # noqa: S608
        took = time.perf_counter() - started
        for table in tables:
            cursor.execute(f"DROP TABLE bench_{table}")
    return took


DAILY_SQL = """
SELECT sum(received), sum(received_online), sum(finished), sum(finished_early),
       sum(finished_on_time), sum(finished_late), sum(finished_good766), sum(returned)
FROM reporting_dailyfigures d JOIN accounts_orgunit u ON u.id = d.unit_id
WHERE u.path LIKE %s AND d.day BETWEEN %s AND %s;
"""
DAILY_OPEN_SQL = """
SELECT sum(open_on_time), sum(open_overdue), sum(open_awaiting), sum(open_good766),
       sum(CASE WHEN day < %s THEN open_on_time + open_overdue + open_awaiting ELSE 0 END)
FROM reporting_dailyfigures d JOIN accounts_orgunit u ON u.id = d.unit_id
WHERE u.path LIKE %s AND d.day <= %s;
"""
FACTS_SQL = """
SELECT count(*) FILTER (WHERE received_day BETWEEN %(s)s AND %(e)s),
       count(*) FILTER (WHERE received_day BETWEEN %(s)s AND %(e)s AND channel = 'online'),
       count(*) FILTER (WHERE received_day < %(s)s),
       count(*) FILTER (WHERE end_day BETWEEN %(s)s AND %(e)s AND outcome = 'early'),
       count(*) FILTER (WHERE end_day BETWEEN %(s)s AND %(e)s AND outcome = 'on_time'),
       count(*) FILTER (WHERE end_day BETWEEN %(s)s AND %(e)s AND outcome = 'late'),
       count(*) FILTER (WHERE end_day IS NULL OR end_day > %(e)s),
       count(*) FILTER (WHERE returned_day BETWEEN %(s)s AND %(e)s)
FROM reporting_dossierfact f JOIN accounts_orgunit u ON u.id = f.unit_id
WHERE u.path LIKE %(p)s AND f.received_day <= %(e)s AND (f.end_day IS NULL OR f.end_day >= %(s)s);
"""


def raw_daily(unit: Any, period: Any) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(DAILY_SQL, [unit.path + "%", period.start, period.end])
        cursor.fetchall()
        cursor.execute(DAILY_OPEN_SQL, [period.start, unit.path + "%", period.end])
        cursor.fetchall()


def raw_facts(unit: Any, period: Any) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(FACTS_SQL, {"s": period.start, "e": period.end, "p": unit.path + "%"})
        cursor.fetchall()


if __name__ == "__main__":
    sys.exit(main())
