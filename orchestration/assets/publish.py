"""The `publication` asset: runs only when every blocking check of the marts passed."""

import json

import dagster as dg
from dagster_dbt import get_asset_key_for_model

from orchestration.assets.dbt import dbt_project, referentiels_dbt
from orchestration.cartography_report import REPORT_NAME
from orchestration.partitions import as_of_of, daily_partitions
from orchestration.publication import publish
from orchestration.publication_changes import CheckSummary
from orchestration.settings import get_settings


def published_marts() -> list[str]:
    """The dbt models under models/marts, read from the manifest: adding a mart publishes it."""
    manifest = json.loads(dbt_project.manifest_path.read_text())
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and "marts" in node["fqn"]
    )


MARTS = published_marts()


def coverage_metadata(publication) -> dict:
    """The CFD↔RNCP coverage figures of the new publication, shown in the run's asset metadata."""
    import duckdb

    with duckdb.connect(str(publication), read_only=True) as con:
        rows = con.execute(
            "select metric, numerator, denominator, share_percent from coverage_cfd_rncp where scope = 'all'"
        ).fetchall()
    return {
        f"coverage_{metric}": dg.MetadataValue.text(f"{share} % ({numerator}/{denominator})")
        for metric, numerator, denominator, share in rows
    }


def run_check_summary(context: dg.AssetExecutionContext) -> CheckSummary:
    """The asset checks evaluated so far in this run (dbt tests and GX suites), for the publication log."""
    records = context.instance.get_records_for_run(
        run_id=context.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION, limit=100_000
    ).records
    evaluations = [record.event_log_entry.dagster_event.event_specific_data for record in records]
    failed = [e for e in evaluations if not e.passed]
    return CheckSummary(
        passed=len(evaluations) - len(failed),
        failed_error=sum(e.severity == dg.AssetCheckSeverity.ERROR for e in failed),
        failed_warn=sum(e.severity == dg.AssetCheckSeverity.WARN for e in failed),
        failed=tuple(sorted(f"{e.asset_key.to_user_string()}:{e.check_name}" for e in failed)),
    )


@dg.asset(
    key="publication",
    group_name="publication",
    partitions_def=daily_partitions,
    pool="duckdb",
    required_resource_keys={"run_lock"},
    kinds={"duckdb", "parquet"},
    deps=[get_asset_key_for_model([referentiels_dbt], name) for name in MARTS],
    description=(
        "Publication des marts validés dans data/publication/referentiels.duckdb (à ouvrir en lecture seule) "
        "et en Parquet ; remplacement atomique, la publication précédente reste intacte en cas d'échec. "
        "Écrit aussi le fichier des changements (data/publication/changes/<as_of>.csv, table "
        "publication_changes), le journal des publications (publication_log) et une liste d'anomalies par "
        "producteur (data/publication/anomalies/<producteur>.csv et .html) et le rapport HTML de la cartographie "
        "des identifiants (data/publication/rapport/cartographie.html : graphe, tableaux, couverture)."
    ),
)
def publication(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    settings = get_settings()
    tables = publish(settings, MARTS, as_of_of(context), context.run_id, run_check_summary(context))
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(settings.publication_path)),
            "parquet_dir": dg.MetadataValue.path(str(settings.parquet_dir)),
            "anomaly_exports": dg.MetadataValue.path(str(settings.publication_dir / "anomalies")),
            "rapport_cartographie": dg.MetadataValue.path(str(settings.publication_dir / "rapport" / REPORT_NAME)),
            "change_file": dg.MetadataValue.path(
                str(settings.publication_dir / "changes" / f"{as_of_of(context).isoformat()}.csv")
            ),
            "tables": dg.MetadataValue.md(
                "| table | lignes |\n|---|---|\n" + "\n".join(f"| {t.name} | {t.row_count} |" for t in tables)
            ),
            **{f"rows_{t.name}": dg.MetadataValue.int(t.row_count) for t in tables},
            **coverage_metadata(settings.publication_path),
        }
    )
