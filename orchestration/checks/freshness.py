"""Freshness of the sources, from two sides.

A producer may stop publishing while every nightly run succeeds, landing the same bytes day after day:
`source_update_age` (one WARN check per source that declares `update_days`) reads the load log for that.
A nightly run may also not happen at all: the `NIGHTLY_DEADLINE` freshness policy, evaluated by the Dagster
daemon, expects every ingestion asset to be materialized between the 02:30 schedule tick and 06:30 (Paris).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dagster as dg

from orchestration.ingest.loader import connect_warehouse
from orchestration.registry import SOURCES, Source
from orchestration.settings import get_settings

# The schedule ticks at 02:30 (orchestration/jobs.py): a materialization in the four hours up to 06:30 is on time.
NIGHTLY_DEADLINE = dg.FreshnessPolicy.cron(
    deadline_cron="30 6 * * *", lower_bound_delta=timedelta(hours=4), timezone="Europe/Paris"
)

# The newest load, and the first load of the run of identical files that ends with it.
CURRENT_FILE_SQL = """
with latest as (
    select as_of, sha256 from raw._loads where source_id = $source_id order by as_of desc limit 1
), last_other as (
    select max(as_of) as as_of from raw._loads
    where source_id = $source_id and sha256 <> (select sha256 from latest)
)
select min(loads.as_of), (select as_of from latest)
from raw._loads as loads
where loads.source_id = $source_id
    and (loads.as_of > (select as_of from last_other) or (select as_of from last_other) is null)
"""


def update_age(warehouse: Path, source_id: str, update_days: int) -> dg.AssetCheckResult:
    """How long the newest landed file has stayed the same, against the source's limit."""
    con = connect_warehouse(warehouse, read_only=True)
    try:
        first_seen, latest = con.execute(CURRENT_FILE_SQL, {"source_id": source_id}).fetchone()
    finally:
        con.close()
    limit = {"limite (jours)": dg.MetadataValue.int(update_days)}
    if latest is None:  # a source without public sample, offline
        return dg.AssetCheckResult(
            passed=True, severity=dg.AssetCheckSeverity.WARN, metadata={**limit, "note": "aucun chargement"}
        )
    days = (latest - first_seen).days
    return dg.AssetCheckResult(
        passed=days <= update_days,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"Fichier inchangé depuis {days} j au dernier chargement (limite : {update_days} j).",
        metadata={
            "fichier courant vu depuis le": first_seen.isoformat(),
            "dernier chargement": latest.isoformat(),
            "jours sans changement": dg.MetadataValue.int(days),
            **limit,
        },
    )


def build_update_age_check(source: Source) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=["raw", source.id],
        name="source_update_age",
        pool="duckdb",
        description=(
            f"Avertit quand le même fichier est chargé depuis plus de {source.update_days} jours : le "
            f"producteur a peut-être cessé de publier (cadence annoncée : {source.cadence})."
        ),
    )
    def source_update_age() -> dg.AssetCheckResult:
        return update_age(get_settings().warehouse_path, source.id, source.update_days)

    return source_update_age


def with_nightly_deadline(assets: list[dg.AssetsDefinition]) -> list[dg.AssetsDefinition]:
    """The same assets with the nightly deadline, kept here beside the other freshness rules."""
    return [asset.map_asset_specs(lambda spec: dg.apply_freshness_policy(spec, NIGHTLY_DEADLINE)) for asset in assets]


freshness_checks = [build_update_age_check(s) for s in SOURCES.values() if s.update_days is not None]
