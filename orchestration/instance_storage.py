"""Dagster instance storage for production (deploy/dagster.postgres.yaml): dagster-postgres, pooled.

dagster-postgres opens a new connection for every statement of its run and event storages (NullPool) unless
the process is the webserver: a run of three assets opened 205 PostgreSQL sessions for 27 events, each paying a
TCP connection and a password exchange. On the shipped samples the nightly job took 143 s with the instance in
PostgreSQL against 88 s in SQLite, and 80 s with pooled connections (benchmarks/README.md). The run worker and
the daemon keep one connection per storage open instead, as the webserver does (6 sessions for that run).
"""

from __future__ import annotations

from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage
from dagster_postgres.utils import get_token_provider_from_config, pg_url_from_config

POOL_RECYCLE_SECONDS = 3600  # a connection older than this is replaced before use (server-side idle timeouts)
MAX_OVERFLOW = 4  # the daemon's threads may use a storage at the same time


class _Pooled:
    """Switches a dagster-postgres storage to the webserver's pooled engine, without a statement timeout (0), as
    with the default engine."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.optimize_for_webserver(statement_timeout=0, pool_recycle=POOL_RECYCLE_SECONDS, max_overflow=MAX_OVERFLOW)

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        # The parents build their own class here, not `cls`.
        return cls(
            inst_data=inst_data,
            postgres_url=pg_url_from_config(config_value),
            should_autocreate_tables=config_value.get("should_autocreate_tables", True),
            token_provider=get_token_provider_from_config(config_value),
        )


class PooledPostgresRunStorage(_Pooled, PostgresRunStorage):
    """Runs, their tags and status, over one open connection."""


class PooledPostgresEventLogStorage(_Pooled, PostgresEventLogStorage):
    """Events (steps, materializations, asset checks), over one open connection."""
