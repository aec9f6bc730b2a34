"""SIRET succession (INSEE LiensSuccession): the published links with their cycle flag, and the resolution of
the "current SIRET" of a predecessor (correspondences.md §3), on the 12 real links of SIREN 381194299, whose
head office alternates between NICs 00016, 00024, 00065 and 00073 (cycles)."""

import hashlib
from datetime import date

from orchestration.registry import SOURCES
from tests.conftest import NIGHTLY_AS_OF

D1, D2 = date(2026, 11, 29), date(2026, 11, 30)
LINKS = SOURCES["sirene_liens_succession"]
SELECTION = ("+corr_siret_succession", "+int_siret_successor_chains", "+int_siret_state")
S16, S24, S65, S73 = (f"381194299000{nic}" for nic in ("16", "24", "65", "73"))
S99 = "38119429900099"  # fictitious SIRET (Luhn-valid) used only by the test edit below


def _load_and_build(workspace, as_of: date) -> None:
    workspace.load(as_of, *SELECTION)
    result = workspace.dbt_build(as_of, *SELECTION)
    assert result.returncode == 0, result.stdout[-3000:]


def _links(workspace) -> list[tuple]:
    return workspace.query(
        "select predecessor_siret, successor_siret, succession_date, is_head_office_transfer, "
        "has_economic_continuity, is_in_cycle from marts.corr_siret_succession "
        "order by succession_date, predecessor_siret, successor_siret"
    )


def _chains(workspace, as_of: date) -> dict[str, tuple]:
    rows = workspace.query(
        "select siret, resolved_siret, resolved_on, hops, resolution_status, path "
        "from intermediate.int_siret_successor_chains where as_of = ? order by siret",
        [as_of],
    )
    return {row[0]: row[1:] for row in rows}


# The 12 real links, in date order: (predecessor, successor, date, transfertSiege, continuiteEconomique).
REAL_LINKS = [
    (S24, S16, date(2002, 4, 1), True, True),
    (S16, S24, date(2003, 10, 1), True, True),
    (S16, S65, date(2004, 9, 30), True, True),
    (S65, S16, date(2006, 4, 1), False, True),
    (S16, S24, date(2006, 10, 1), False, True),
    (S24, S16, date(2007, 4, 1), True, True),
    (S16, S24, date(2007, 10, 1), False, True),
    (S24, S16, date(2008, 4, 1), True, True),
    (S16, S24, date(2008, 9, 30), False, False),
    (S24, S16, date(2009, 4, 1), False, True),
    (S16, S73, date(2009, 10, 1), False, True),
    (S73, S16, date(2010, 4, 1), False, False),
]

# Chains by hand. A walk leaves each SIRET by its earliest link dated after the day it was reached:
# - 00024: 24→16 (2002-04-01); from 16 after that, the earliest link is 16→24 (2003-10-01), back to the
#   start: cycle, stop at 00016.
# - 00065: 65→16 (2006-04-01); from 16 the next is 16→24 (2006-10-01); from 24 the next is 24→16
#   (2007-04-01), 00016 is already on the path: cycle, stop at 00024 after 2 hops.
# - 00073: its only link 73→16 (2010-04-01) has continuiteEconomique = false: not followed, 00073 stays.
# - 00016: 16→24 (2003-10-01); from 24 the next is 24→16 (2007-04-01): cycle, stop at 00024.
REAL_CHAINS = {
    S16: (S24, date(2003, 10, 1), 1, "cycle", f"{S16} > {S24}"),
    S24: (S16, date(2002, 4, 1), 1, "cycle", f"{S24} > {S16}"),
    S65: (S24, date(2006, 10, 1), 2, "cycle", f"{S65} > {S16} > {S24}"),
    S73: (S73, None, 0, "no_continuity", S73),
}


def test_real_succession_links_cycles_and_chains(nightly_samples):
    workspace, _ = nightly_samples

    # Every one of the 4 SIRETs can reach every other one (each link has its reverse): all 12 links sit on
    # a cycle of the link graph.
    assert _links(workspace) == [(*link, True) for link in REAL_LINKS]

    published = workspace.query(
        "select predecessor_siret, successor_siret, succession_date, link_id, sources, version_number, "
        "known_from, known_to, is_current, last_processed_at from marts.corr_siret_succession"
    )
    assert len(published) == 12
    for predecessor, successor, on, link_id, sources, version, known_from, known_to, current, processed in published:
        assert link_id == hashlib.md5(f"{predecessor}|{successor}|{on.isoformat()}".encode()).hexdigest()  # noqa: S324
        assert (sources, version, known_from, known_to, current) == (
            "sirene_liens_succession",
            1,
            NIGHTLY_AS_OF,
            None,
            True,
        )
        assert processed.isoformat(sep=" ") == "2024-03-22 11:12:05"

    assert _chains(workspace, NIGHTLY_AS_OF) == REAL_CHAINS

    # The 3 real closed establishments of the StockEtablissement sample: closure date = dateDebut (no
    # Historique periods in sample mode).
    assert workspace.query(
        "select siret, siren, is_closed, closed_on, closed_on_source, is_head_office, name "
        "from intermediate.int_siret_state order by siret"
    ) == [
        (siret, siret[:9], True, date(1984, 12, 25), "sirene_etablissement", True, None)
        for siret in ("00588003400011", "00600356000015", "00600465900014")
    ]


def test_two_successors_on_the_same_date_are_ambiguous(workspace):
    _load_and_build(workspace, D1)

    # TEST EDIT, not real data: a second successor of 00016 on 2006-10-01 (the fictitious 00099), beside the
    # real link 16→24 of that day.
    path = workspace.sample(LINKS.sample)
    path.write_text(path.read_text() + f"{S16}\t{S99}\t2006-10-01\tfalse\ttrue\t2024-03-22 11:12:05\n")
    _load_and_build(workspace, D2)

    # 00065 reaches 00016 on 2006-04-01; the next date out of 00016 has two successors: the walk stops there.
    # Walks that never reach 00016 after 2006-04-01 are unchanged; the D1 chains stay as they were.
    assert _chains(workspace, D2) == {
        **REAL_CHAINS,
        S65: (S16, date(2006, 4, 1), 1, "ambiguous", f"{S65} > {S16}"),
    }
    assert _chains(workspace, D1) == REAL_CHAINS

    # The new link is a new key known from D2, outside any cycle (00099 has no successor); the 12 real links
    # keep their single version from D1.
    assert workspace.query(
        "select predecessor_siret, successor_siret, succession_date, is_in_cycle, version_number, known_from, "
        "is_current from marts.corr_siret_succession where known_from <> ?",
        [D1],
    ) == [(S16, S99, date(2006, 10, 1), False, 1, D2, True)]
    assert workspace.query(
        "select count(*) from marts.corr_siret_succession where known_from = ? and is_current and is_in_cycle",
        [D1],
    ) == [(12,)]
