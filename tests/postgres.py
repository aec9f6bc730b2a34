"""The local PostgreSQL of the tests (started by `make test` with scripts/start_postgres.sh)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
POSTGRES_CONFIG = PROJECT_DIR / "deploy" / "dagster.postgres.yaml"

PG_DEFAULTS = {
    "DAGSTER_PG_USER": "dagster",
    "DAGSTER_PG_PASSWORD": "dagster",
    "DAGSTER_PG_HOST": "127.0.0.1",
    "DAGSTER_PG_DB": "dagster_test",
    "DAGSTER_PG_PORT": "5432",
}


def pg_settings() -> dict[str, str]:
    """The DAGSTER_PG_* variables the instance config reads, with the defaults of start_postgres.sh."""
    return {name: os.environ.get(name, default) for name, default in PG_DEFAULTS.items()}


def pg_connect(settings: dict[str, str]):
    import psycopg2

    return psycopg2.connect(
        user=settings["DAGSTER_PG_USER"],
        password=settings["DAGSTER_PG_PASSWORD"],
        host=settings["DAGSTER_PG_HOST"],
        port=int(settings["DAGSTER_PG_PORT"]),
        dbname=settings["DAGSTER_PG_DB"],
        connect_timeout=3,
    )


def pg_unreachable_reason() -> str | None:
    """Why the server cannot be reached with the current settings, or None when it can."""
    import psycopg2

    settings = pg_settings()
    try:
        pg_connect(settings).close()
    except psycopg2.OperationalError as exc:
        where = (
            f"{settings['DAGSTER_PG_USER']}@{settings['DAGSTER_PG_HOST']}:"
            f"{settings['DAGSTER_PG_PORT']}/{settings['DAGSTER_PG_DB']}"
        )
        return f"PostgreSQL unreachable ({where}): {str(exc).strip().splitlines()[0]}"
    return None
