"""The run's `as_of` is a daily partition key (Europe/Paris); history logic never reads the wall clock."""

from datetime import date

import dagster as dg

from orchestration.settings import PARTITIONS_START

daily_partitions = dg.DailyPartitionsDefinition(start_date=PARTITIONS_START, timezone="Europe/Paris", end_offset=1)


def as_of_of(context: dg.AssetExecutionContext) -> date:
    return date.fromisoformat(context.partition_key)
