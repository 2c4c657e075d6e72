"""Exit 0 if the PostgreSQL server of a database URL answers, 1 (with the reason) otherwise."""

from __future__ import annotations

import sys

import psycopg


def main() -> int:
    url = sys.argv[1]
    # Connect to the server's maintenance database: the test database does not exist yet.
    base, _, _name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as exc:
        print(f"PostgreSQL check failed: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
