"""The native DuckDB read of large CSV files (orchestration/ingest/native_csv.py) gives exactly the raw rows of the
Python reader, or declines and lets the Python reader quarantine. The size threshold is lowered to 0 here so that
the real samples take the native path."""

from datetime import date

import pytest

from orchestration.ingest.loader import load_source
from orchestration.registry import SOURCES
from orchestration.settings import get_settings

D1 = date(2026, 11, 2)
# Real samples of each kind: latin-1 `;` (BCN), UTF-8 with BOM and CRLF (annuaire), UTF-8 `,` (SIRENE), UTF-8 `;`
# with quoted labels (Kit), latin-1 with a renamed header (DEPP CFA list).
SOURCE_IDS = [
    "bcn_n_formation_diplome",
    "annuaire_education",
    "sirene_etablissement",
    "kit_apprentissage_20231218",
    "depp_cfa_sous_convention",
]


def _load(workspace, monkeypatch, source_id: str, min_bytes: int):
    monkeypatch.setenv("REFERENTIELS_NATIVE_CSV_MIN_BYTES", str(min_bytes))
    result = load_source(SOURCES[source_id], D1, get_settings())
    rows = workspace.query(f'select * from raw."{source_id}" order by _row_number')  # noqa: S608
    quarantine = workspace.query("select row_number, reason from raw._quarantine order by row_number")
    loads = workspace.query("select source_id, row_count, quarantined_count, encoding from raw._loads")
    return result, rows, quarantine, loads


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_native_read_gives_the_python_readers_rows(workspace, monkeypatch, caplog, source_id):
    python = _load(workspace, monkeypatch, source_id, 10**12)
    with caplog.at_level("INFO", logger="orchestration.ingest.native_csv"):
        native = _load(workspace, monkeypatch, source_id, 0)  # the same day again: replaces the partition
    assert f"{source_id}: {python[0].row_count} rows read natively by DuckDB" in caplog.text
    assert native[0].row_count == python[0].row_count > 0
    assert native[1:] == python[1:]


def test_native_read_declines_a_ragged_file_and_the_python_reader_quarantines(workspace, monkeypatch, caplog):
    cfa = SOURCES["depp_cfa_sous_convention"]
    sample = workspace.sample(cfa.sample)
    lines = sample.read_bytes().split(b"\n")
    lines[10] = lines[10] + b";extra"  # row 11: one field too many
    sample.write_bytes(b"\n".join(lines))
    with caplog.at_level("INFO", logger="orchestration.ingest.native_csv"):
        result, _, quarantine, _ = _load(workspace, monkeypatch, cfa.id, 0)
    assert "native CSV read declined" in caplog.text
    assert quarantine == [(11, "expected 21 fields, found 22")]
    assert result.row_count == 932


def test_native_read_declines_a_multi_line_row(workspace, monkeypatch, caplog):
    """A quoted label over two lines: DuckDB reads it, but its rows no longer match the file's lines."""
    kit = SOURCES["kit_apprentissage_20231218"]
    sample = workspace.sample(kit.sample)
    text = sample.read_text(encoding="utf-8")
    header, first, rest = text.split("\n", 2)
    cells = first.split(";")
    cells[1] = '"LIGNE UNE\nLIGNE DEUX"'
    sample.write_text("\n".join([header, ";".join(cells), rest]), encoding="utf-8")
    with caplog.at_level("INFO", logger="orchestration.ingest.native_csv"):
        result, rows, _, _ = _load(workspace, monkeypatch, kit.id, 0)
    assert "multi-line or blank rows" in caplog.text
    # The Python reader's numbering (csv.reader names a row by its last line): lines 3 and 4.
    assert [row[3] for row in rows[:2]] == [3, 4]
    assert result.row_count == len(rows)
