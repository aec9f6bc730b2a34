"""The nightly job on a Dagster instance stored in PostgreSQL (deploy/dagster.postgres.yaml).

Needs a reachable server: `make test` starts one with scripts/start_postgres.sh. Under CI the test fails
instead of skipping, so a broken PostgreSQL setup cannot go unnoticed. The job runs on a few sources only:
what is tested is the storage of runs, events, partitions and asset checks, which the whole job uses alike
(the full job is tested on the default instance by the other tests).
"""

from __future__ import annotations

import os
import shutil

import dagster as dg
import pytest

from tests.conftest import NIGHTLY_AS_OF
from tests.postgres import POSTGRES_CONFIG, pg_connect, pg_settings, pg_unreachable_reason

SELECTION = [
    dg.AssetKey(["raw", "source_registry"]),
    dg.AssetKey(["raw", "acce_uai"]),
    dg.AssetKey(["raw", "load_log"]),
]


@pytest.mark.postgres
def test_nightly_run_recorded_in_postgres(workspace, tmp_path, monkeypatch):
    reason = pg_unreachable_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(f"{reason}; run `make test`, which starts PostgreSQL")
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(POSTGRES_CONFIG, home / "dagster.yaml")
    for name, value in pg_settings().items():
        monkeypatch.setenv(name, value)
    partition = NIGHTLY_AS_OF.isoformat()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_storage).__name__ == "PooledPostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PooledPostgresEventLogStorage"
        sessions_before = _sessions()
        result = workspace.run_nightly(NIGHTLY_AS_OF, instance=instance, asset_selection=SELECTION)
        sessions = _sessions() - sessions_before - 1  # less the connection that counts them
        assert result.success
        events = len(instance.get_records_for_run(result.run_id, limit=10_000).records)
        latest = instance.get_latest_materialization_event(dg.AssetKey(["raw", "acce_uai"]))
        assert (latest.run_id, latest.dagster_event.partition) == (result.run_id, partition)

    # What the webserver and the daemon would read: the rows themselves, straight from PostgreSQL.
    with pg_connect(pg_settings()) as con, con.cursor() as cur:
        cur.execute("select status, pipeline_name, partition from runs where run_id = %s", (result.run_id,))
        assert cur.fetchall() == [("SUCCESS", "nightly", partition)]
        cur.execute(
            "select asset_key from event_logs where run_id = %s and dagster_event_type = %s"
            " and partition = %s order by asset_key",
            (result.run_id, "ASSET_MATERIALIZATION", partition),
        )
        assert cur.fetchall() == [(key.to_string(),) for key in sorted(SELECTION, key=lambda k: k.to_string())]
        # The source's freshness check (an asset check) is recorded there too: the UI's quality view reads it.
        cur.execute(
            "select count(*) from event_logs where run_id = %s and dagster_event_type = %s",
            (result.run_id, "ASSET_CHECK_EVALUATION"),
        )
        assert cur.fetchone()[0] == len(result.get_asset_check_evaluations()) >= 1
    con.close()
    # Runs and events went through pooled connections: 6 sessions for this run (205 with dagster-postgres's
    # default engines, which open one per statement; 24 with the event log alone pooled).
    assert sessions < 30, f"{sessions} PostgreSQL sessions opened for {events} events"


def _sessions() -> int:
    """Sessions ever opened on the test database (PostgreSQL ≥ 14 counts them in pg_stat_database)."""
    with pg_connect(pg_settings()) as con, con.cursor() as cur:
        cur.execute("select sessions from pg_stat_database where datname = current_database()")
        count = cur.fetchone()[0]
    con.close()
    return count
