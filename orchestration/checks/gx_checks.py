"""Build one blocking asset check per mart suite, validated by Great Expectations on a pandas batch.

GX cannot validate DuckDB through SQLAlchemy, so each check reads the mart into pandas (read-only
connection) and runs an ephemeral validation. GX is imported inside the check: it is slow to import and the
code location must stay quick to load.
"""

import os

import dagster as dg
from dagster_dbt import get_asset_key_for_model

from orchestration.assets.dbt import referentiels_dbt
from orchestration.checks.suites import SUITES, Expectation
from orchestration.ingest.loader import connect_warehouse, quote_ident
from orchestration.settings import get_settings


def validate(frame, suite_name: str, expectations: list[Expectation]) -> list[dict]:
    """Run the expectations on a DataFrame; one result dict per expectation."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    import great_expectations.expectations as gxe

    context = gx.get_context(mode="ephemeral")
    batch_definition = (
        context.data_sources.add_pandas(f"{suite_name}_source")
        .add_dataframe_asset(suite_name)
        .add_batch_definition_whole_dataframe("whole")
    )
    suite = context.suites.add(gx.ExpectationSuite(name=suite_name))
    for expectation in expectations:
        suite.add_expectation(getattr(gxe, expectation.kind)(**expectation.kwargs))
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=f"{suite_name}_validation", data=batch_definition, suite=suite)
    )
    result = validation.run(batch_parameters={"dataframe": frame})
    outcomes = []
    for expectation, item in zip(expectations, result.results, strict=True):
        details = item.result or {}
        outcomes.append(
            {
                "expectation": expectation.kind,
                "column": expectation.kwargs.get("column") or expectation.kwargs.get("column_list"),
                "severity": expectation.severity,
                "success": bool(item.success),
                "unexpected_count": details.get("unexpected_count"),
                "unexpected_percent": details.get("unexpected_percent"),
                "observed_value": details.get("observed_value"),
            }
        )
    return outcomes


def build_gx_check(mart: str, expectations: list[Expectation]) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=get_asset_key_for_model([referentiels_dbt], mart),
        name=f"gx_{mart}",
        blocking=True,
        description=(
            f"Suite Great Expectations de la table publiée `{mart}` (bloquante si une attente « error » échoue)."
        ),
    )
    def gx_check() -> dg.AssetCheckResult:
        con = connect_warehouse(get_settings().warehouse_path, read_only=True)
        try:
            frame = con.execute(f"select * from marts.{quote_ident(mart)}").df()  # noqa: S608 — quoted mart name
        finally:
            con.close()
        outcomes = validate(frame, mart, expectations)
        failed_errors = [o for o in outcomes if not o["success"] and o["severity"] == "error"]
        failed_warnings = [o for o in outcomes if not o["success"] and o["severity"] == "warn"]
        table = "| attente | colonne | sévérité | succès | hors attente (%) |\n|---|---|---|---|---|\n" + "\n".join(
            f"| {o['expectation']} | {o['column'] or ''} | {o['severity']} | {o['success']} | "
            f"{o['unexpected_percent'] if o['unexpected_percent'] is not None else ''} |"
            for o in outcomes
        )
        return dg.AssetCheckResult(
            passed=not failed_errors and not failed_warnings,
            severity=dg.AssetCheckSeverity.ERROR if failed_errors else dg.AssetCheckSeverity.WARN,
            metadata={
                "rows": dg.MetadataValue.int(len(frame)),
                "failed_error_expectations": dg.MetadataValue.int(len(failed_errors)),
                "failed_warn_expectations": dg.MetadataValue.int(len(failed_warnings)),
                "results": dg.MetadataValue.md(table),
            },
        )

    return gx_check


gx_checks = [build_gx_check(mart, expectations) for mart, expectations in SUITES.items()]
