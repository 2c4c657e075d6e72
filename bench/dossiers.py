"""Benchmark the back office over HTTP: counter intake, the full lifecycle, worklists and the
public lookup (product.md, performance budgets), on PostgreSQL with the app under gunicorn.

Run with ``python bench/dossiers.py`` (options below). It creates a throwaway PostgreSQL
database ``motcua_bench_dossiers`` on the server of ``PG_URL`` (default the Makefile's), migrates
it, loads the demo province, optionally fills it with ``--background N`` generated historical
dossiers (``manage.py generate_dossiers``, the reporting import path, when that command
exists), starts gunicorn with ``--workers`` sync workers, and drives it from ``--threads``
client threads over loopback HTTP with real sessions (the demo personas; the second factor is
off on this throwaway server: MOTCUA_REQUIRE_STAFF_OTP=false):

- intake: ``POST /api/v1/dossiers`` at the counter (applicant, three components), dossiers/s;
- lifecycle: receive, forward, take, complete the specialist's step, approve, sign, issue the
  result, return it: eight requests by six officers per dossier, dossiers/s;
- worklist ``GET /api/v1/dossiers?list=mine`` (the specialist) and public lookup
  ``GET /api/v1/lookup/{code}``: p50/p95 in ms over ``--runs`` requests, with the ratio to the
  same reads in hand-written SQL on the same database (the limit);
- the resident memory of each gunicorn worker at the end.

Budgets (product.md): intake ≥ 500 dossiers/s, full lifecycle ≥ 100 dossiers/s, worklist and
lookup p95 ≤ 50 ms, each app worker ≤ 200 MB. The figures print with PASS/FAIL; the script
exits 0 either way. The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/motcua")
DATABASE = "motcua_bench_dossiers"
PORT = 8765
CENTRE = "000.01.31.H13"  # Thục Phán ward's service centre (demo)
PROCEDURE = "3.000527"  # 3 working days; a 6-step process at every commune centre
PASSWORD = "motcua-demo"
BUDGET = {"intake": 500.0, "lifecycle": 100.0, "p95_ms": 50.0, "worker_mb": 200.0}


def database_url(name: str) -> str:
    parts = urlsplit(PG_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(sql)


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Officer:
    """A logged-in session of a demo persona (one per thread: requests.Session is not shared)."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.http = requests.Session()
        page = self.http.get(f"{base}/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, "no CSRF token on the login page"
        response = self.http.post(
            f"{base}/accounts/login/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": PASSWORD,
            },
            headers={"Referer": f"{base}/accounts/login/"},
            timeout=30,
        )
        assert response.ok, f"login of {username} failed: {response.status_code}"
        self.csrf = str(self.http.cookies["csrftoken"])

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.http.post(
            f"{self.base}{path}",
            data=json.dumps(body),
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf},
            timeout=60,
        )
        if response.status_code >= 300:
            raise RuntimeError(f"{path}: {response.status_code} {response.text[:300]}")
        result: dict[str, Any] = response.json()
        return result

    def get(self, path: str) -> requests.Response:
        return self.http.get(f"{self.base}{path}", timeout=60)


def intake_body(index: int, thread: int) -> dict[str, Any]:
    return {
        "unit": CENTRE,
        "procedure": PROCEDURE,
        "channel": "counter",
        "applicant": {
            "kind": "individual",
            "name": f"Nguyễn Văn Thử {thread}-{index}",
            "id_number": f"004{thread:03d}{index:06d}",
            "phone": "0912345678",
            "address": "Tổ 1, phường Thục Phán, tỉnh Cao Bằng",
        },
        "components": [
            {"name": "Đơn đăng ký", "required_position": 1, "originals": 1},
            {"name": "Bản sao kết quả xác định", "required_position": 2, "photocopies": 1},
            {"name": "Bản sao giấy tờ tùy thân", "required_position": 3, "photocopies": 1},
        ],
        "client_token": f"bench-{thread}-{index}-{time.time_ns()}",
    }


def run_threads(threads: int, work: Callable[[int], int]) -> tuple[int, float]:
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        done = sum(pool.map(work, range(threads)))
    return done, time.perf_counter() - start


LIFECYCLE = [  # (persona, action) after the receipt at the counter
    ("thucphan.motcua", "forward"),
    ("thucphan.chuyenvien", "take"),
    ("thucphan.chuyenvien", "complete_step"),
    ("thucphan.truongphong", "approve"),
    ("thucphan.lanhdao", "sign"),
    ("thucphan.vanthu", "issue_result"),
    ("thucphan.motcua", "return_result"),
]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def timed(call: Callable[[], Any], runs: int) -> list[float]:
    for _ in range(10):
        call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def raw_reads(code: str, runs: int) -> tuple[list[float], list[float]]:
    """The same reads in hand-written SQL (psycopg, no HTTP, no Django): the limit."""
    import psycopg

    worklist = """
        SELECT d.id, d.code, d.applicant_name, d.state, d.due_at, d.at_risk, d.overdue, p.name
        FROM dossiers_dossier d
        JOIN catalog_procedureversion p ON p.id = d.procedure_version_id
        WHERE d.state IN ('in_progress', 'supplement_completed') AND EXISTS (
            SELECT 1 FROM dossiers_dossierstep s
            WHERE s.dossier_id = d.id AND s.position = d.position AND s.finished_at IS NULL
              AND s.actor_unit_id = %s AND s.actor_role = 'specialist')
        ORDER BY d.due_at LIMIT 20"""
    lookup = """
        SELECT d.code, d.state, d.due_at, d.applicant_name, s.position, u.name, s.started_at,
               s.finished_at
        FROM dossiers_dossier d
        JOIN dossiers_dossierstep s ON s.dossier_id = d.id
        JOIN accounts_orgunit u ON u.id = s.actor_unit_id
        WHERE d.code = %s ORDER BY s.position"""
    with psycopg.connect(database_url(DATABASE)) as connection:
        unit = connection.execute(
            "SELECT id FROM accounts_orgunit WHERE identifier = '000.00.31.H13'"
        ).fetchone()
        assert unit is not None

        def count_and_page() -> None:
            connection.execute(
                f"SELECT count(*) FROM ({worklist.replace('LIMIT 20', '')}) x",  # noqa: S608
                (unit[0],),
            ).fetchall()
            connection.execute(worklist, (unit[0],)).fetchall()

        return (
            timed(count_and_page, runs),
            timed(lambda: connection.execute(lookup, (code,)).fetchall(), runs),
        )


def worker_memory(master: int) -> list[float]:
    found = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(master)], capture_output=True, text=True, check=False
    )
    return [int(line) / 1024 for line in found.stdout.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--intakes", type=int, default=2000)
    parser.add_argument("--lifecycles", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--background", type=int, default=0)
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()

    psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DATABASE}"')
    env = {
        **os.environ,
        "DATABASE_URL": database_url(DATABASE),
        "MOTCUA_VAR_DIR": tempfile.mkdtemp(prefix="motcua-bench-"),
        "MOTCUA_REQUIRE_STAFF_OTP": "false",  # a throwaway server: logins without the app
        "MOTCUA_LOG_LEVEL": "WARNING",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    if options.background:
        print(f"filling with {options.background:,} generated dossiers ...")
        manage(env, "generate_dossiers", "--count", str(options.background), "--seed", "1")
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "config.wsgi",
            "--workers",
            str(options.workers),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/", timeout=10)
                break
            except requests.RequestException:  # not listening yet, or still booting
                time.sleep(0.5)
        report(base, options, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not options.keep:
            psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def report(base: str, options: argparse.Namespace, master: int) -> None:
    threads = options.threads
    per_thread: int = options.intakes // threads
    one_stop = [Officer(base, "thucphan.motcua") for _ in range(threads)]
    ids: list[list[int]] = [[] for _ in range(threads)]
    lock = threading.Lock()

    def intake(thread: int) -> int:
        for index in range(per_thread):
            made = one_stop[thread].post("/api/v1/dossiers", intake_body(index, thread))
            with lock:
                ids[thread].append(made["id"])
        return per_thread

    count, seconds = run_threads(threads, intake)
    intake_rate = count / seconds

    crews = [
        {name: Officer(base, name) for name in {persona for persona, _ in LIFECYCLE}}
        for _ in range(threads)
    ]
    per_crew: int = options.lifecycles // threads

    def lifecycle(thread: int) -> int:
        crew = crews[thread]
        for index in range(per_crew):
            made = crew["thucphan.motcua"].post(
                "/api/v1/dossiers", intake_body(index, 100 + thread)
            )
            revision = made["revision"]
            for persona, action in LIFECYCLE:
                body = {"revision": revision, "via": "counter"}
                revision = crew[persona].post(
                    f"/api/v1/dossiers/{made['id']}/actions/{action}", body
                )["revision"]
        return per_crew

    done, seconds = run_threads(threads, lifecycle)
    lifecycle_rate = done / seconds

    specialist = crews[0]["thucphan.chuyenvien"]
    # Give the specialist a worklist: forward some received dossiers to the ward.
    for dossier_id in ids[0][:50]:
        detail = one_stop[0].get(f"/api/v1/dossiers/{dossier_id}").json()
        one_stop[0].post(
            f"/api/v1/dossiers/{dossier_id}/actions/forward", {"revision": detail["revision"]}
        )
    code = one_stop[0].get(f"/api/v1/dossiers/{ids[0][0]}").json()["code"]
    public = requests.Session()
    worklist = timed(
        lambda: specialist.get("/api/v1/dossiers?list=mine").raise_for_status(), options.runs
    )
    lookup = timed(
        lambda: public.get(f"{base}/api/v1/lookup/{code}").raise_for_status(), options.runs
    )
    raw_worklist, raw_lookup = raw_reads(code, options.runs)
    memory = worker_memory(master)

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, PostgreSQL, gunicorn {options.workers} sync workers, "
        f"{threads} client threads on the same machine"
    )
    if options.background:
        print(f"background: {options.background:,} generated dossiers in the database")
    print(
        f"intake (counter, API):     {intake_rate:8.1f} dossiers/s  "
        f"(budget >= {BUDGET['intake']:.0f})  {verdict(intake_rate >= BUDGET['intake'])}"
    )
    print(
        f"full lifecycle (8 calls):  {lifecycle_rate:8.1f} dossiers/s  "
        f"(budget >= {BUDGET['lifecycle']:.0f})  "
        f"{verdict(lifecycle_rate >= BUDGET['lifecycle'])}"
    )
    for label, samples, raw in (
        ("worklist (my steps)", worklist, raw_worklist),
        ("public lookup", lookup, raw_lookup),
    ):
        p50, p95 = percentiles(samples)
        raw50, _raw95 = percentiles(raw)
        print(
            f"{label:<26} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  raw SQL p50 {raw50:5.2f} ms  "
            f"ratio {p50 / raw50:5.1f}  (budget p95 <= {BUDGET['p95_ms']:.0f})  "
            f"{verdict(p95 <= BUDGET['p95_ms'])}"
        )
    resident = ", ".join(f"{mb:.0f} MB" for mb in memory)
    fits = all(mb <= BUDGET["worker_mb"] for mb in memory)
    print(f"workers resident: {resident}  (budget <= {BUDGET['worker_mb']:.0f})  {verdict(fits)}")


if __name__ == "__main__":
    main()
