"""BCN nomenclatures: MEF → CFD links, CFD lineage edges and the "current CFD" walk, on the real samples.

The BTS SIO family (correspondences.md §5.3) is checked row by row: 32032608 (2011–2015) split into the options
32032610 / 32032611, the common first year 32032609 replaced by 32032612, the options by 32032613 / 32032614.
One workspace holds two loads: day 1 the untouched samples, day 2 the same files with a few hand edits (a
cycle, an edge dropped, an edge kept by one end only, a MEF closed), built once: history is a pure function of
the loads, so day 1 is read back as of day 1.
"""

import hashlib
import shutil
from datetime import date

import pytest

from orchestration.ingest.loader import load_source
from orchestration.registry import SOURCES
from orchestration.settings import get_settings
from tests.conftest import SAMPLES_DIR, Workspace

D1, D2 = date(2026, 11, 2), date(2026, 11, 3)
BCN_SOURCES = [source for source in SOURCES.values() if source.id.startswith("bcn_")]
SELECTION = (
    "+lineage_cfd",
    "+corr_mef_cfd",
    "+int_cfd_current",
    "stg_bcn__niveau_formation_diplome",
    "stg_bcn__dispositif_formation",
    "stg_bcn__groupe_formation",
    "stg_bcn__lien_formation_groupe",
)
SIO = tuple(f"320326{number:02d}" for number in range(5, 15))  # the BTS SIO family, 32032605..32032614


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 — a stable identifier, not a security hash


def _edit_rows(path, encoding: str, edits: dict[str, dict[str, str]]) -> None:
    """Set columns of the rows whose first field is a key of `edits`; bytes elsewhere are unchanged."""
    lines = path.read_bytes().decode(encoding).split("\n")
    header = lines[0].lstrip("\ufeff").split(";")
    found = set()
    for index, line in enumerate(lines[1:], start=1):
        fields = line.split(";")
        if fields[0] in edits:
            for column, value in edits[fields[0]].items():
                fields[header.index(column)] = value
            lines[index] = ";".join(fields)
            found.add(fields[0])
    assert found == set(edits), set(edits) - found
    path.write_bytes("\n".join(lines).encode(encoding))


@pytest.fixture(scope="module")
def bcn(tmp_path_factory):
    root = tmp_path_factory.mktemp("bcn")
    shutil.copytree(SAMPLES_DIR, root / "samples")
    (root / "data").mkdir()
    workspace = Workspace(root / "data", root / "samples")
    with pytest.MonkeyPatch.context() as patch:
        workspace.activate(patch)
        for source in BCN_SOURCES:
            load_source(source, D1, get_settings())
        _edit_rows(
            workspace.sample("bcn_n_formation_diplome/N_FORMATION_DIPLOME.csv"),
            "latin-1",
            {
                "32032612": {"NOUVEAU_DIPLOME_1": "32032609"},  # cycle 32032609 → 32032612 → 32032609
                "32032610": {"NOUVEAU_DIPLOME_1": ""},  # 32032610 → 32032613 dropped on both ends
                "32032613": {"ANCIEN_DIPLOME_1": ""},
                "32032614": {"ANCIEN_DIPLOME_1": ""},  # 32032611 → 32032614 now declared on the old row only
            },
        )
        _edit_rows(workspace.sample("bcn_n_mef/N_MEF.csv"), "utf-8", {"3113261221": {"DATE_FERMETURE": "31/08/2027"}})
        for source in BCN_SOURCES:
            load_source(source, D2, get_settings())
        result = workspace.dbt_build(D2, *SELECTION)
    assert result.returncode == 0, result.stdout[-3000:]
    return workspace


def _edges_as_of(workspace, as_of: date, cfds) -> list[tuple]:
    """The edges touching `cfds` (either end) as known on `as_of`."""
    return workspace.query(
        "select old_cfd, new_cfd, declared_on, is_dangling, dangling_end, old_opened_on, old_closed_on, "
        "new_opened_on, new_closed_on from marts.lineage_cfd "
        "where known_from <= ? and (known_to is null or known_to > ?) "
        "and (list_contains(?, old_cfd) or list_contains(?, new_cfd)) order by old_cfd, new_cfd",
        [as_of, as_of, list(cfds), list(cfds)],
    )


def _current(workspace, as_of: date, cfds) -> dict[str, tuple]:
    rows = workspace.query(
        "select cfd, current_cfd, resolution_status, reached_cfd, hops, path, split_cfds "
        "from intermediate.int_cfd_current where as_of = ? and list_contains(?, cfd) order by cfd",
        [as_of, list(cfds)],
    )
    return {row[0]: row[1:] for row in rows}


def test_loads_detect_each_copy_encoding(bcn):
    loads = bcn.query("select source_id, encoding, row_count from raw._loads where as_of = ? order by 1", [D1])
    # Official latin-1 exports and UTF-8-with-BOM copies side by side. ENQUETE_51 is a latin-1 export whose only
    # non-ASCII bytes are U+FFFD sequences already in the source: valid UTF-8, read as such.
    assert loads == [
        ("bcn_n_dispositif_formation", "utf-8-sig", 181),
        ("bcn_n_formation_diplome", "latin-1", 1101),
        ("bcn_n_formation_diplome_enquete_51", "utf-8", 400),
        ("bcn_n_groupe_formation", "utf-8-sig", 29),
        ("bcn_n_lien_formation_groupe", "utf-8-sig", 148),
        ("bcn_n_mef", "utf-8-sig", 4061),
        ("bcn_n_niveau_formation_diplome", "latin-1", 206),
        ("bcn_n_type_groupe_formation", "utf-8-sig", 3),
        ("bcn_v_formation_diplome", "utf-8-sig", 1464),
    ]
    assert bcn.query(
        "select group_code, group_type_code, group_type_label, label, opened_on from staging.stg_bcn__groupe_formation "
        "where as_of = ? and group_code = 'G0003'",
        [D1],
    ) == [("G0003", "TG01", "FAMILLE DE METIERS", "CONSTRUCTION DURABLE DU BATIMENT BTP", date(2019, 9, 1))]
    assert bcn.query(
        "select label, interministerial_level, rncp_level from staging.stg_bcn__niveau_formation_diplome "
        "where as_of = ? and diploma_type_code = '320'",
        [D1],
    ) == [("BREVET DE TECHNICIEN SUPERIEUR", "3", "05")]


def test_real_bts_sio_lineage_edges(bcn):
    # By hand from N_FORMATION_DIPLOME: 32032608 lists ANCIEN 32032605/06/07 and NOUVEAU 32032610/11; the options
    # and the common year name each other on both rows. 32032605..07 are not in the extract (nor in the V_ or
    # ENQUETE_51 samples): those edges are declared by the new row only and dangle on their old end.
    bts_2011, bts_2015 = date(2011, 9, 1), date(2015, 8, 31)  # 32032608
    options_2015, options_2021 = date(2015, 9, 1), date(2021, 8, 31)  # 32032609 / 32032610 / 32032611
    assert _edges_as_of(bcn, D1, SIO) == [
        ("32032605", "32032608", "new", True, "old", None, None, bts_2011, bts_2015),
        ("32032606", "32032608", "new", True, "old", None, None, bts_2011, bts_2015),
        ("32032607", "32032608", "new", True, "old", None, None, bts_2011, bts_2015),
        ("32032608", "32032610", "both", False, None, bts_2011, bts_2015, options_2015, options_2021),
        ("32032608", "32032611", "both", False, None, bts_2011, bts_2015, options_2015, options_2021),
        ("32032609", "32032612", "both", False, None, options_2015, date(2020, 8, 31), date(2020, 9, 1), None),
        ("32032610", "32032613", "both", False, None, options_2015, options_2021, date(2021, 9, 1), None),
        ("32032611", "32032614", "both", False, None, options_2015, options_2021, date(2021, 9, 1), None),
    ]
    link = bcn.query(
        "select link_id, source_id, sources, old_found_in, new_found_in from marts.lineage_cfd "
        "where old_cfd = '32032609' and new_cfd = '32032612'"
    )
    assert link == [
        (_md5("32032609|32032612"), "bcn_n_formation_diplome", "bcn_n_formation_diplome")
        + ("N_FORMATION_DIPLOME", "N_FORMATION_DIPLOME")
    ]


def test_real_one_sided_and_dangling_edges(bcn):
    # Counted by hand on the raw file (pairs from ANCIEN_/NOUVEAU_DIPLOME_1..7): 851 edges, 634 on both rows,
    # 213 on the new row only (mostly old codes outside the extract), 4 on the old row only.
    counts = bcn.query(
        "select declared_on, count(*) from marts.lineage_cfd where known_from <= ? and "
        "(known_to is null or known_to > ?) group by 1 order by 1",
        [D1, D1],
    )
    assert counts == [("both", 634), ("new", 213), ("old", 4)]
    # The 2024 MC → CS recoding: MC 01022306 (dorure à chaud) names CS4 46122301 (same title) as its successor, but
    # 46122301 names 01023306 (vendeur-conseil habitat, a typo for 01022306) as its predecessor. Both ends exist:
    # two one-sided edges, neither dangling, next to 01023306's own reciprocal edge to 46123302.
    assert _edges_as_of(bcn, D1, ["46122301", "46123302"]) == [
        ("01022306", "46122301", "old", False, None, date(2021, 9, 1), date(2024, 8, 31), date(2024, 9, 1), None),
        ("01023306", "46122301", "new", False, None, date(2015, 9, 1), date(2024, 8, 31), date(2024, 9, 1), None),
        ("01023306", "46123302", "both", False, None, date(2015, 9, 1), date(2024, 8, 31), date(2024, 9, 1), None),
    ]
    # CAP cordonnier bottier: 50024307 names 50024213 (in no BCN table loaded: dangling new end) while 50024313
    # names 50024307 as its predecessor (declared on the new row only).
    assert _edges_as_of(bcn, D1, ["50024307"]) == [
        ("50024307", "50024213", "old", True, "new", date(1950, 3, 28), date(1996, 8, 31), None, None),
        ("50024307", "50024313", "new", False, None, date(1950, 3, 28), date(1996, 8, 31), date(1993, 7, 7), None),
    ]
    # 50022426 declares itself as its successor: kept and flagged, ignored by the walk.
    assert bcn.query(
        "select declared_on, is_self_loop from marts.lineage_cfd where old_cfd = '50022426' and new_cfd = old_cfd"
    ) == [("old", True)]
    assert _current(bcn, D1, ["50022426"]) == {
        "50022426": ("50022428", "resolved", "50022428", 1, "50022426 > 50022428", None)
    }


def test_real_current_cfd_follows_single_successors_only(bcn):
    assert _current(bcn, D1, SIO) == {
        "32032605": (None, "ambiguous_split", "32032608", 1, "32032605 > 32032608", "32032610 32032611"),
        "32032606": (None, "ambiguous_split", "32032608", 1, "32032606 > 32032608", "32032610 32032611"),
        "32032607": (None, "ambiguous_split", "32032608", 1, "32032607 > 32032608", "32032610 32032611"),
        "32032608": (None, "ambiguous_split", "32032608", 0, "32032608", "32032610 32032611"),
        "32032609": ("32032612", "resolved", "32032612", 1, "32032609 > 32032612", None),
        "32032610": ("32032613", "resolved", "32032613", 1, "32032610 > 32032613", None),
        "32032611": ("32032614", "resolved", "32032614", 1, "32032611 > 32032614", None),
        "32032612": ("32032612", "current", "32032612", 0, "32032612", None),
        "32032613": ("32032613", "current", "32032613", 0, "32032613", None),
        "32032614": ("32032614", "current", "32032614", 0, "32032614", None),
    }


def test_real_mef_to_cfd_links(bcn):
    rows = bcn.query(
        "select mef, mef_stat_11, mef_stat_9, cfd, dispositif_code, duration_years, cycle_year, valid_from, "
        "valid_to, is_structure_consistent from marts.corr_mef_cfd where known_from = ? and mef in "
        "('3113261221', '3113261322', '3113261422', '3103260811', '2583260111') order by mef",
        [D1],
    )
    assert rows == [
        # a CS4 created in 2024: its MEF_STAT_11 has a letter in 3rd position (23K…), as published
        ("2583260111", "23K00032601", "23K000326", "46132601", "258", 1, 1, date(2024, 9, 1), None, True),
        # the 1-year BTS SIO of 2012–2015: closed on 31/08/2015 (inclusive) → valid_to the day after
        ("3103260811", "32111032608", "321110326", "32032608", "310", 1, 1, date(2012, 9, 1), date(2015, 9, 1), True),
        # 2-year BTS SIO: year 1 is the common year 32032612, year 2 the options 32032613 / 32032614
        ("3113261221", "32211032612", "322110326", "32032612", "311", 2, 1, date(2020, 9, 1), None, True),
        ("3113261322", "32221032613", "322210326", "32032613", "311", 2, 2, date(2021, 9, 1), None, True),
        ("3113261422", "32221032614", "322210326", "32032614", "311", 2, 2, date(2021, 9, 1), None, True),
    ]
    statuses = bcn.query(
        "select mef_status, mef_stat_11_status, cfd_status, count(*) from marts.corr_mef_cfd "
        "where known_from = ? group by all",
        [D1],
    )
    assert statuses == [("valid", "valid", "valid", 4061)]
    assert bcn.query("select link_id, sources from marts.corr_mef_cfd where mef = '3113261322'") == [
        (_md5("3113261322|32032613"), "bcn_n_mef")
    ]


def test_second_load_versions_edges_and_detects_a_cycle(bcn):
    rows = bcn.query(
        "select old_cfd, new_cfd, declared_on, version_number, known_from, known_to, is_current, link_id "
        "from marts.lineage_cfd where old_cfd in ('32032609', '32032610', '32032611', '32032612') "
        "order by old_cfd, new_cfd, known_from"
    )
    assert rows == [
        ("32032609", "32032612", "both", 1, D1, None, True, _md5("32032609|32032612")),
        # dropped on both rows: the edge is closed, not deleted
        ("32032610", "32032613", "both", 1, D1, D2, False, _md5("32032610|32032613")),
        # the new row stopped naming its predecessor: a new version, declared on the old row only, same link
        ("32032611", "32032614", "both", 1, D1, D2, False, _md5("32032611|32032614")),
        ("32032611", "32032614", "old", 2, D2, None, True, _md5("32032611|32032614")),
        ("32032612", "32032609", "old", 1, D2, None, True, _md5("32032612|32032609")),
    ]
    assert _current(bcn, D2, ["32032608", "32032609", "32032610", "32032611", "32032612"]) == {
        "32032608": (None, "ambiguous_split", "32032608", 0, "32032608", "32032610 32032611"),
        "32032609": (None, "cycle", "32032612", 1, "32032609 > 32032612", None),
        "32032610": ("32032610", "current", "32032610", 0, "32032610", None),
        "32032611": ("32032614", "resolved", "32032614", 1, "32032611 > 32032614", None),
        "32032612": (None, "cycle", "32032609", 1, "32032612 > 32032609", None),
    }
    # each load keeps its own answer
    assert _current(bcn, D1, ["32032609"])["32032609"][:2] == ("32032612", "resolved")
    mef = bcn.query(
        "select version_number, valid_from, valid_to, known_from, known_to, is_current, link_id "
        "from marts.corr_mef_cfd where mef = '3113261221' order by known_from"
    )
    assert mef == [
        (1, date(2020, 9, 1), None, D1, D2, False, _md5("3113261221|32032612")),
        (2, date(2020, 9, 1), date(2027, 9, 1), D2, None, True, _md5("3113261221|32032612")),
    ]
