"""The nightly job on a Dagster instance stored in PostgreSQL (deploy/dagster.postgres.yaml).

The session's nightly run on the real samples (`nightly_samples` in conftest.py) is recorded in PostgreSQL
whenever a server is reachable; this test reads its records back, as the webserver and the daemon would.
Under CI the test fails instead of skipping, so a broken PostgreSQL setup cannot go unnoticed.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import NIGHTLY_AS_OF
from tests.postgres import pg_connect, pg_settings, pg_unreachable_reason


@pytest.mark.postgres
def test_nightly_run_recorded_in_postgres(nightly_samples):
    reason = pg_unreachable_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(f"{reason}; run `make test`, which starts PostgreSQL")
    _, result = nightly_samples
    assert result.success
    partition = NIGHTLY_AS_OF.isoformat()
    with pg_connect(pg_settings()) as con, con.cursor() as cur:
        cur.execute("select status, pipeline_name, partition from runs where run_id = %s", (result.run_id,))
        assert cur.fetchall() == [("SUCCESS", "nightly", partition)]
        cur.execute(
            "select count(*) from event_logs where run_id = %s and dagster_event_type = %s"
            " and asset_key = %s and partition = %s",
            (result.run_id, "ASSET_MATERIALIZATION", '["publication"]', partition),
        )
        assert cur.fetchone() == (1,)
        # Asset checks (dbt tests, GX suites) are recorded there too: the UI's quality view reads them.
        cur.execute(
            "select count(*) from event_logs where run_id = %s and dagster_event_type = %s",
            (result.run_id, "ASSET_CHECK_EVALUATION"),
        )
        assert cur.fetchone()[0] == len(result.get_asset_check_evaluations())
    con.close()
