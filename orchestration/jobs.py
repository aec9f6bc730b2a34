"""The nightly job and its schedule (Europe/Paris)."""

import dagster as dg

from orchestration.partitions import daily_partitions
from orchestration.settings import TIMEZONE

# In-process: DuckDB allows one writer, so the steps run one after the other.
nightly_job = dg.define_asset_job(
    "nightly",
    selection=dg.AssetSelection.all(),
    partitions_def=daily_partitions,
    executor_def=dg.in_process_executor,
    description="Ingestion de toutes les sources, modèles dbt et contrôles qualité, puis publication.",
)


@dg.schedule(cron_schedule="30 2 * * *", execution_timezone="Europe/Paris", job=nightly_job)
def nightly_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Every night at 02:30, Paris time, for that calendar day."""
    as_of = context.scheduled_execution_time.astimezone(TIMEZONE).date().isoformat()
    return dg.RunRequest(run_key=as_of, partition_key=as_of)
