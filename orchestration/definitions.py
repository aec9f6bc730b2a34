"""The single Definitions object of the code location."""

import dagster as dg

from orchestration.alerts import nightly_failure_alert
from orchestration.assets.dbt import dbt_resource, referentiels_dbt
from orchestration.assets.ingestion import ingestion_assets
from orchestration.assets.publish import publication
from orchestration.checks.freshness import freshness_checks, with_nightly_deadline
from orchestration.checks.gx_checks import gx_checks
from orchestration.jobs import nightly_job, nightly_schedule
from orchestration.run_lock import RunLockResource

defs = dg.Definitions(
    assets=[*with_nightly_deadline(ingestion_assets), referentiels_dbt, publication],
    asset_checks=[*gx_checks, *freshness_checks],
    jobs=[nightly_job],
    schedules=[nightly_schedule],
    sensors=[nightly_failure_alert],
    resources={"dbt": dbt_resource(), "run_lock": RunLockResource()},
)
