"""Publication: copy the validated marts out of the working warehouse, atomically.

Users open `data/publication/referentiels.duckdb` read-only while the nightly run writes the warehouse: DuckDB
allows one writer per file, so readers never touch the warehouse. Everything is built in a staging folder and
moved into place with `os.replace`; a failed or blocked run leaves the previous publication intact.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.anomaly_exports import export_by_producer
from orchestration.cartography_report import TABLES_READ as REPORT_TABLES
from orchestration.cartography_report import render_report
from orchestration.ingest.loader import connect_warehouse, quote_ident, quote_literal
from orchestration.publication_changes import CheckSummary, append_log, carry_log_forward, record_changes
from orchestration.settings import Settings

# Operational tables published beside the marts, straight from the ingestion bookkeeping.
LOG_TABLES = {"load_log": "raw._loads", "quarantine": "raw._quarantine"}
SQL_DIR = Path(__file__).with_name("sql")
# Table macros for as-of lookups, created when the tables they read are published.
LOOKUPS = {
    SQL_DIR / "lookups_uai_siret.sql": ("corr_uai_siret",),
    SQL_DIR / "lookups_certifications.sql": ("corr_cfd_rncp", "dim_certification"),
}
READ_ONLY = 0o444
# Descriptions of the log tables, which have no dbt documentation to carry.
LOG_TABLE_DOCS = SQL_DIR / "publication_docs.sql"


@dataclass(frozen=True)
class PublishedTable:
    name: str
    row_count: int


def _copy_comments(con, table: str, schema: str, from_table: str | None = None, database: str = "warehouse") -> None:
    """Carry the descriptions (dbt docs persisted as DuckDB comments) of `from_table` onto a published table."""
    source = [database, schema, from_table or table]
    table_comment = con.execute(
        "select comment from duckdb_tables() where database_name = ? and schema_name = ? and table_name = ?", source
    ).fetchone()
    if table_comment and table_comment[0] and from_table is None:
        con.execute(f"comment on table main.{quote_ident(table)} is {quote_literal(table_comment[0])}")
    columns = con.execute(
        "select column_name, comment from duckdb_columns() where database_name = ? "
        "and schema_name = ? and table_name = ? and comment is not null",
        source,
    ).fetchall()
    for column, comment in columns:
        con.execute(f"comment on column main.{quote_ident(table)}.{quote_ident(column)} is {quote_literal(comment)}")


def _publish_quarantine_by_source(con) -> list[str]:
    """`quarantine_<source>`: each source's rejected rows in a table of its own, for the sources that have any."""
    names = []
    for (source_id,) in con.execute("select distinct source_id from main.quarantine order by source_id").fetchall():
        name = f"quarantine_{source_id}"
        # The name is a registered source id, quoted; the value is a bound parameter.
        con.execute(
            f"create table main.{quote_ident(name)} as select * from main.quarantine where source_id = ?",  # noqa: S608
            [source_id],
        )
        con.execute(
            f"comment on table main.{quote_ident(name)} is "
            + quote_literal(f"Lignes de la source {source_id} écartées au chargement, avec leur motif.")
        )
        names.append(name)
    return names


def publish(
    settings: Settings, marts: list[str], as_of: date, run_id: str, checks: CheckSummary | None = None
) -> list[PublishedTable]:
    """Write the marts (and the load log) to a new publication and swap it in."""
    staging = settings.publication_dir / f".staging-{run_id}"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "parquet").mkdir(parents=True)
    database = staging / "referentiels.duckdb"
    tables = {name: f"warehouse.marts.{quote_ident(name)}" for name in marts}
    tables |= {name: f"warehouse.{relation}" for name, relation in LOG_TABLES.items()}
    published: list[PublishedTable] = []
    try:
        con = connect_warehouse(database)
        try:
            con.execute(f"attach {quote_literal(str(settings.warehouse_path))} as warehouse (read_only)")
            for name, relation in tables.items():
                # Table names come from the dbt manifest and this module, quoted; no value from source data.
                con.execute(f"create table main.{quote_ident(name)} as select * from {relation}")  # noqa: S608
                if name in marts:
                    _copy_comments(con, name, "marts")
            con.execute("detach warehouse")
            quarantine_tables = _publish_quarantine_by_source(con)
            has_previous = settings.publication_path.exists()
            if has_previous:
                con.execute(f"attach {quote_literal(str(settings.publication_path))} as previous (read_only)")
            previous_as_of = carry_log_forward(con, has_previous, as_of)
            if has_previous:
                con.execute("detach previous")
            changes = record_changes(con, as_of, previous_as_of, marts)
            for name in [*tables, *quarantine_tables, "publication_changes"]:
                parquet = staging / "parquet" / f"{name}.parquet"
                con.execute(f"copy main.{quote_ident(name)} to {quote_literal(str(parquet))} (format parquet)")
                count = con.execute(f"select count(*) from main.{quote_ident(name)}").fetchone()[0]  # noqa: S608
                published.append(PublishedTable(name, count))
            con.execute(
                "create table main.publication_info (as_of date, run_id varchar, table_name varchar, row_count bigint)"
            )
            con.executemany(
                "insert into main.publication_info values (?, ?, ?, ?)",
                [[as_of, run_id, t.name, t.row_count] for t in published],
            )
            append_log(
                con,
                as_of=as_of,
                run_id=run_id,
                previous_as_of=previous_as_of,
                row_counts={t.name: t.row_count for t in published},
                checks=checks or CheckSummary(),
                changes=changes,
            )
            con.execute(LOG_TABLE_DOCS.read_text())
            [(publication_database,)] = con.execute("select current_database()").fetchall()
            for name in quarantine_tables:
                _copy_comments(con, name, "main", from_table="quarantine", database=publication_database)
            for script, tables_read in LOOKUPS.items():
                if set(tables_read) <= set(marts):
                    con.execute(script.read_text())
            if "anomalies" in marts:
                export_by_producer(con, staging / "anomalies", as_of.isoformat())
            if set(REPORT_TABLES) <= set(marts):
                render_report(con, staging / "rapport", as_of.isoformat())
            _write_changes_csv(con, staging / "changes" / f"{as_of.isoformat()}.csv")
        finally:
            con.close()
        _swap_in(staging, settings)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return published


def _write_changes_csv(con, path: Path) -> None:
    """The change file of this publication, kept beside the older ones (one file per as_of)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    target = quote_literal(str(path))  # a path of ours, quoted
    con.execute(f"copy (select * from main.publication_changes order by all) to {target} (header, delimiter ';')")  # noqa: S608


def _replace_dir(new: Path, target: Path) -> None:
    """Swap a directory in: the old one is moved aside first, then removed."""
    aside = target.with_name(f".{target.name}.old")
    shutil.rmtree(aside, ignore_errors=True)
    if target.exists():
        os.replace(target, aside)
    os.replace(new, target)
    shutil.rmtree(aside, ignore_errors=True)


def _swap_in(staging: Path, settings: Settings) -> None:
    """Files are replaced atomically, the DuckDB file last, so it never announces missing Parquet files; the
    published files are read-only: users read them, only the next publication replaces them."""
    settings.parquet_dir.mkdir(parents=True, exist_ok=True)
    new_files = {p.name for p in (staging / "parquet").iterdir()}
    for parquet in (staging / "parquet").iterdir():
        parquet.chmod(READ_ONLY)
        os.replace(parquet, settings.parquet_dir / parquet.name)
    for stale in settings.parquet_dir.glob("*.parquet"):
        if stale.name not in new_files:
            stale.unlink()
    if (staging / "anomalies").exists():
        _replace_dir(staging / "anomalies", settings.publication_dir / "anomalies")
    if (staging / "rapport").exists():
        _replace_dir(staging / "rapport", settings.publication_dir / "rapport")
    changes_dir = settings.publication_dir / "changes"
    changes_dir.mkdir(exist_ok=True)
    for change_file in (staging / "changes").iterdir():
        os.replace(change_file, changes_dir / change_file.name)
    database = staging / "referentiels.duckdb"
    database.chmod(READ_ONLY)
    os.replace(database, settings.publication_path)
