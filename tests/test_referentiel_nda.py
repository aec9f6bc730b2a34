"""Référentiel UAI-SIRET, Tableau de bord and DGEFP staging, and the historised SIRET↔NDA table.

Expected values are read from the real sample files (data/samples/uai_siret_couples/) with plain Python, or
were checked by hand in them; the DGEFP list has no public sample, so its rows in the second test are test
edits built on real SIRET/NDA pairs of the network exports (the previous NDA there is invented).
"""

import csv
import hashlib
import json
from collections import Counter, defaultdict
from datetime import date

import duckdb

from tests.conftest import NIGHTLY_AS_OF

D1, D2 = date(2026, 11, 29), date(2026, 11, 30)
NETWORKS = ("en", "greta", "mfr")


def _build(workspace, as_of: date, *selection: str) -> None:
    result = workspace.dbt_build(as_of, *selection)
    assert result.returncode == 0, result.stdout[-3000:]


def _network_rows(workspace) -> list[tuple[str, dict]]:
    """(source_id, row) of the three network CSV exports (EN and GRETA have a BOM, MFR does not)."""
    rows = []
    for network in NETWORKS:
        path = workspace.sample(f"uai_siret_couples/referentiel-reseau-{network}.csv")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows += [(f"referentiel_reseau_{network}", row) for row in csv.DictReader(handle, delimiter=";")]
    return rows


def _expected_pairs(workspace) -> dict[tuple[str, str], tuple[str, bool | None]]:
    """(siret, nda padded to 11) → (sorted sources, Qualiopi in any export), from the CSV files directly."""
    sources, qualiopi = defaultdict(set), defaultdict(set)
    for source_id, row in _network_rows(workspace):
        nda = row["numero_declaration_activite"].strip()
        if row["Siret"].strip() and nda:
            pair = (row["Siret"].strip(), nda.zfill(11))
            sources[pair].add(source_id)
            qualiopi[pair].add({"Oui": True, "Non": False}.get(row["Qualiopi"]))
    return {
        pair: (", ".join(sorted(ids)), True if True in qualiopi[pair] else (False if False in qualiopi[pair] else None))
        for pair, ids in sources.items()
    }


def test_referentiel_tdb_staging_and_siret_nda_from_real_samples(nightly_samples):
    workspace, _ = nightly_samples

    # --- SIRET↔NDA: every pair of the network exports, with its sources, and nothing else.
    expected = _expected_pairs(workspace)
    rows = workspace.query("select siret, nda, sources, has_qualiopi from marts.corr_siret_nda order by siret, nda")
    assert len(rows) == len(expected) == 498
    assert {(s, n): (src, q) for s, n, src, q in rows} == expected

    # Overseas NDAs exported without their leading 0 (10 characters): padded, status normalised.
    overseas = workspace.query(
        "select siret, nda, nda_status, sources from marts.corr_siret_nda "
        "where nda in ('01973269897', '06970000397') order by nda"
    )
    assert overseas == [
        ("19971806500022", "01973269897", "normalised", "referentiel_reseau_en"),
        ("20000446300028", "06970000397", "normalised", "referentiel_reseau_en"),
    ]
    short = {(row["Siret"], row["numero_declaration_activite"]) for _, row in _network_rows(workspace)}
    short = {(siret, "0" + nda) for siret, nda in short if len(nda) == 10}
    assert len(short) == 14
    assert set(workspace.query("select siret, nda from marts.corr_siret_nda where nda_status = 'normalised'")) == short

    # A lycée listed by both the EN and the GRETA exports with the same NDA: one pair, both sources. The two
    # exports disagree on Qualiopi (EN Oui, GRETA Non): has_qualiopi is "any source".
    link_id = hashlib.md5(b"19850028200035|52850232185").hexdigest()  # noqa: S324 — an id, not security
    assert workspace.query(
        "select link_id, siren, sources, has_qualiopi, has_qualiopi_apprenticeship, is_previous_nda, "
        "valid_from, valid_to, known_from, known_to, is_current, version_number "
        "from marts.corr_siret_nda where siret = '19850028200035'"
    ) == [
        (
            link_id,
            "198500282",
            "referentiel_reseau_en, referentiel_reseau_greta",
            True,
            None,
            False,
            None,
            None,
            NIGHTLY_AS_OF,
            None,
            True,
            1,
        )
    ]
    assert workspace.query(
        "select network, has_qualiopi from staging.stg_referentiel__reseaux "
        "where siret = '19850028200035' order by network"
    ) == [("en", True), ("greta", False)]
    assert sum(1 for src, _ in expected.values() if "," in src) == 11
    assert workspace.query("select count(*) from marts.corr_siret_nda where sources like '%,%'") == [(11,)]

    # The MFR export lists 32642100500017 twice (a full row and a stub without NDA): both staged, one pair.
    assert workspace.query(
        "select source_row_number, nda, name is null from staging.stg_referentiel__reseaux "
        "where siret = '32642100500017' order by source_row_number"
    ) == [(335, "82740226074", False), (406, None, True)]
    assert workspace.query("select nda, sources from marts.corr_siret_nda where siret = '32642100500017'") == [
        ("82740226074", "referentiel_reseau_mfr")
    ]
    assert workspace.query(
        "select count(*) from marts.corr_siret_nda where valid_from is not null or valid_to is not null"
    ) == [(0,)]

    # --- Network exports: row counts, missing NDAs (public bodies) and import dates in both formats.
    assert workspace.query(
        "select network, count(*), count(nda), count(uai_validated), min(imported_on), max(imported_on) "
        "from staging.stg_referentiel__reseaux group by network order by network"
    ) == [
        ("en", 227, 97, 203, date(2021, 12, 17), date(2023, 3, 28)),
        ("greta", 68, 11, 68, date(2021, 12, 17), date(2022, 3, 24)),
        ("mfr", 420, 401, 387, date(2021, 12, 17), date(2024, 1, 13)),
    ]

    # --- Référentiel API: an organisme with its validated UAI, its sites and its candidate UAIs.
    assert workspace.query(
        "select siret, siren, uai, uai_status, nature, is_active, has_qualiopi, nda "
        "from staging.stg_referentiel__organismes where siret = '82409268800145'"
    ) == [("82409268800145", "824092688", "0932751K", "valid", "responsable_formateur", True, True, None)]
    assert workspace.query(
        "select lieu_rank, lieu_code, uai, is_uai_reliable, commune_code, postal_code, academy_code "
        "from staging.stg_referentiel__lieux where organisme_siret = '82409268800145' order by lieu_rank"
    ) == [
        (1, "8.84062004089355_42.0254592895508", "0932751K", False, "2A271", "20167", "27"),
        (2, "9.15087985992432_42.3036994934082", None, False, "2B096", "20250", "27"),
    ]
    assert workspace.query(
        "select candidate_rank, uai, uai_status from staging.stg_referentiel__uai_potentielles "
        "where organisme_siret = '82409268800145' order by candidate_rank"
    ) == [(1, "0932751K", "valid"), (2, "6200727W", "valid"), (3, "6200739J", "valid")]

    # Sites per reliability flag, from the JSON file directly (hand count: 107 reliable, 61 + 60 not).
    organismes = json.loads(workspace.sample("uai_siret_couples/referentiel_organismes_extrait.json").read_text())
    by_reliability = Counter(
        (lieu["uai_fiable"], "uai" in lieu) for organisme in organismes for lieu in organisme["lieux_de_formation"]
    )
    assert by_reliability == {(True, True): 107, (False, True): 61, (False, False): 60}
    assert workspace.query(
        "select is_uai_reliable, uai is not null, count(*) from staging.stg_referentiel__lieux "
        "group by all order by all"
    ) == [(False, False, 60), (False, True, 61), (True, True, 107)]
    # 113 of 145 organismes have a validated UAI, but only 110 distinct: the same UAI is validated on several
    # SIRETs (0932751K on three establishments of SIREN 824092688, 0271070S on two).
    assert workspace.query(
        "select count(*), count(uai), count(distinct uai) from staging.stg_referentiel__organismes"
    ) == [(145, 113, 110)]
    assert workspace.query(
        "select uai, string_agg(siret, ' ' order by siret) from staging.stg_referentiel__organismes "
        "group by uai having count(*) > 1 and uai is not null order by uai"
    ) == [
        ("0271070S", "78080672500013 78080672500021"),
        ("0932751K", "82409268800061 82409268800137 82409268800145"),
    ]
    # 19570099200074 (16 sites): its site 11 publishes the validated UAI in lower case → normalised.
    assert workspace.query(
        "select count(*), count(*) filter (where uai = '0572998Z'), "
        "max(case when lieu_rank = 11 then uai_raw || ' ' || uai_status end) "
        "from staging.stg_referentiel__lieux where organisme_siret = '19570099200074'"
    ) == [(16, 2, "0572998z normalised")]

    # --- Tableau de bord: the placeholder and bad-check UAIs, and the two 13-digit SIRETs. Padding them
    # does not give valid SIRETs: the digit lost is not a leading zero (the corrected SIRET shows it).
    assert workspace.query(
        "select source_row_number, uai_raw, uai, uai_status, siret, siret_status, verdict, rule_id "
        "from staging.stg_tdb__fiabilisation where uai_raw in ('0000000N', '6342293Z') order by source_row_number"
    ) == [
        (33, "6342293Z", "6342293Z", "invalid_check", "82114293200010", "valid", "NON_FIABILISABLE_PB_COLLECTE", 7),
        (55, "0000000N", None, "placeholder", "53329492200042", "valid", "NON_FIABILISABLE_PB_COLLECTE", 7),
    ]
    assert workspace.query(
        "select siret_raw, siret, siret_status, siret_reliable, siret_reliable_status, verdict, rule_id "
        "from staging.stg_tdb__fiabilisation where length(siret_raw) = 13 order by siret_raw"
    ) == [
        ("3820459800018", "03820459800018", "invalid_check", None, None, "NON_FIABILISABLE_PB_COLLECTE", 7),
        ("8930749140027", "08930749140027", "invalid_check", "89307491400019", "valid", "A_FIABILISER", 2),
    ]
    couples = json.loads(workspace.sample("uai_siret_couples/fiabilisation.fixture.json").read_text())
    verdicts = Counter((couple["type"], couple["rule_id"]) for couple in couples)
    assert dict(
        workspace.query("select verdict || '/' || rule_id, count(*) from staging.stg_tdb__fiabilisation group by 1")
    ) == {f"{verdict}/{rule}": count for (verdict, rule), count in verdicts.items()}
    # 10 invalid UAIs (9 bad check letters + the placeholder) and 4 SIRETs failing Luhn, as documented.
    assert workspace.query(
        "select count(*) filter (where uai_status in ('invalid_check', 'placeholder')), "
        "count(*) filter (where siret_status = 'invalid_check') from staging.stg_tdb__fiabilisation"
    ) == [(10, 4)]
    # Manual rule 0: the ERP couple 0572998Z / 19570099200041 is corrected to the Référentiel organisme.
    assert workspace.query(
        "select uai_reliable, siret_reliable from staging.stg_tdb__fiabilisation "
        "where siret = '19570099200041' and uai = '0572998Z' and rule_id = 0"
    ) == [("0572998Z", "19570099200074")]

    # --- DGEFP: empty in sample mode, the models still build and return no row.
    assert workspace.query("select count(*) from staging.stg_dgefp__organismes") == [(0,)]


DGEFP_COLUMNS = (
    "_as_of, _source_file, _sha256, _row_number, numerodeclarationactivite, numerosdeclarationactiviteprecedent, "
    "denomination, siren, siretetablissementdeclarant, certifications_actionsdeformationparapprentissage, "
    "certifications_actionsdeformation, informationsdeclarees_datedernieredeclaration"
)


def _insert_dgefp_test_rows(workspace, as_of: date) -> None:
    """Test edit standing in for a downloaded DGEFP list (no public sample): two real pairs of the EN export,
    one NDA written without its leading 0 with an invented previous NDA, one SIRET given as its NIC only."""
    with duckdb.connect(str(workspace.warehouse)) as con:
        con.executemany(
            f"insert into raw.dgefp_liste_of ({DGEFP_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
            [
                (
                    as_of,
                    "dgefp_test.csv",
                    "test",
                    2,
                    "1973269897",
                    "11759999975",
                    "CFA POLYVALENT GUADELOUPE",
                    "199718065",
                    "19971806500022",
                    "true",
                    "true",
                    "31/03/2026",
                ),
                (
                    as_of,
                    "dgefp_test.csv",
                    "test",
                    3,
                    "52850232185",
                    None,
                    "GRETA VENDEE",
                    "198500282",
                    "00035",
                    "false",
                    "true",
                    "2026-03-31",
                ),
            ],
        )


def test_dgefp_assertions_and_siret_nda_history(workspace):
    workspace.load(D1, "+corr_siret_nda")
    _insert_dgefp_test_rows(workspace, D1)
    _build(workspace, D1, "+corr_siret_nda")

    assert workspace.query(
        "select nda, nda_status, previous_ndas, siret, siret_status, is_siret_rebuilt, "
        "has_qualiopi_apprenticeship, last_declared_on from staging.stg_dgefp__organismes order by source_row_number"
    ) == [
        ("01973269897", "normalised", "11759999975", "19971806500022", "valid", False, True, date(2026, 3, 31)),
        ("52850232185", "valid", None, "19850028200035", "normalised", True, False, date(2026, 3, 31)),
    ]
    history_sql = (
        "select siret, nda, sources, siret_status, has_qualiopi, has_qualiopi_apprenticeship, is_previous_nda, "
        "known_from, known_to, is_current from marts.corr_siret_nda "
        "where siret in ('19971806500022', '19850028200035') order by siret, nda, known_from"
    )
    assert workspace.query(history_sql) == [
        (
            "19850028200035",
            "52850232185",
            "dgefp_liste_of, referentiel_reseau_en, referentiel_reseau_greta",
            "normalised",
            True,
            False,
            False,
            D1,
            None,
            True,
        ),
        (
            "19971806500022",
            "01973269897",
            "dgefp_liste_of, referentiel_reseau_en",
            "valid",
            True,
            True,
            False,
            D1,
            None,
            True,
        ),
        ("19971806500022", "11759999975", "dgefp_liste_of", "valid", None, None, True, D1, None, True),
    ]

    # Next day the DGEFP list no longer has them: the DGEFP-only pair closes, the shared ones get a version.
    workspace.load(D2, "+corr_siret_nda")
    _build(workspace, D2, "+corr_siret_nda")
    assert workspace.query(history_sql) == [
        (
            "19850028200035",
            "52850232185",
            "dgefp_liste_of, referentiel_reseau_en, referentiel_reseau_greta",
            "normalised",
            True,
            False,
            False,
            D1,
            D2,
            False,
        ),
        (
            "19850028200035",
            "52850232185",
            "referentiel_reseau_en, referentiel_reseau_greta",
            "valid",
            True,
            None,
            False,
            D2,
            None,
            True,
        ),
        (
            "19971806500022",
            "01973269897",
            "dgefp_liste_of, referentiel_reseau_en",
            "valid",
            True,
            True,
            False,
            D1,
            D2,
            False,
        ),
        ("19971806500022", "01973269897", "referentiel_reseau_en", "valid", True, None, False, D2, None, True),
        ("19971806500022", "11759999975", "dgefp_liste_of", "valid", None, None, True, D1, D2, False),
    ]
    # Untouched pairs keep one version seen on both days; the link id does not depend on the version.
    assert workspace.query(
        "select count(*), count(*) filter (where is_current), count(distinct link_id), "
        "count(*) filter (where version_number = 1 and known_from = ? and last_seen_as_of = ? and is_current) "
        "from marts.corr_siret_nda",
        [D1, D2],
    ) == [(501, 498, 499, 496)]
