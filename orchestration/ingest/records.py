"""Turn a landed file (CSV or XLSX) into numbered records under the registry's column names.

Real files drift: encodings differ between copies, headers change case or get renamed, rows are ragged or
truncated. Everything here reports the source, file, row and column it is talking about; rows that cannot be
read are returned as quarantined with a reason instead of being dropped.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.registry import Source, normalise_header

UTF8_BOM = codecs.BOM_UTF8


class SourceFormatError(Exception):
    """A file that cannot be loaded at all; the message names where the problem is."""

    def __init__(self, source_id: str, file: str, message: str, row: int | None = None, column: str | None = None):
        where = [f"source {source_id}", f"file {file}"]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}")
        self.source_id, self.file, self.row, self.column = source_id, file, row, column


@dataclass(frozen=True)
class Rejected:
    row_number: int
    reason: str
    raw: str
    column: str | None = None


@dataclass
class ReadReport:
    """What the reader saw, for lineage and asset metadata."""

    encoding: str
    header: list[str]
    separator: str | None = None
    missing_optional: list[str] = field(default_factory=list)
    unmapped_columns: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def detect_encoding(path: Path, declared: str) -> str:
    """BOM first, then strict UTF-8, then the declared single-byte encoding.

    The same table reaches us in latin-1 (official export) and UTF-8 with BOM (copies), so the declared
    encoding is only a fallback. A latin-1 file with any accented letter is practically never valid UTF-8.
    """
    with path.open("rb") as handle:
        if handle.read(3) == UTF8_BOM:
            return "utf-8-sig"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            if declared.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
                return "cp1252"
            return declared


def _sniff_separator(header_line: str, declared: str) -> str:
    """The declared separator, unless the header clearly uses another (a tab-separated copy of a `,` file)."""
    if declared in header_line:
        return declared
    counts = {candidate: header_line.count(candidate) for candidate in (";", ",", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else declared


def _map_header(source: Source, file: str, header: list[str], report: ReadReport) -> list[int | None]:
    """Position of each declared column in the file, by normalised name or alias."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(normalise_header(name), index)
    mapping: list[int | None] = []
    used: set[int] = set()
    for column in source.columns:
        candidates = [column.name, *(normalise_header(a) for a in column.aliases)]
        index = next((positions[c] for c in candidates if c in positions), None)
        if index is None and column.required:
            raise SourceFormatError(
                source.id,
                file,
                f"required column '{column.name}' is missing (header: {', '.join(header[:12])}"
                f"{'…' if len(header) > 12 else ''})",
                row=1,
                column=column.name,
            )
        if index is None:
            report.missing_optional.append(column.name)
        else:
            used.add(index)
        mapping.append(index)
    report.unmapped_columns = [h for i, h in enumerate(header) if i not in used]
    return mapping


def _project(mapping: list[int | None], fields: list[str]) -> list[str | None]:
    return [None if i is None else fields[i] for i in mapping]


@dataclass(frozen=True)
class CsvLayout:
    """What a CSV file's first line tells: its encoding, separator, header and where each declared column is."""

    encoding: str
    separator: str
    header: list[str]
    mapping: list[int | None]
    report: ReadReport


def csv_layout(source: Source, path: Path, report_name: str) -> CsvLayout:
    """Encoding, separator and header mapping of a CSV file; a missing required column fails here, on row 1."""
    encoding = detect_encoding(path, source.encoding)
    if path.stat().st_size == 0:
        raise SourceFormatError(source.id, report_name, "the file is empty")
    with path.open("r", encoding=encoding, newline="") as probe:
        first_line = probe.readline()
    separator = _sniff_separator(first_line, source.separator)
    try:
        header = next(_csv_reader(source, [first_line], separator))
    except (StopIteration, csv.Error) as error:
        raise SourceFormatError(source.id, report_name, f"unreadable header ({error})", row=1) from error
    report = ReadReport(encoding=encoding, header=header, separator=separator)
    mapping = _map_header(source, report_name, header, report)
    return CsvLayout(encoding, separator, header, mapping, report)


def _csv_reader(source: Source, lines, separator: str):
    return csv.reader(
        lines,
        delimiter=separator,
        quoting=csv.QUOTE_MINIMAL if source.quoting else csv.QUOTE_NONE,
        strict=source.quoting,
    )


def read_csv_records(
    source: Source, path: Path, report_name: str, layout: CsvLayout | None = None
) -> tuple[ReadReport, Iterator[tuple]]:
    """Records as (row_number, value, …) in registry column order; row 1 is the header line. `layout`, when the
    caller already has it, spares a second pass of the encoding detection over the whole file."""
    layout = layout or csv_layout(source, path, report_name)
    report, mapping, separator = layout.report, layout.mapping, layout.separator
    handle = path.open("r", encoding=layout.encoding, newline="")
    reader = _csv_reader(source, handle, separator)
    next(reader)  # the header, read by csv_layout
    width = len(layout.header)

    def records() -> Iterator[tuple]:
        with handle:
            while True:
                try:
                    fields = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    raise SourceFormatError(
                        source.id, report_name, f"malformed CSV ({error})", row=reader.line_num
                    ) from error
                if not fields:
                    continue  # blank line
                if len(fields) != width:
                    report.rejected.append(
                        Rejected(
                            reader.line_num,
                            f"expected {width} fields, found {len(fields)}",
                            separator.join(fields)[:2000],
                        )
                    )
                    continue
                yield (reader.line_num, *_project(mapping, fields))

    return report, records()


def _cell_text(value: object) -> str | None:
    """XLSX cells as the text a CSV export would hold: integral floats without `.0`, ISO dates."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_xlsx_records(source: Source, path: Path, report_name: str) -> tuple[ReadReport, Iterator[tuple]]:
    """Records of the first (or declared) sheet; the header is the first non-empty row.

    Workbooks that put a title block above the table (France compétences files: title on row 2, header on
    row 4) declare the header's 1-based row number as `extra["header_row"]`; the rows above it are skipped.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise SourceFormatError(source.id, report_name, f"not a readable XLSX workbook ({error})") from error
    if "sheet" in source.extra and source.extra["sheet"] not in workbook.sheetnames:
        workbook.close()
        raise SourceFormatError(
            source.id,
            report_name,
            f"sheet '{source.extra['sheet']}' is missing (sheets: {', '.join(workbook.sheetnames)})",
        )
    sheet = workbook[source.extra["sheet"]] if "sheet" in source.extra else workbook.worksheets[0]
    declared_row = source.extra.get("header_row")
    rows = sheet.iter_rows(values_only=True)
    row_number = 0
    header: list[str] = []
    for row_number, row in enumerate(rows, start=1):  # noqa: B007 — row_number is used after the loop
        if declared_row is not None and row_number < declared_row:
            continue
        if any(cell is not None for cell in row):
            header = [_cell_text(c) or "" for c in row]
            break
        if declared_row is not None:
            break  # the declared header row is empty: reported below
    if not header:
        workbook.close()
        where = f"row {declared_row} (declared header row)" if declared_row is not None else "the sheet"
        raise SourceFormatError(source.id, report_name, f"no header found: {where} is empty", row=declared_row)
    report = ReadReport(encoding="xlsx", header=header)
    mapping = _map_header(source, report_name, header, report)
    header_row = row_number

    def records() -> Iterator[tuple]:
        try:
            for number, row in enumerate(rows, start=header_row + 1):
                fields = [_cell_text(c) for c in row]
                if not any(fields):
                    continue
                fields += [None] * (len(header) - len(fields))
                yield (number, *_project(mapping, fields))
        finally:
            workbook.close()

    return report, records()


def _json_value(record: object, path: str) -> str | None:
    """A dotted path into a JSON object as raw text: scalars as written, objects and arrays as JSON."""
    value = record
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def read_json_records(source: Source, path: Path, report_name: str) -> tuple[ReadReport, Iterator[tuple]]:
    """Records of a JSON array of objects (or of the array under `extra["records_key"]`), numbered from 1.

    Columns are dotted paths (`_meta.uai_probable`); nested arrays stay JSON text for the staging models.
    """
    try:
        with path.open("rb") as handle:
            document = json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise SourceFormatError(source.id, report_name, f"invalid JSON ({error})") from error
    records = document.get(source.extra["records_key"]) if isinstance(document, dict) else document
    if not isinstance(records, list):
        raise SourceFormatError(source.id, report_name, "expected a JSON array of records")
    paths = [source.extra.get("json_paths", {}).get(c.name, c.name) for c in source.columns]
    report = ReadReport(encoding="json", header=paths)
    if records:
        for column, json_path in zip(source.columns, paths, strict=True):
            if (
                column.required
                and _json_value(records[0], json_path) is None
                and not (isinstance(records[0], dict) and json_path.split(".")[0] in records[0])
            ):
                raise SourceFormatError(
                    source.id,
                    report_name,
                    f"required field '{json_path}' is missing",
                    row=1,
                    column=column.name,
                )

    def rows() -> Iterator[tuple]:
        for number, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                report.rejected.append(Rejected(number, "not a JSON object", json.dumps(record)[:2000]))
                continue
            yield (number, *(_json_value(record, p) for p in paths))

    return report, rows()
