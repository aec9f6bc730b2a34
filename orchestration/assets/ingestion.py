"""Ingestion assets, built from the source registry: land the day's file, load it into `raw.<source>`."""

import dagster as dg
import pandas as pd

from orchestration.ingest.loader import META_DDL, connect_warehouse, load_source
from orchestration.partitions import as_of_of, daily_partitions
from orchestration.registry import SOURCES, Source, registry_rows
from orchestration.settings import get_settings


def build_ingestion_asset(source: Source) -> dg.AssetsDefinition:
    # A SIRENE stock file keeps the SIRENs carried by the other sources: it loads after them.
    carriers = [["raw", s.id] for s in SOURCES.values() if s.siret_columns and source.filter_siren_column]

    @dg.asset(
        key=["raw", source.id],
        deps=carriers,
        group_name="ingestion",
        partitions_def=daily_partitions,
        pool="duckdb",
        required_resource_keys={"run_lock"},
        kinds={"duckdb", source.format},
        description=f"{source.dataset} — {source.producer}. {source.description}",
        metadata={
            "url": dg.MetadataValue.url(source.url),
            "licence": source.licence,
            "cadence": source.cadence,
            "identifiers": ", ".join(source.identifiers),
            "granularity": source.granularity,
        },
    )
    def ingest(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        result = load_source(source, as_of_of(context), get_settings())
        report = result.report
        if result.skipped:
            context.log.info(f"{source.id}: {result.skipped}")
            return dg.MaterializeResult(metadata={"as_of": result.as_of.isoformat(), "skipped": result.skipped})
        if report.rejected:
            context.log.warning(
                f"{source.id}: {len(report.rejected)} rows quarantined, e.g. row "
                f"{report.rejected[0].row_number}: {report.rejected[0].reason}"
            )
        return dg.MaterializeResult(
            metadata={
                "as_of": result.as_of.isoformat(),
                "rows_loaded": dg.MetadataValue.int(result.row_count),
                "rows_quarantined": dg.MetadataValue.int(len(report.rejected)),
                "rows_outside_scope": dg.MetadataValue.int(result.filtered_out),
                "encoding_detected": report.encoding,
                "sha256": result.landed.sha256,
                "size_bytes": dg.MetadataValue.int(result.landed.size),
                "landed_file": dg.MetadataValue.path(str(result.landed.path)),
                "origin": result.landed.origin,
                "missing_optional_columns": ", ".join(report.missing_optional) or "aucune",
                "unmapped_columns": dg.MetadataValue.int(len(report.unmapped_columns)),
            }
        )

    return ingest


@dg.asset(
    key=["raw", "source_registry"],
    group_name="ingestion",
    partitions_def=daily_partitions,
    pool="duckdb",
    kinds={"duckdb"},
    description=(
        "Registre des sources, tel que déclaré dans le code (orchestration/sources), publié en table `sources`."
    ),
)
def source_registry() -> dg.MaterializeResult:
    con = connect_warehouse(get_settings().warehouse_path)
    try:
        con.register("registry_rows", pd.DataFrame(registry_rows()))
        con.execute("create schema if not exists raw")
        con.execute("create or replace table raw.source_registry as select * from registry_rows")
    finally:
        con.close()
    return dg.MaterializeResult(metadata={"sources": dg.MetadataValue.int(len(SOURCES))})


@dg.asset(
    key=["raw", "load_log"],
    group_name="ingestion",
    partitions_def=daily_partitions,
    pool="duckdb",
    kinds={"duckdb"},
    deps=[["raw", source.id] for source in SOURCES.values()],
    description=(
        "Journal des chargements (raw._loads) et lignes mises en quarantaine (raw._quarantine), "
        "complets une fois toutes les sources chargées."
    ),
)
def load_log(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    con = connect_warehouse(get_settings().warehouse_path)
    try:
        con.execute(META_DDL)
        loads = con.execute(
            "select source_id, row_count, quarantined_count from raw._loads where as_of = ? order by source_id",
            [as_of_of(context)],
        ).fetchall()
    finally:
        con.close()
    table = "| source | lignes | quarantaine |\n|---|---|---|\n" + "\n".join(
        f"| {source_id} | {rows} | {quarantined} |" for source_id, rows, quarantined in loads
    )
    return dg.MaterializeResult(
        metadata={
            "sources_loaded": dg.MetadataValue.int(len(loads)),
            "rows_loaded": dg.MetadataValue.int(sum(row[1] for row in loads)),
            "rows_quarantined": dg.MetadataValue.int(sum(row[2] for row in loads)),
            "loads": dg.MetadataValue.md(table),
        }
    )


ingestion_assets = [build_ingestion_asset(source) for source in SOURCES.values()] + [
    source_registry,
    load_log,
]
