"""The nightly job on a Dagster instance stored in PostgreSQL (deploy/dagster.postgres.yaml).

Needs a reachable server: `make test` starts one with scripts/start_postgres.sh. Under CI the test fails
instead of skipping, so a broken PostgreSQL setup cannot go unnoticed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
POSTGRES_CONFIG = PROJECT_DIR / "deploy" / "dagster.postgres.yaml"
PARTITION = "2026-11-29"

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


def require_postgres(settings: dict[str, str]) -> None:
    """Fail under CI, skip elsewhere, when the server cannot be reached with these settings."""
    import psycopg2

    try:
        pg_connect(settings).close()
    except psycopg2.OperationalError as exc:
        where = (
            f"{settings['DAGSTER_PG_USER']}@{settings['DAGSTER_PG_HOST']}:"
            f"{settings['DAGSTER_PG_PORT']}/{settings['DAGSTER_PG_DB']}"
        )
        message = f"PostgreSQL unreachable ({where}): {str(exc).strip().splitlines()[0]}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(f"{message}; run `make test`, which starts PostgreSQL")


@pytest.mark.postgres
def test_nightly_run_recorded_in_postgres(tmp_path, monkeypatch):
    settings = pg_settings()
    require_postgres(settings)

    import dagster as dg

    # Imported before the environment is redirected: orchestration.settings sets a default at import time.
    from orchestration.definitions import defs

    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(POSTGRES_CONFIG, home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("REFERENTIELS_DATA_DIR", str(tmp_path / "data"))
    for name, value in settings.items():
        monkeypatch.setenv(name, value)

    publication_key = dg.AssetKey("publication")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        result = defs.get_job_def("nightly").execute_in_process(partition_key=PARTITION, instance=instance)
        assert result.success
        run_id = result.run_id

        latest = instance.get_latest_materialization_event(publication_key)
        assert latest is not None
        assert latest.run_id == run_id
        assert latest.dagster_event is not None
        assert latest.dagster_event.partition == PARTITION

    # What the webserver and the daemon would read: the rows themselves, straight from PostgreSQL.
    with pg_connect(settings) as con, con.cursor() as cur:
        cur.execute(
            "select status, pipeline_name, partition from runs where run_id = %s",
            (run_id,),
        )
        assert cur.fetchall() == [("SUCCESS", "nightly", PARTITION)]
        cur.execute(
            "select count(*) from event_logs where run_id = %s and dagster_event_type = %s"
            " and asset_key = %s and partition = %s",
            (run_id, "ASSET_MATERIALIZATION", publication_key.to_string(), PARTITION),
        )
        assert cur.fetchone() == (1,)
    con.close()
