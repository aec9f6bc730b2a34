"""Large CSV files read by DuckDB itself, an order of magnitude faster than the Python reader.

The Python reader (records.py) names every rejected row; DuckDB's reader does not give line numbers. So the
native path is taken only when the answer is provably the same: a well-formed file (DuckDB strict mode, no row
rejected), in an encoding DuckDB reads (UTF-8, latin-1), where every data row is one physical line (rows read =
line count − 1), so that row k is line k + 2. Anything else (a ragged row, an embedded newline, a blank line,
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


def stage_native_csv(con: duckdb.DuckDBPyConnection, source: Source, path: Path, layout: CsvLayout) -> int | None:
    """Read the file into the temporary table `native_csv_rows` (registry columns; with insertion order
    preserved, DuckDB's `rowid` + 2 is the file line); return its row count, or None when the Python reader must
    read the file instead."""
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
    try:
        # Column names come from the registry (quoted) and positions from the header mapping; the file path,
        # separator, quote and encoding are bound values.
        con.execute(
            f"create or replace temp table native_csv_rows as select {projected} "  # noqa: S608
            "from read_csv(?, delim = ?, quote = ?, escape = ?, header = false, skip = 1, "
            f"all_varchar = true, strict_mode = true, encoding = ?, columns = {columns})",
            [str(path), layout.separator, quote, quote, encoding],
        )
    except duckdb.Error as error:
        log.info("%s: native CSV read declined (%s), Python reader used", source.id, str(error).splitlines()[0])
        return None
    [(rows,)] = con.execute("select count(*) from temp.native_csv_rows").fetchall()
    lines = _line_count(path)
    if rows != lines - 1:
        log.info("%s: %d rows for %d lines (multi-line or blank rows), Python reader used", source.id, rows, lines)
        con.execute("drop table temp.native_csv_rows")
        return None
    log.info("%s: %d rows read natively by DuckDB", source.id, rows)
    return rows
