"""SCD2 history built night after night from the loads: exact versions after an update, a deletion, an insertion
and a re-insertion; the incremental nights give the rows of a rebuild from every load; a back-filled day gives the
history of the calendar order. The inputs are the real samples, edited between days the way a producer would edit
them (the CFA row inserted as 0019999N is a test edit; ACCE knows that code as a DSDEN)."""

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


@pytest.fixture
def cfa_lines(workspace) -> list[bytes]:
    return workspace.sample(CFA.sample).read_bytes().rstrip(b"\n").split(b"\n")


def _write_cfa(workspace, lines: list[bytes]) -> None:
    workspace.sample(CFA.sample).write_bytes(b"\n".join(lines) + b"\n")


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
    "+anomalies",
)


def _text_samples(workspace) -> list[Path]:
    """The CSV / TSV samples of the sources behind the historised marts."""
    from tests.conftest import upstream_sources

    paths = {
        workspace.sample(SOURCES[s].sample)
        for s in upstream_sources(*HISTORISED_MARTS)
        if s in SOURCES and SOURCES[s].sample
    }
    return sorted(p for p in paths if p.suffix in (".csv", ".tsv"))


UNTOUCHED = date(1900, 1, 1)
CFA_HISTORY = "from intermediate.int_uai_records_historised where source_id = 'depp_cfa_sous_convention'"


def _mark_open_cfa_versions(workspace) -> None:
    """Marks the stored open CFA versions: `last_seen_as_of` is not stored on open versions, nor read to extend them."""
    with duckdb.connect(str(workspace.warehouse)) as con:
        con.execute(
            "update intermediate.int_uai_records_historised set last_seen_as_of = ? "
            "where source_id = 'depp_cfa_sous_convention' and is_current",
            [UNTOUCHED],
        )


def _unmark_open_cfa_versions(workspace) -> tuple[int, list[tuple]]:
    """How many versions still carry the mark, and the open versions that do not (rewritten); removes the mark."""
    with duckdb.connect(str(workspace.warehouse)) as con:
        marked = con.execute(f"select count(*) {CFA_HISTORY} and last_seen_as_of = ?", [UNTOUCHED]).fetchone()[0]  # noqa: S608
        rewritten = con.execute(
            f"select record_key, version_number {CFA_HISTORY} and is_current "  # noqa: S608 — constant
            "and last_seen_as_of is distinct from ? order by all",
            [UNTOUCHED],
        ).fetchall()
        con.execute(
            "update intermediate.int_uai_records_historised set last_seen_as_of = null where last_seen_as_of = ?",
            [UNTOUCHED],
        )
    return marked, rewritten


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


def test_three_nights_give_exact_histories_and_match_a_rebuild_from_every_load(workspace, tmp_path, cfa_lines):
    """Three nights, each reading only its own load and the open versions. The DEPP CFA list is edited the way
    its producer would (an update, a deletion, an insertion, then a re-insertion): exact versions. Every other
    CSV source loses its last row on the second night and gets it back on the third, when its first row goes.
    The anomaly register follows. After the third night every staging, intermediate and mart table holds exactly
    the rows of a rebuild from every load, which is what a re-run of the day does (the re-run changes nothing)."""
    header, rows = cfa_lines[0], cfa_lines[1:]
    palissy = next(i for i, line in enumerate(rows) if line.startswith(b"0010826T;"))
    afpma = next(i for i, line in enumerate(rows) if line.startswith(b"0010856A;"))
    day2 = list(rows)
    day2[palissy] = day2[palissy].replace(b"CECOF BERNARD PALISSY", b"CECOF BERNARD PALISSY AMBERIEU")
    del day2[afpma]
    day2.append(rows[afpma].replace(b"0010856A;", b"0019999N;").replace(b"DE L'INDUSTRIE AFPMA", b"CFA TEST"))
    day3 = list(day2)
    day3.insert(afpma, rows[afpma])  # the deleted CFA comes back
    cfa = workspace.sample(CFA.sample)
    others = {path: path.read_bytes().rstrip(b"\n").split(b"\n") for path in _text_samples(workspace) if path != cfa}
    assert len(others) >= 15
    nights = [
        (D1, rows, lambda lines: lines),
        (D2, day2, lambda lines: lines[:-1]),  # the last row disappears
        (D3, day3, lambda lines: [lines[0], *lines[2:]]),  # it comes back, the first row disappears
    ]
    for as_of, cfa_rows, edit in nights:
        if as_of == D3:
            _mark_open_cfa_versions(workspace)
        _write_cfa(workspace, [header, *cfa_rows])
        for path, lines in others.items():
            path.write_bytes(b"\n".join(edit(lines)) + b"\n")
        workspace.load(as_of, *HISTORISED_MARTS)
        # The UAI history misses the second night (as if dbt had stopped before it): the third takes in two loads.
        late = ("int_uai_records_historised+",) if as_of == D2 else ()
        result = workspace.dbt_build(as_of, *HISTORISED_MARTS, command="run", exclude=late)
        assert result.returncode == 0, result.stdout[-3000:]
    # The third night wrote only the versions it started or ended: every open CFA version that went on unchanged
    # through both loads still carries the mark put on it before the night.
    assert _unmark_open_cfa_versions(workspace) == (934 - 3, [("0010826T", 2), ("0010856A", 2), ("0019999N", 1)])
    result = workspace.dbt_build(D3, "uai_records_history", command="run")  # the mart read the marks
    assert result.returncode == 0, result.stdout[-3000:]
    # The second and third nights took the incremental path: new loads (and the open versions) only.
    late_loads = f"as_of > cast('{D1.isoformat()}' as date)"
    compiled = workspace.data_dir / "dbt_target" / "compiled" / "referentiels" / "models" / "intermediate" / "history"
    new_loads_only = f"as_of > cast('{D2.isoformat()}' as date)"
    assert len(list(compiled.glob("*.sql"))) == 11
    assert all(
        (late_loads if path.stem == "int_uai_records_historised" else new_loads_only) in path.read_text()
        for path in compiled.glob("*.sql")
    )
    assert sum("open_versions" in path.read_text() for path in compiled.glob("*.sql")) == 10

    name = "CTRE DE FORMATION D'APPRENTIS"
    assert _history(workspace, "0010826T", "0010856A", "0019999N", "0772820X") == [
        ("0010826T", 1, f"{name} CECOF BERNARD PALISSY", D1, D2, D1, False),
        ("0010826T", 2, f"{name} CECOF BERNARD PALISSY AMBERIEU", D2, None, D3, True),
        ("0010856A", 1, f"{name} DE L'INDUSTRIE AFPMA", D1, D2, D1, False),
        ("0010856A", 2, f"{name} DE L'INDUSTRIE AFPMA", D3, None, D3, True),
        ("0019999N", 1, f"{name} CFA TEST", D2, None, D3, True),
        ("0772820X", 1, "CTR DE FORMATION D APPRENTIS CFA  PROMOTRANS MEAUX", D1, None, D3, True),
    ]
    # Every other CFA has one open version; a source of N records that lost its last one on the second night and
    # its first one on the third has N + 1 versions of which N - 1 are open (the last record re-opened as v2).
    assert workspace.query(
        "select source_id, count(*), count(*) filter (where is_current), "
        "count(*) filter (where version_number = 2), min(known_from), max(last_seen_as_of) "
        "from marts.uai_records_history group by source_id order by source_id"
    ) == [
        ("acce_uai", 6, 4, 1, D1, D3),
        ("annuaire_education", 372, 370, 1, D1, D3),
        ("depp_cfa_sous_convention", 936, 934, 2, D1, D3),
    ]
    versions = workspace.query(
        "select count(*) filter (where version_number = 2), count(*) filter (where known_to = ?) "
        "from marts.corr_uai_siret",
        [D3],
    )
    assert versions[0][0] > 0 and versions[0][1] > 0  # re-inserted links and links closed on the third night

    # The anomaly register keeps each anomaly's first and last load: the Kit v3.0 row that went on the third night
    # closes its anomaly; the test CFA inserted on the second night opens two: its UAI code is, in ACCE's list of
    # mother UAIs, a real DSDEN with another SIRET (two registers disagree, each source gets its anomaly).
    assert workspace.query(
        "select source_id, rule, coalesce(uai, cfd), coalesce(siret, rncp), first_seen, last_seen, status "
        "from marts.anomalies where status = 'closed' or first_seen > ? order by all",
        [D1],
    ) == [
        ("acce_uai_mere", "conflicting_register_siret", "0019999N", "17010431900018", D2, D3, "open"),
        ("depp_cfa_sous_convention", "conflicting_register_siret", "0019999N", "77931004400028", D2, D3, "open"),
        ("kit_apprentissage_v3_0", "cfd_missing_leading_zero", "01022001", "RNCP955", D1, D2, "closed"),
    ]

    # A re-run of the last day (on a copy) rebuilds the histories from every load instead.
    rebuilt = workspace.copy(tmp_path / "rebuilt")
    result = rebuilt.dbt_build(D3, *HISTORISED_MARTS, command="run")
    assert result.returncode == 0, result.stdout[-3000:]
    recompiled = rebuilt.data_dir / compiled.relative_to(workspace.data_dir)
    assert not any("as_of > cast(" in path.read_text() for path in recompiled.glob("*.sql"))
    tables, differing = _differences(workspace, rebuilt)
    assert len(tables) >= 50 and differing == {}
