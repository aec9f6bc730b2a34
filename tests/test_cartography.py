"""The usage registry and the cartography of identifiers (carto_nodes, carto_edges), on the real samples: the
published figures are recomputed here with direct queries on the published tables."""

import pytest

from tests.conftest import NIGHTLY_AS_OF as D1

EDGE_TABLES = {
    "corr_uai_siret": ("uai", "siret", "uai", "siret"),
    "corr_uai_uai": ("uai", "uai", "mother_uai", "daughter_uai"),
    "corr_siret_succession": ("siret", "siret", "predecessor_siret", "successor_siret"),
    "corr_siret_nda": ("siret", "nda", "siret", "nda"),
    "corr_cfd_rncp": ("cfd", "rncp", "cfd", "rncp"),
    "corr_mef_cfd": ("mef", "cfd", "mef", "cfd"),
    "lineage_cfd": ("cfd", "cfd", "old_cfd", "new_cfd"),
    "lineage_rncp": ("rncp", "rncp", "old_code", "new_code"),
}


@pytest.fixture(scope="module")
def published(nightly_samples):
    workspace, result = nightly_samples
    assert result.success
    return lambda sql, params=None: workspace.query(sql, params, database=workspace.publication)


def test_cartography_tables_are_published_with_their_row_counts(published):
    counts = dict(
        published(
            "select table_name, row_count from publication_info"
            " where table_name in ('usage_registry', 'carto_nodes', 'carto_edges')"
        )
    )
    # 18 systems of docs/usages.md §1 × 8 identifiers; 11 identifier systems; 8 correspondence tables.
    assert counts == {"usage_registry": 144, "carto_nodes": 11, "carto_edges": 8}


def test_usage_registry_transcribes_the_usage_matrix(published):
    def requirement(consumer, identifier):
        rows = published(
            "select requirement from usage_registry where consumer = ? and identifier = ?", [consumer, identifier]
        )
        assert len(rows) == 1
        return rows[0][0]

    assert requirement("Affelnet offer", "mef") == "required"
    assert requirement("Affelnet offer", "cfd") == "derived"  # « D (from MEF) »
    assert requirement("Affelnet offer", "siret") == "optional"
    assert requirement("Affelnet offer", "rncp") == "absent"
    assert requirement("Agora (CDC)", "siret") == "unknown"
    assert requirement("Catalogue apprentissage", "cle_ministere_educatif") == "required"
    assert published(
        "select granularity, evidence from usage_registry where consumer = 'SIFA' and identifier = 'cfd'"
    ) == [("individual", "TDB sifa.actions.ts, sifaCsvFields.ts")]
    # One evidence per system, every identifier listed for every system.
    assert published(
        "select count(distinct consumer), count(distinct identifier), count(*) = count(distinct consumer || identifier)"
        " from usage_registry"
    ) == [(18, 8, True)]


def test_nodes_count_codes_sources_and_consumers(published):
    nodes = {
        row[0]: row[1:]
        for row in published("select identifier, code_count, source_count, consumer_count from carto_nodes")
    }
    assert set(nodes) == {
        "uai", "siret", "siren", "cfd", "rncp", "rs", "mef", "mef_stat_11", "nda", "certif_info",
        "cle_ministere_educatif",
    }  # fmt: skip
    # CFD: every CFD of dim_certification (1 886 on the samples).
    assert published("select count(distinct code) from dim_certification where kind = 'cfd'") == [(nodes["cfd"][0],)]
    assert nodes["cfd"][0] == 1886
    # MEF: the current, valid MEFs of corr_mef_cfd.
    assert published(
        "select count(distinct mef) from corr_mef_cfd where is_current and mef_status in ('valid', 'normalised')"
    ) == [(nodes["mef"][0],)]
    # Registry sources whose identifiers cite the node.
    for identifier in ("uai", "cfd", "nda"):
        expected = published(
            "select count(*) from sources where list_contains(string_split(identifiers, ', '), ?)", [identifier]
        )
        assert expected == [(nodes[identifier][1],)], identifier
    # Consumers using the MEF: InserJeunes API, Parcoursup internal, Affelnet offer and vœux, catalogue (derived),
    # Orion, constat de rentrée.
    assert nodes["mef"][2] == 7
    assert published(
        "select count(distinct consumer) from usage_registry where identifier = 'siret'"
        " and requirement in ('required', 'optional', 'derived')"
    ) == [(nodes["siret"][2],)]
    assert nodes["cle_ministere_educatif"][0] == 0  # not loaded
    assert published("select producer from carto_nodes where identifier = 'siret'") == [("INSEE (répertoire Sirene)",)]


def test_edges_are_recomputed_from_the_current_links(published):
    edges = {
        row[0]: row[1:]
        for row in published(
            "select table_name, from_identifier, to_identifier, link_count, observed_cardinality, is_historised,"
            " last_known_from from carto_edges"
        )
    }
    assert set(edges) == set(EDGE_TABLES)
    for table, (from_identifier, to_identifier, from_column, to_column) in EDGE_TABLES.items():
        [(links, several_to, several_from, last_known_from)] = published(
            f"""
            select count(*),
                (select count(*) > 0 from (select {from_column} from {table} where is_current
                    group by 1 having count(distinct {to_column}) > 1)),
                (select count(*) > 0 from (select {to_column} from {table} where is_current
                    group by 1 having count(distinct {from_column}) > 1)),
                max(known_from)
            from {table} where is_current
            """  # noqa: S608 - table and column names come from EDGE_TABLES
        )
        cardinality = ("n" if several_from else "1") + ":" + ("n" if several_to else "1")
        assert edges[table] == (from_identifier, to_identifier, links, cardinality, True, last_known_from), table
        assert last_known_from == D1  # first load: every current link is known since the nightly's day
    # The CFD↔RNCP table on the samples: 7 861 current links, several RNCPs per CFD and several CFDs per RNCP.
    assert edges["corr_cfd_rncp"][2:4] == (7861, "n:n")
    assert edges["corr_mef_cfd"][3] == "n:1"  # one CFD per MEF, several MEFs per CFD


def test_edge_sources_and_coverage(published):
    [(sources, from_code_count, coverage)] = published(
        "select sources, from_code_count, coverage_percent from carto_edges where table_name = 'corr_mef_cfd'"
    )
    assert sources == "bcn_n_mef"
    assert (from_code_count, coverage) == (
        published("select code_count from carto_nodes where identifier = 'mef'")[0][0],
        100.0,
    )
    # corr_uai_siret: share of the known UAIs with a current SIRET link, the universe being carto_nodes.code_count.
    [(expected,)] = published(
        """
        select round(100.0 * count(distinct uai) / (select code_count from carto_nodes where identifier = 'uai'), 1)
        from corr_uai_siret
        where is_current and uai in (
            select uai from uai_records where is_current and uai_status in ('valid', 'normalised')
            union select uai from dim_site
        )
        """
    )
    assert published("select coverage_percent from carto_edges where table_name = 'corr_uai_siret'") == [(expected,)]
    [(asserting,)] = published(
        "select string_agg(distinct trim(s), ', ' order by trim(s)) from corr_uai_siret,"
        " unnest(string_split(sources, ',')) as t(s) where is_current"
    )
    assert published("select sources from carto_edges where table_name = 'corr_uai_siret'") == [(asserting,)]
