"""Large CSV files read by DuckDB itself, an order of magnitude faster than the Python reader.

The Python reader (records.py) names every rejected row; DuckDB's reader does not give line numbers. So the
native path is taken only when the answer is provably the same: a well-formed file (DuckDB strict mode, no row
rejected), in an encoding DuckDB reads (UTF-8, latin-1), where every data row is one physical line (rows read =
line count − 1), so that row k is line k + 1. Anything else (a ragged row, an embedded newline, a blank line,
cp1252) returns None and the caller falls back to the Python reader, which quarantines and reports as usual.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb

from orchestration.ingest.records import CsvLayout
from orchestration.registry import Source

log = logging.getLogger(__name__)
DUCKDB_ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "latin-1": "latin-1", "iso-8859-1": "latin-1"}


def _line_count(path: Path) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def stage_native_csv(
    con: duckdb.DuckDBPyConnection, source: Source, path: Path, layout: CsvLayout, keep: str | None = None
) -> int | None:
    """Read the file into the temporary table `native_csv_rows` (registry columns and `_row_number`, the file
    line); return the number of rows the file holds, or None when the Python reader must read the file instead.

    `keep`, an SQL condition on the registry columns, leaves the other rows out as the file streams by (the
    SIRENE stock: 40 M rows, of which a few hundred thousand are kept), so memory does not follow the file size.
    `row_number() over ()` numbers the rows in file order (DuckDB preserves it for an empty OVER clause, with
    insertion order preserved, its default); rows numbered from the file's line count on are kept whatever `keep`
    says, so that the highest number is the true row count (the caller filters them again).
    """
    from orchestration.ingest.loader import quote_ident  # the loader imports this module

    encoding = DUCKDB_ENCODINGS.get(layout.encoding.lower())
    if encoding is None:
        return None
    quote = '"' if source.quoting else ""  # '' : quotes are plain characters, as the Python reader's QUOTE_NONE
    width = len(layout.header)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    projected = ", ".join(
        f"{'null' if index is None else f'c{index}'} as {quote_ident(name)}"
        for index, name in zip(layout.mapping, source.column_names, strict=True)
    )
    lines = _line_count(path)
    numbered = f"select row_number() over () + 1 as _row_number, {projected} "  # noqa: S608
    numbered += (
        "from read_csv(?, delim = ?, quote = ?, escape = ?, header = false, skip = 1, "
        f"all_varchar = true, strict_mode = true, encoding = ?, columns = {columns})"
    )
    kept = "" if keep is None else f" where {keep} or _row_number >= {lines:d}"
    try:
        # Column names come from the registry (quoted) and positions from the header mapping; the file path,
        # separator, quote and encoding are bound values; `keep` is built by the loader from the registry.
        con.execute(
            f"create or replace temp table native_csv_rows as select * from ({numbered}) as numbered{kept}",  # noqa: S608
            [str(path), layout.separator, quote, quote, encoding],
        )
    except duckdb.Error as error:
        log.info("%s: native CSV read declined (%s), Python reader used", source.id, str(error).splitlines()[0])
        return None
    [(rows,)] = con.execute("select coalesce(max(_row_number), 1) - 1 from temp.native_csv_rows").fetchall()
    if rows != lines - 1:
        log.info(
            "%s: the rows read do not match the file's %d lines (multi-line or blank rows), Python reader used",
            source.id,
            lines,
        )
        con.execute("drop table temp.native_csv_rows")
        return None
    log.info("%s: %d rows read natively by DuckDB", source.id, rows)
    return rows
