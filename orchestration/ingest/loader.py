"""Load a landed file into the warehouse's append-only raw table, with lineage on every row.

`raw.<source>` keeps one partition per `as_of` (delete + insert in one transaction, so re-running a day is
idempotent); `raw._loads` records each load, `raw._quarantine` each rejected row with its reason. Staging and
history models are pure functions of these tables.
"""

from __future__ import annotations

import csv
import logging
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from orchestration.ingest.archives import extract_member, is_zip
from orchestration.ingest.landing import LandedFile, land
from orchestration.ingest.native_csv import stage_native_csv
from orchestration.ingest.records import (
    CsvLayout,
    ReadReport,
    SourceFormatError,
    csv_layout,
    read_csv_records,
    read_json_records,
    read_xlsx_records,
)
from orchestration.ingest.xml_records import read_xml_records
from orchestration.registry import SOURCES, Source
from orchestration.settings import Settings, duckdb_memory_limit, native_csv_min_bytes

log = logging.getLogger(__name__)
PROGRESS_EVERY = 500_000
LINEAGE_COLUMNS = ("_as_of", "_source_file", "_sha256", "_row_number")

META_DDL = """
create schema if not exists raw;
create table if not exists raw._loads (
    source_id varchar not null, as_of date not null, source_file varchar not null, sha256 varchar not null,
    size_bytes bigint not null, encoding varchar, origin varchar not null, row_count bigint not null,
    quarantined_count bigint not null, primary key (source_id, as_of));
create table if not exists raw._quarantine (
    source_id varchar not null, as_of date not null, source_file varchar not null, row_number bigint not null,
    column_name varchar, reason varchar not null, raw_line varchar);
"""


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """A SQL string literal, for the few statements that take no bound parameter (DDL, types, comments)."""
    return "'" + value.replace("'", "''") + "'"


def connect_warehouse(path: Path, read_only: bool = False, attempts: int = 20) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, waiting for another process's lock to go away (DuckDB allows one writer).

    DuckDB would otherwise take up to 80 % of the machine's memory: the limit (shared with dbt's profile) keeps a
    national run within its budget, spilling to disk beyond it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(attempts):
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            con.execute("set memory_limit = ?", [duckdb_memory_limit()])
            return con
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or attempt == attempts - 1:
                raise
            time.sleep(min(0.5 * 2**attempt, 10))
    raise AssertionError("unreachable")


READERS = {
    ".xlsx": read_xlsx_records,
    ".xlsm": read_xlsx_records,
    ".json": read_json_records,
    ".xml": read_xml_records,
}


@dataclass(frozen=True)
class LoadResult:
    source_id: str
    as_of: date
    landed: LandedFile | None
    row_count: int
    report: ReadReport | None
    filtered_out: int = 0
    skipped: str | None = None  # why nothing was loaded (a source without public sample, offline)


def _readable_file(source: Source, landed: LandedFile, work_dir: Path) -> Path:
    """The file to parse: the landed one, or the declared member of a landed ZIP (extracted safely).

    Only sources that declare an archive member are opened as archives: an XLSX workbook is a ZIP file too.
    """
    if source.archive_member is None or not is_zip(landed.path):
        return landed.path
    return extract_member(landed.path, source.archive_member, work_dir)


def _write_working_csv(records: Iterator[tuple], target: Path, source: Source) -> int:
    """Spill normalised records to a UTF-8 CSV that DuckDB bulk-loads; logs progress on big files."""
    count = 0
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["_row_number", *source.column_names])
        for record in records:
            writer.writerow(record)
            count += 1
            if count % PROGRESS_EVERY == 0:
                log.info("%s: %d rows read", source.id, count)
    return count


def _filters_sirens(source: Source, settings: Settings) -> bool:
    """SIRENE national files keep only the SIRENs other sources carry (settings.sirene_scope)."""
    return bool(source.filter_siren_column) and settings.sirene_scope == "carried"


def _sirens_query(con: duckdb.DuckDBPyConnection, source: Source, as_of: date) -> str:
    """SQL of the SIRENs carried by the other sources loaded for this day (their SIREN/SIRET columns); one
    query serves the streamed Python filter and the native read's filter."""
    loaded = {
        row[0] for row in con.execute("select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()
    }
    carriers = [s for s in SOURCES.values() if s.siret_columns and s.id != source.id and s.id in loaded]
    # Identifiers come from the registry (quoted); the day is a date literal built from a `date`.
    selects = [
        f"select substr(regexp_replace({quote_ident(column)}, '\\s', '', 'g'), 1, 9) as siren "  # noqa: S608
        f"from {carrier.raw_table} where _as_of = date '{as_of.isoformat()}' and {quote_ident(column)} is not null"
        for carrier in carriers
        for column in carrier.siret_columns
    ]
    return " union ".join(selects) or "select cast(null as varchar) as siren where false"


def _sirens_of_interest(
    source: Source, as_of: date, settings: Settings, con: duckdb.DuckDBPyConnection | None = None
) -> set[str]:
    """SIRENs carried by the other sources loaded for this day, for the streamed Python filter; read through the
    load's connection when it is open (DuckDB refuses a second, read-only one to the same file in one process)."""
    if con is not None:
        return {row[0] for row in con.execute(_sirens_query(con, source, as_of)).fetchall()}
    if not settings.warehouse_path.exists():
        return set()
    with connect_warehouse(settings.warehouse_path, read_only=True) as own:
        return _sirens_of_interest(source, as_of, settings, own)


def _keep_sirens(records: Iterator[tuple], source: Source, sirens: set[str], counter: list[int]) -> Iterator[tuple]:
    """Stream the national file, keeping only rows of the SIRENs that matter; memory stays flat."""
    position = source.column_names.index(source.filter_siren_column) + 1  # records start with the row number
    for record in records:
        if (record[position] or "")[:9] in sirens:
            yield record
        else:
            counter[0] += 1


def _ensure_raw_table(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    columns = ", ".join(f"{quote_ident(c)} varchar" for c in source.column_names)
    con.execute(
        f"create table if not exists {source.raw_table} (_as_of date not null, "
        f"_source_file varchar not null, _sha256 varchar not null, _row_number bigint not null, {columns})"
    )
    for column in source.column_names:  # columns added to the registry later
        con.execute(f"alter table {source.raw_table} add column if not exists {quote_ident(column)} varchar")


def load_source(source: Source, as_of: date, settings: Settings) -> LoadResult:
    """Land, parse and load one source for one day; the warehouse changes only if everything succeeded."""
    if settings.source_mode == "sample" and source.sample is None and not source.corrections_file:
        con = connect_warehouse(settings.warehouse_path)
        try:
            con.execute(META_DDL)
            _ensure_raw_table(con, source)
        finally:
            con.close()
        return LoadResult(
            source.id, as_of, None, 0, None, skipped="aucun échantillon public : source téléchargée seulement"
        )
    landed = land(source, as_of, settings)
    work_dir = settings.data_dir / "work" / source.id / as_of.isoformat()  # scratch, safe to delete
    work_dir.mkdir(parents=True, exist_ok=True)
    readable = _readable_file(source, landed, work_dir)
    filtered_out = [0]
    columns = ", ".join(quote_ident(c) for c in source.column_names)
    layout = _native_candidate(source, readable, settings)
    working = None
    if layout is None:  # read before the warehouse is opened: the Python SIREN filter reads the warehouse too
        report, row_count, working = _spill_records(source, readable, work_dir, as_of, settings, filtered_out)
    con = connect_warehouse(settings.warehouse_path)
    try:
        keep = None
        if layout is not None:
            if _filters_sirens(source, settings):
                con.execute(f"create temp table sirens_of_interest as {_sirens_query(con, source, as_of)}")
                siren = f"substr(coalesce({quote_ident(source.filter_siren_column)}, ''), 1, 9)"
                keep = f"{siren} in (select siren from temp.sirens_of_interest)"  # noqa: S608
            staged = stage_native_csv(con, source, readable, layout, keep)
            if staged is None:
                report, row_count, working = _spill_records(
                    source, readable, work_dir, as_of, settings, filtered_out, layout, con
                )
            else:
                report, row_count = layout.report, staged
        if working is None:
            # The staged rows, in file order, filtered again: the last rows are staged unfiltered (native_csv.py).
            rows_sql = f"select ?, ?, ?, _row_number, {columns} from temp.native_csv_rows"  # noqa: S608
            if keep:
                rows_sql += f" where {keep}"
            rows_params = []
        else:
            rows_sql = (
                f"select ?, ?, ?, _row_number, {columns} from read_csv(?, header = true, "  # noqa: S608
                "all_varchar = true, delim = ',', quote = '\"', escape = '\"', strict_mode = true) "
                "order by _row_number"
            )
            rows_params = [str(working)]
        if row_count == 0 and not filtered_out[0] and not source.corrections_file:
            raise SourceFormatError(
                source.id, readable.name, f"no data row could be read ({len(report.rejected)} rejected rows)"
            )
        con.execute(META_DDL)
        _ensure_raw_table(con, source)
        con.execute("begin transaction")
        # Identifiers come from the registry and are quoted; every value is a bound parameter.
        con.execute(f"delete from {source.raw_table} where _as_of = ?", [as_of])  # noqa: S608
        [(inserted,)] = con.execute(
            f"insert into {source.raw_table} (_as_of, _source_file, _sha256, _row_number, {columns}) {rows_sql}",
            [as_of, readable.name, landed.sha256, *rows_params],
        ).fetchall()
        # The native read filters SIRENs in the insert itself (the Python reader counted them as it streamed).
        filtered_out[0] += row_count - inserted
        row_count = inserted
        con.execute("delete from raw._quarantine where source_id = ? and as_of = ?", [source.id, as_of])
        if report.rejected:
            con.executemany(
                "insert into raw._quarantine values (?, ?, ?, ?, ?, ?, ?)",
                [[source.id, as_of, readable.name, r.row_number, r.column, r.reason, r.raw] for r in report.rejected],
            )
        con.execute("delete from raw._loads where source_id = ? and as_of = ?", [source.id, as_of])
        con.execute(
            "insert into raw._loads values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                source.id,
                as_of,
                readable.name,
                landed.sha256,
                landed.size,
                report.encoding,
                landed.origin,
                row_count,
                len(report.rejected),
            ],
        )
        con.execute("commit")
    finally:
        con.close()  # an uncommitted transaction is rolled back here; the temporary table goes with it
    shutil.rmtree(work_dir, ignore_errors=True)
    return LoadResult(source.id, as_of, landed, row_count, report, filtered_out[0])


def _native_candidate(source: Source, readable: Path, settings: Settings) -> CsvLayout | None:
    """The layout of a CSV file the native DuckDB read may take (native_csv.py decides on the file itself)."""
    if readable.suffix.lower() in READERS:
        return None
    if readable.stat().st_size < native_csv_min_bytes():
        return None
    return csv_layout(source, readable, readable.name)


def _spill_records(
    source: Source,
    readable: Path,
    work_dir: Path,
    as_of: date,
    settings: Settings,
    filtered_out: list[int],
    layout: CsvLayout | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> tuple[ReadReport, int, Path]:
    """The Python readers: records (rejected rows reported) spilled to a working CSV that DuckDB bulk-loads. A CSV
    file whose layout the declined native read already took is not probed again (`con`: the load's connection)."""
    if layout is not None:
        report, records = read_csv_records(source, readable, readable.name, layout)
    else:
        reader = READERS.get(readable.suffix.lower(), read_csv_records)
        report, records = reader(source, readable, readable.name)
    if _filters_sirens(source, settings):
        records = _keep_sirens(records, source, _sirens_of_interest(source, as_of, settings, con), filtered_out)
    working = work_dir / "records.csv"
    return report, _write_working_csv(records, working, source), working
