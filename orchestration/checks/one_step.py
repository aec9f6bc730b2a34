"""Many asset checks evaluated in one Dagster step, on one read-only connection to the warehouse.

A step of its own per check cost ~0.3 s of step events and connection each, more than most checks take: with a
GX suite per table and a freshness check per source (~90 checks), that was ~90 steps and ~30 s a night. Each
check keeps its own key, description, severity and blocking flag: the UI shows them one by one, and a blocking
check that fails with severity error fails the step after every selected check has reported.
"""

from collections.abc import Callable, Iterator

import dagster as dg
import duckdb

from orchestration.ingest.loader import connect_warehouse
from orchestration.settings import get_settings

# What evaluates one check: the warehouse connection, the step's context and the check's own key.
Evaluation = Callable[[duckdb.DuckDBPyConnection, dg.AssetCheckExecutionContext, dg.AssetCheckKey], dg.AssetCheckResult]


def checks_in_one_step(
    name: str, description: str, checks: list[tuple[dg.AssetCheckSpec, Evaluation]], pool: str | None = None
) -> dg.AssetChecksDefinition:
    """The checks as one multi-asset check; a run that selects some of its assets evaluates only their checks."""
    evaluations = {spec.key: evaluate for spec, evaluate in checks}

    @dg.multi_asset_check(
        specs=[spec for spec, _ in checks], can_subset=True, name=name, description=description, pool=pool
    )
    def evaluate_checks(context: dg.AssetCheckExecutionContext) -> Iterator[dg.AssetCheckResult]:
        con = connect_warehouse(get_settings().warehouse_path, read_only=True)
        try:
            for key, evaluate in evaluations.items():
                if key in context.selected_asset_check_keys:
                    yield evaluate(con, context, key)
        finally:
            con.close()

    return evaluate_checks
