"""SCD2 history rebuilt from successive loads: exact versions after an update, a deletion, an insertion and a
re-insertion, and an idempotent re-run of the same day. The inputs are the real DEPP CFA list, edited between
days the way a producer would edit it (the inserted CFA 0019999N is a test edit, not a real establishment)."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.registry import SOURCES

D1, D2, D3 = date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)
CFA = SOURCES["depp_cfa_sous_convention"]
HISTORY_COLUMNS = "record_key, version_number, name, known_from, known_to, last_seen_as_of, is_current"


def _build(workspace, as_of: date) -> None:
    result = workspace.dbt_build(as_of, "+uai_records_history", command="run")
    assert result.returncode == 0, result.stdout[-3000:]


def _history(workspace, *uais: str) -> list[tuple]:
    placeholders = ", ".join("?" for _ in uais)
    return workspace.query(
        f"select {HISTORY_COLUMNS} from marts.uai_records_history "  # noqa: S608 — placeholders only
        f"where source_id = 'depp_cfa_sous_convention' and uai in ({placeholders}) "
        "order by record_key, version_number",
        list(uais),
    )


def _full_history(workspace) -> list[tuple]:
    return workspace.query("select * from marts.uai_records_history order by source_id, record_key, known_from")


@pytest.fixture
def cfa_lines(workspace) -> list[bytes]:
    return workspace.sample(CFA.sample).read_bytes().rstrip(b"\n").split(b"\n")


def _write_cfa(workspace, lines: list[bytes]) -> None:
    workspace.sample(CFA.sample).write_bytes(b"\n".join(lines) + b"\n")


def test_scd2_history_over_three_days_and_idempotent_rerun(workspace, cfa_lines):
    header, rows = cfa_lines[0], cfa_lines[1:]
    palissy = next(i for i, line in enumerate(rows) if line.startswith(b"0010826T;"))
    afpma = next(i for i, line in enumerate(rows) if line.startswith(b"0010856A;"))

    workspace.load(D1, "+uai_records_history")
    _build(workspace, D1)

    day2 = list(rows)
    day2[palissy] = day2[palissy].replace(b"CECOF BERNARD PALISSY", b"CECOF BERNARD PALISSY AMBERIEU")
    inserted = rows[afpma].replace(b"0010856A;", b"0019999N;").replace(b"DE L'INDUSTRIE AFPMA", b"CFA TEST")
    del day2[afpma]
    day2.append(inserted)
    _write_cfa(workspace, [header, *day2])
    workspace.load(D2, "+uai_records_history")
    _build(workspace, D2)
    after_day2 = _full_history(workspace)

    workspace.load(D2, "+uai_records_history")  # the same day again: nothing changes
    _build(workspace, D2)
    assert _full_history(workspace) == after_day2

    day3 = list(day2)
    day3.insert(afpma, rows[afpma])  # the deleted CFA comes back
    _write_cfa(workspace, [header, *day3])
    workspace.load(D3, "+uai_records_history")
    _build(workspace, D3)

    name = "CTRE DE FORMATION D'APPRENTIS"
    assert _history(workspace, "0010826T", "0010856A", "0019999N", "0772820X") == [
        ("0010826T", 1, f"{name} CECOF BERNARD PALISSY", D1, D2, D1, False),
        ("0010826T", 2, f"{name} CECOF BERNARD PALISSY AMBERIEU", D2, None, D3, True),
        ("0010856A", 1, f"{name} DE L'INDUSTRIE AFPMA", D1, D2, D1, False),
        ("0010856A", 2, f"{name} DE L'INDUSTRIE AFPMA", D3, None, D3, True),
        ("0019999N", 1, f"{name} CFA TEST", D2, None, D3, True),
        ("0772820X", 1, "CTR DE FORMATION D APPRENTIS CFA  PROMOTRANS MEAUX", D1, None, D3, True),
    ]
    # Every other CFA has exactly one open version; the other sources did not change at all.
    assert workspace.query(
        "select source_id, count(*), count(*) filter (where is_current), min(known_from), "
        "max(last_seen_as_of) "
        "from marts.uai_records_history group by source_id order by source_id"
    ) == [
        ("acce_uai", 5, 5, D1, D3),
        ("annuaire_education", 371, 371, D1, D3),
        ("depp_cfa_sous_convention", 936, 934, D1, D3),
    ]


def test_history_is_independent_of_load_order(workspace, cfa_lines):
    """Loading a late day first (a backfill) gives the same history as loading in calendar order."""
    header, rows = cfa_lines[0], cfa_lines[1:]
    _write_cfa(workspace, [header, *rows[:-1]])
    workspace.load(D2, "+uai_records_history")
    _write_cfa(workspace, [header, *rows])
    workspace.load(D1, "+uai_records_history")
    _build(workspace, D2)
    assert rows[-1].startswith(b"9830679W;")
    assert _history(workspace, "9830679W") == [("9830679W", 1, "CTR DE FORMATION D APPRENTIS", D1, D2, D1, False)]


HISTORISED_MARTS = (
    "+uai_records_history",
    "+corr_uai_siret",
    "+corr_uai_uai",
    "+cfd_records_history",
    "+lineage_cfd",
    "+corr_siret_succession",
    "+corr_mef_cfd",
    "+corr_siret_nda",
    "+corr_cfd_rncp",
    "+lineage_rncp",
)


def _text_samples(workspace) -> list[Path]:
    """The CSV / TSV samples of the sources behind the historised marts."""
    from tests.conftest import upstream_sources

    paths = {workspace.sample(SOURCES[s].sample) for s in upstream_sources(*HISTORISED_MARTS) if SOURCES[s].sample}
    return sorted(p for p in paths if p.suffix in (".csv", ".tsv"))


def _differences(workspace, other) -> tuple[list[str], dict[str, tuple[int, int, int]]]:
    """The tables of the built schemas, and those whose rows differ between the two warehouses: (rows here, rows
    there, rows of the symmetric difference)."""
    tables = [
        f"{schema}.{name}"
        for schema, name in workspace.query(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('staging', 'intermediate', 'marts') order by all"
        )
    ]
    differing = {}
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        con.execute(f"attach '{other.warehouse}' as other (read_only)")
        for table in tables:
            here = con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 — catalogue names
            there = con.execute(f"select count(*) from other.{table}").fetchone()[0]  # noqa: S608
            diff = con.execute(
                f"select count(*) from ((from {table} except all from other.{table}) "  # noqa: S608
                f"union all (from other.{table} except all from {table}))"
            ).fetchone()[0]
            if here != there or diff:
                differing[table] = (here, there, diff)
    return tables, differing


def test_incremental_nights_match_a_rebuild_from_every_load(workspace, tmp_path):
    """Each night reads only its own load and the open versions; after three nights with deletions, changes and
    re-insertions in every CSV source, every staging, intermediate and mart table holds exactly the rows of a
    rebuild from every load (what a re-run of the last day does)."""
    samples = {path: path.read_bytes().rstrip(b"\n").split(b"\n") for path in _text_samples(workspace)}
    assert len(samples) >= 15
    nights = [
        (D1, lambda lines: lines),
        (D2, lambda lines: lines[:-1]),  # the last row disappears
        (D3, lambda lines: [lines[0], *lines[2:]]),  # it comes back, the first row disappears
    ]
    for as_of, edit in nights:
        for path, lines in samples.items():
            path.write_bytes(b"\n".join(edit(lines)) + b"\n")
        workspace.load(as_of, *HISTORISED_MARTS)
        result = workspace.dbt_build(as_of, *HISTORISED_MARTS, command="run")
        assert result.returncode == 0, result.stdout[-3000:]
    # The third night took the incremental path: new loads and open versions only.
    compiled = workspace.data_dir / "dbt_target" / "compiled" / "referentiels" / "models" / "intermediate" / "history"
    assert all("open_versions" in path.read_text() for path in compiled.glob("*.sql"))
    assert len(list(compiled.glob("*.sql"))) == 10

    # A re-run of the last day (on a copy) rebuilds the histories from every load instead.
    rebuilt = workspace.copy(tmp_path / "rebuilt")
    result = rebuilt.dbt_build(D3, *HISTORISED_MARTS, command="run")
    assert result.returncode == 0, result.stdout[-3000:]
    recompiled = rebuilt.data_dir / compiled.relative_to(workspace.data_dir)
    assert not any("open_versions" in path.read_text() for path in recompiled.glob("*.sql"))
    tables, differing = _differences(workspace, rebuilt)
    assert len(tables) >= 50 and differing == {}
    versions = workspace.query(
        "select count(*) filter (where version_number = 2), count(*) filter (where known_to = ?) "
        "from marts.corr_uai_siret",
        [D3],
    )
    assert versions[0][0] > 0 and versions[0][1] > 0  # re-inserted links and links closed on the third night
