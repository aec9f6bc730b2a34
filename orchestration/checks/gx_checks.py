"""One blocking asset check per published table and per staging model of identifiers, validated by Great
Expectations on a pandas batch; all of them run in one step. The tables, their documented columns and their
identifier status columns (those with an `identifier_valid` dbt test) are read from the dbt manifest: a new mart
or source is covered.

GX cannot validate DuckDB through SQLAlchemy, so each check reads the mart into pandas (read-only
connection) and runs an ephemeral validation. GX is imported inside the check: it is slow to import and the
code location must stay quick to load.
"""

import json
import os

import dagster as dg
from dagster._core.storage.tags import PARTITION_NAME_TAG
from dagster_dbt import get_asset_key_for_model

from orchestration.assets.dbt import dbt_project, referentiels_dbt
from orchestration.checks.suites import Expectation, mart_suite, staging_suite
from orchestration.ingest.loader import connect_warehouse, quote_ident, quote_literal
from orchestration.settings import get_settings

ORDERED_COLUMNS = "ExpectTableColumnsToMatchOrderedList"


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
    ids = [suite.add_expectation(getattr(gxe, e.kind)(**e.kwargs)).id for e in expectations]
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=f"{suite_name}_validation", data=batch_definition, suite=suite)
    )
    result = validation.run(batch_parameters={"dataframe": frame})
    # GX returns table-level results first, then by column: matched by id, never by position (a failure would
    # otherwise be reported under another expectation, with its severity).
    by_id = {item.expectation_config.id: item for item in result.results}
    outcomes = []
    for expectation, item in zip(expectations, (by_id[i] for i in ids), strict=True):
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


def _load_as_categories(con, relation: str, columns: list[str], as_of: str):
    """The status columns of one load as pandas categories. A national SIRENE load is ~40 M rows: checking its
    two status columns as Python strings took 7.9 GiB (the night peaked at 14 GiB), as categories 2.3 GiB. Each
    column is cast to an ENUM of the values it holds (DuckDB hands ENUMs to pandas as categories), so no value
    is lost or refused."""
    quoted = [quote_ident(column) for column in columns]
    # Every column's values in one pass over the load.
    value_lists = con.execute(
        f"select {', '.join(f'list(distinct {c}) filter (where {c} is not null)' for c in quoted)} "  # noqa: S608
        f"from {relation} where as_of = ?",
        [as_of],
    ).fetchone()
    casts = [
        f"cast({column} as enum({', '.join(quote_literal(str(v)) for v in values)})) as {column}" if values else column
        for column, values in zip(quoted, value_lists, strict=True)
    ]
    return con.execute(f"select {', '.join(casts)} from {relation} where as_of = ?", [as_of]).df()  # noqa: S608


def _read_columns(expectations: list[Expectation]) -> list[str]:
    """Columns the column-level expectations of a suite read, in first-use order."""
    columns: list[str] = []
    for expectation in (e for e in expectations if e.kind != ORDERED_COLUMNS):
        for column in [expectation.kwargs.get("column"), *expectation.kwargs.get("column_list", [])]:
            if column and column not in columns:
                columns.append(column)
    return columns


def _validate_table(con, relation: str, model: str, expectations: list[Expectation]):
    """A whole table's suite, reading only what it checks: its column list from an empty result, every other
    expectation (row count included) on the columns they name, or on its first column alone. A national mart
    read whole into pandas (`select *`) was most of the checks' time and of the night's peak memory."""
    empty = con.execute(f"select * from {relation} limit 0").df()  # noqa: S608
    columns = _read_columns(expectations) or [str(empty.columns[0])]
    frame = con.execute(f"select {', '.join(quote_ident(c) for c in columns)} from {relation}").df()  # noqa: S608
    outcomes: list[dict | None] = [None] * len(expectations)
    for on_columns, batch, name in ((True, empty, f"{model}_columns"), (False, frame, model)):
        positions = [i for i, e in enumerate(expectations) if (e.kind == ORDERED_COLUMNS) == on_columns]
        if positions:
            results = validate(batch, name, [expectations[i] for i in positions])
            for position, outcome in zip(positions, results, strict=True):
                outcomes[position] = outcome
    return frame, outcomes


def _suite_result(con, key: dg.AssetCheckKey, model: str, schema: str, expectations: list[Expectation], as_of):
    """One table's suite, as the result of its asset check `key` (`gx_<model>`)."""
    # Schema, model and column names come from the dbt manifest, quoted.
    relation = f"{quote_ident(schema)}.{quote_ident(model)}"
    if schema == "staging" and as_of:
        # A staging model holds every load: the run's own load is the one this night adds.
        columns = sorted({e.kwargs["column"] for e in expectations})
        frame = _load_as_categories(con, relation, columns, as_of)
        outcomes = validate(frame, model, expectations)
    else:
        frame, outcomes = _validate_table(con, relation, model, expectations)
    failed_errors = [o for o in outcomes if not o["success"] and o["severity"] == "error"]
    failed_warnings = [o for o in outcomes if not o["success"] and o["severity"] == "warn"]
    table = "| attente | colonne | sévérité | succès | hors attente (%) |\n|---|---|---|---|---|\n" + "\n".join(
        f"| {o['expectation']} | {o['column'] or ''} | {o['severity']} | {o['success']} | "
        f"{o['unexpected_percent'] if o['unexpected_percent'] is not None else ''} |"
        for o in outcomes
    )
    return dg.AssetCheckResult(
        asset_key=key.asset_key,
        check_name=key.name,
        passed=not failed_errors and not failed_warnings,
        severity=dg.AssetCheckSeverity.ERROR if failed_errors else dg.AssetCheckSeverity.WARN,
        metadata={
            "rows": dg.MetadataValue.int(len(frame)),
            "failed_error_expectations": dg.MetadataValue.int(len(failed_errors)),
            "failed_warn_expectations": dg.MetadataValue.int(len(failed_warnings)),
            "results": dg.MetadataValue.md(table),
        },
    )


def build_gx_checks(suites: list[tuple[str, str, list[Expectation]]]) -> dg.AssetChecksDefinition:
    """Every suite in one step, on one read-only connection: a step per suite cost step events and a connection
    each, more than most suites take (60 steps, 20.5 s on the samples; one step, 10.3 s). Each suite is still its
    own blocking check `gx_<model>` of its table: the step reports them all, then fails if one failed with
    severity error, and the publication waits for that step: an error in a staging suite (a status outside the
    documented vocabulary) stops the publication too, as the severity policy says (suites.py). Grouping isolates
    nothing less than one step per suite did: every suite reads a model built by the single dbt step."""
    by_key = {
        dg.AssetCheckKey(get_asset_key_for_model([referentiels_dbt], model), f"gx_{model}"): (model, schema, e)
        for model, schema, e in suites
    }
    specs = [
        dg.AssetCheckSpec(
            name=key.name,
            asset=key.asset_key,
            blocking=True,
            description=(
                f"Suite Great Expectations de `{schema}.{model}` (bloquante si une attente « error » échoue) : "
                + ", ".join(sorted({e.kind for e in expectations}))
                + "."
            ),
        )
        for key, (model, schema, expectations) in by_key.items()
    ]

    @dg.multi_asset_check(
        specs=specs,
        can_subset=True,
        name="great_expectations",
        description="Suites Great Expectations des tables publiées et des modèles staging d'identifiants.",
    )
    def great_expectations(context: dg.AssetCheckExecutionContext):
        as_of = context.run.tags.get(PARTITION_NAME_TAG)
        con = connect_warehouse(get_settings().warehouse_path, read_only=True)
        try:
            for key, suite in by_key.items():
                if key in context.selected_asset_check_keys:
                    yield _suite_result(con, key, *suite, as_of)
        finally:
            con.close()

    return great_expectations


def _manifest_suites() -> list[tuple[str, str, list[Expectation]]]:
    manifest = json.loads(dbt_project.manifest_path.read_text())
    models = {node["unique_id"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    status_columns: dict[str, list[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and (node.get("test_metadata") or {}).get("name") == "identifier_valid":
            model = models[node["attached_node"]]
            if "staging" in model["fqn"]:
                status_columns.setdefault(model["name"], []).append(node["column_name"])
    suites = [
        (node["name"], "marts", mart_suite(node["name"], list(node["columns"])))
        for node in models.values()
        if "marts" in node["fqn"]
    ]
    suites += [(name, "staging", staging_suite(sorted(set(columns)))) for name, columns in status_columns.items()]
    return sorted(suites)


gx_checks = [build_gx_checks(_manifest_suites())]
