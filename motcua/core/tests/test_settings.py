"""Production refuses unsafe settings; with safe ones `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SAFE_KEY = "k" * 30 + "-production-secret-for-the-test-only-0123456789"


def run_manage(*args, **env):
    # DATABASE_URL is dropped too: these tests are about the defaults.
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(  # noqa: S603 -- our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_default_secret_and_debug(tmp_path):
    result = run_manage(
        "check", MOTCUA_PRODUCTION="true", DJANGO_DEBUG="true", MOTCUA_VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert "Unsafe production settings" in result.stderr
    assert "DJANGO_DEBUG must be false" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_drop_the_second_factor(tmp_path):
    result = run_manage(
        "check",
        MOTCUA_PRODUCTION="true",
        DJANGO_SECRET_KEY=SAFE_KEY,
        MOTCUA_REQUIRE_STAFF_OTP="false",
        MOTCUA_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "MOTCUA_REQUIRE_STAFF_OTP must be true" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        MOTCUA_PRODUCTION="true",
        DJANGO_SECRET_KEY=SAFE_KEY,
        DJANGO_ALLOWED_HOSTS="motcua.example.vn",
        MOTCUA_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr


def test_default_database_is_a_sqlite_file_in_wal_mode(tmp_path):
    code = (
        "from django.db import connection; cursor = connection.cursor(); "
        "cursor.execute('PRAGMA journal_mode'); print(cursor.fetchone()[0]); "
        "print(connection.settings_dict['NAME'])"
    )
    result = run_manage("shell", "-c", code, MOTCUA_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    mode, name = result.stdout.split()[-2:]
    assert mode == "wal"
    assert name == str(tmp_path / "motcua.sqlite3")
