"""The dbt project as Dagster assets; dbt tests become asset checks (error severity blocks publication)."""

import json
import shutil
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)
from pydantic import Field

from orchestration.partitions import daily_partitions
from orchestration.run_lock import RunLockResource
from orchestration.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()

translator = DagsterDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


class DbtBuildConfig(dg.Config):
    full_refresh: bool = Field(
        default=False,
        description=(
            "Reconstruit les modèles incrémentaux (staging, intermédiaires, historiques SCD2) depuis tous les "
            "chargements bruts conservés, au lieu de ne traiter que le chargement du jour : après un changement "
            "des colonnes d'un modèle (la nuit échoue alors en le signalant), ou pour tout vérifier."
        ),
    )


@dbt_assets(
    manifest=dbt_project.manifest_path,
    partitions_def=daily_partitions,
    dagster_dbt_translator=translator,
    pool="duckdb",
)
def referentiels_dbt(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, run_lock: RunLockResource, config: DbtBuildConfig
):
    """Staging, history and marts, built for the run's `as_of` (passed as the dbt var, never the clock), under
    the run lock. Incremental: a night reads its own load and the open versions (macros/incremental_loads.sql);
    `full_refresh` rebuilds from every load. dbt unit tests check the project's SQL on fixed rows, not the day's
    data: the test suite runs them (tests/test_dbt_unit_tests.py), the nightly does not."""
    dbt_vars = json.dumps({"as_of": context.partition_key})
    command = ["build", "--exclude-resource-type", "unit_test", "--vars", dbt_vars]
    if config.full_refresh:
        command.append("--full-refresh")
    yield from dbt.cli(command, context=context).stream()


def full_refresh_run_config() -> dict:
    """Run config of the nightly job that rebuilds the dbt models from every load."""
    return {"ops": {referentiels_dbt.node_def.name: {"config": {"full_refresh": True}}}}


def dbt_resource() -> DbtCliResource:
    """dbt from this interpreter's environment, so a non-activated virtualenv works too."""
    beside_python = Path(sys.executable).parent / "dbt"
    executable = str(beside_python) if beside_python.exists() else shutil.which("dbt") or "dbt"
    return DbtCliResource(project_dir=dbt_project, dbt_executable=executable)
