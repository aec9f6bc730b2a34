"""SCD2 history rebuilt from successive loads: exact versions after an update, a deletion, an insertion and a
re-insertion, and an idempotent re-run of the same day. The inputs are the real DEPP CFA list, edited between
days the way a producer would edit it (the inserted CFA 0019999N is a test edit, not a real establishment)."""

from datetime import date

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
