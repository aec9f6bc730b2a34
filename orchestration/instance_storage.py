"""Dagster instance storage for production (deploy/dagster.postgres.yaml): dagster-postgres, pooled.

dagster-postgres opens a new connection for every statement of its run and event storages (NullPool) unless
the process is the webserver: a run of three assets opened 205 PostgreSQL sessions for 27 events, each paying a
TCP connection and a password exchange. On the shipped samples (`bench stack`) the nightly job took 196–210 s
with the stock PostgreSQL storages against 125–140 s with pooled connections (benchmarks/README.md). Run
workers and the daemon keep one connection per storage open instead, as the webserver does (6 sessions for that
run); the schedule storage, written at each daemon tick only, keeps the default.
"""

from __future__ import annotations

from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage
from dagster_postgres.utils import create_pg_engine, get_token_provider_from_config, pg_url_from_config

POOL_RECYCLE_SECONDS = 3600  # a connection older than this is replaced before use (server-side idle timeouts)
MAX_OVERFLOW = 4  # the daemon's threads may use a storage at the same time


class _Pooled:
    """Gives a dagster-postgres storage a pooled engine: the webserver's settings (one connection, autocommit,
    no statement timeout as with the default engine), and a liveness check before each use, so that a server
    restart or an idle-session kill costs a reconnection instead of a failed statement."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        default = self._engine
        self._engine = create_pg_engine(
            self.postgres_url,
            self._token_provider,
            isolation_level="AUTOCOMMIT",
            pool_size=1,
            max_overflow=MAX_OVERFLOW,
            pool_recycle=POOL_RECYCLE_SECONDS,
            pool_pre_ping=True,
        )
        default.dispose()

    def optimize_for_webserver(self, statement_timeout: int, pool_recycle: int, max_overflow: int) -> None:
        """The webserver's own engine (with its statement timeout) replaces ours: close ours."""
        previous = self._engine
        super().optimize_for_webserver(statement_timeout, pool_recycle, max_overflow)
        previous.dispose()

    def dispose(self) -> None:
        super().dispose()
        self._engine.dispose()

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
