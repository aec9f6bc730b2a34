"""Consumer usages: coverage of the consumer datasets by the cartography (usage_coverage) and the rows that do not
resolve, each addressed to a producer (usage_unresolved), on the nightly run of the real samples."""

from decimal import Decimal

import pytest

# (consumer source, reference period, correspondence) → (rows, resolved rows) on the real samples, nightly of
# 2026-11-02 (Parcoursup and the catalogue have no period of their own: the load `as_of`).
EXPECTED_COVERAGE = {
    ("affelnet_offre_2021", "2021", "mef_stat_11_to_cfd"): (1000, 917),
    ("affelnet_offre_2021", "2021", "uai_known"): (1000, 213),
    ("affelnet_offre_2021", "2021", "uai_to_siret"): (1000, 213),
    ("affelnet_offre_2022", "2022", "mef_stat_11_to_cfd"): (3000, 2586),
    ("affelnet_offre_2022", "2022", "uai_known"): (3000, 388),
    ("affelnet_offre_2022", "2022", "uai_to_siret"): (3000, 388),
    ("catalogue_apprentissage", "2026-11-02", "uai_known"): (2, 2),
    ("catalogue_apprentissage", "2026-11-02", "uai_to_siret"): (2, 2),
    ("constat_rentree", "2020", "mef_stat_11_to_cfd"): (3000, 2931),
    ("constat_rentree", "2020", "uai_known"): (3000, 335),
    ("constat_rentree", "2020", "uai_to_siret"): (3000, 335),
    ("inserjeunes_cfa", "cumul 2018-2019", "uai_known"): (68, 67),
    ("inserjeunes_cfa", "cumul 2018-2019", "uai_to_siret"): (68, 61),
    ("inserjeunes_cfa", "cumul 2019-2020", "uai_known"): (93, 80),
    ("inserjeunes_cfa", "cumul 2019-2020", "uai_to_siret"): (93, 75),
    ("inserjeunes_cfa", "cumul 2020-2021", "uai_known"): (154, 93),
    ("inserjeunes_cfa", "cumul 2020-2021", "uai_to_siret"): (154, 89),
    ("inserjeunes_cfa", "cumul 2021-2022", "uai_known"): (197, 100),
    ("inserjeunes_cfa", "cumul 2021-2022", "uai_to_siret"): (197, 98),
    ("inserjeunes_cfa", "cumul 2022-2023", "uai_known"): (218, 99),
    ("inserjeunes_cfa", "cumul 2022-2023", "uai_to_siret"): (218, 97),
    ("inserjeunes_cfa", "cumul 2023-2024", "uai_known"): (246, 106),
    ("inserjeunes_cfa", "cumul 2023-2024", "uai_to_siret"): (246, 104),
    ("insersup", "2020-2021", "uai_known"): (1, 0),
    ("insersup", "2020-2021", "uai_to_siret"): (1, 0),
    ("parcoursup_bts_capacite", "2026-11-02", "cfd_to_rncp"): (1500, 1130),
    ("parcoursup_bts_capacite", "2026-11-02", "mef_stat_11_to_cfd"): (1500, 1170),
    ("parcoursup_bts_capacite", "2026-11-02", "uai_known"): (1500, 270),
    ("parcoursup_bts_capacite", "2026-11-02", "uai_to_siret"): (1500, 261),
    # SYNTHETIC contracts and survey rows (orchestration/synthetic): reference date = contract start, load as_of.
    ("synthetic_deca", "2022", "cfd_to_rncp"): (646, 288),
    ("synthetic_deca", "2022", "uai_known"): (646, 633),
    ("synthetic_deca", "2022", "uai_to_siret"): (646, 632),
    ("synthetic_deca", "2023", "cfd_to_rncp"): (680, 323),
    ("synthetic_deca", "2023", "uai_known"): (680, 664),
    ("synthetic_deca", "2023", "uai_to_siret"): (680, 662),
    ("synthetic_deca", "2024", "cfd_to_rncp"): (674, 295),
    ("synthetic_deca", "2024", "uai_known"): (674, 664),
    ("synthetic_deca", "2024", "uai_to_siret"): (674, 662),
    ("synthetic_sifa", "2026-11-02", "cfd_to_rncp"): (1073, 753),
    ("synthetic_sifa", "2026-11-02", "uai_known"): (1073, 1073),
    ("synthetic_sifa", "2026-11-02", "uai_to_siret"): (1073, 1070),
}


@pytest.fixture(scope="module")
def nightly(nightly_samples):
    """The nightly on the real samples; an open link on day D is `valid_from <= D < valid_to` (README)."""
    workspace, result = nightly_samples
    assert result.success
    return workspace


def test_usage_tables_are_published_with_their_row_counts(nightly):
    rows = dict(
        nightly.query(
            "select table_name, row_count from publication_info where table_name like 'usage_%'",
            database=nightly.publication,
        )
    )
    assert rows["usage_coverage"] == 78
    assert rows["usage_unresolved"] == 18248


def test_coverage_figures_on_the_real_samples(nightly):
    rows = nightly.query(
        """
        select consumer_source_id, reference_period, correspondence, sum(row_count), sum(resolved_count)
        from usage_coverage group by all
        """,
        database=nightly.publication,
    )
    assert {(s, p, c): (int(n), int(r)) for s, p, c, n, r in rows} == EXPECTED_COVERAGE


def test_share_percent_and_consumer_label(nightly):
    rows = nightly.query(
        "select consumer, row_count, resolved_count, share_percent from usage_coverage", database=nightly.publication
    )
    for consumer, row_count, resolved_count, share in rows:
        assert consumer
        assert 0 <= resolved_count <= row_count > 0
        assert share == round(Decimal(100 * resolved_count) / row_count, 2)


def test_constat_rentree_mef_to_cfd_recomputed_with_a_direct_join(nightly):
    """Rentrée 2020 (D = 2020-09-01): MEF STAT 11 with a current corr_mef_cfd row open on D, counted directly."""
    (resolved,) = nightly.query(
        """
        select count(*) from staging.stg_constat_rentree__effectifs as stg
        where stg.as_of = (select max(as_of) from staging.stg_constat_rentree__effectifs)
          and exists (
            select 1 from marts.corr_mef_cfd as link
            where link.mef_stat_11 = stg.mef_stat_11 and link.is_current and link.cfd is not null
              and (link.valid_from is null or link.valid_from <= ?) and (link.valid_to is null or link.valid_to > ?)
          )
        """,
        ["2020-09-01", "2020-09-01"],
    )[0]
    assert resolved == 2931
    published = nightly.query(
        """select sum(resolved_count) from usage_coverage
           where consumer_source_id = 'constat_rentree' and correspondence = 'mef_stat_11_to_cfd'""",
        database=nightly.publication,
    )
    assert published == [(resolved,)]


def test_parcoursup_cfd_to_rncp_recomputed_with_a_direct_join(nightly):
    """No period of its own: D is the load as_of; an asserted, current CFD↔RNCP couple open on D."""
    (resolved,) = nightly.query(
        """
        select count(*) from staging.stg_parcoursup__bts_offres as stg
        where stg.as_of = date '2026-11-02'
          and exists (
            select 1 from marts.corr_cfd_rncp as link
            where link.cfd = stg.cfd and link.is_current and link.rule = 'asserted' and link.rncp is not null
              and (link.valid_from is null or link.valid_from <= ?) and (link.valid_to is null or link.valid_to > ?)
          )
        """,
        ["2026-11-02", "2026-11-02"],
    )[0]
    assert resolved == 1130


def test_one_academie_recomputed(nightly):
    """Académie 10 (dim_site), constat de rentrée 2020, UAI→SIRET: an open current link on 2020-09-01."""
    (row_count, resolved) = nightly.query(
        """
        select
            count(*),
            count(case when exists (
                select 1 from marts.corr_uai_siret as link
                where link.uai = stg.uai and link.is_current and link.confidence not in ('invalid', 'rejected')
                  and (link.valid_from is null or link.valid_from <= ?) and (link.valid_to is null or link.valid_to > ?)
            ) then 1 end)
        from staging.stg_constat_rentree__effectifs as stg
        inner join marts.dim_site as site on site.uai = stg.uai
        where site.academy_code = '10'
        """,
        ["2020-09-01", "2020-09-01"],
    )[0]
    published = nightly.query(
        """select row_count, resolved_count from usage_coverage
           where consumer_source_id = 'constat_rentree' and correspondence = 'uai_to_siret' and academy_code = '10'""",
        database=nightly.publication,
    )
    assert published == [(row_count, resolved)] == [(11, 11)]


def test_unresolved_rows_match_the_coverage(nightly):
    rows = nightly.query(
        """
        select coverage.consumer_source_id, coverage.correspondence, coverage.unresolved, listed.unresolved
        from (
            select consumer_source_id, correspondence, sum(row_count - resolved_count) as unresolved
            from usage_coverage group by all
        ) as coverage
        full join (
            select consumer_source_id, correspondence, count(*) as unresolved from usage_unresolved group by all
        ) as listed using (consumer_source_id, correspondence)
        """,
        database=nightly.publication,
    )
    mismatches = [row for row in rows if (row[2] or 0) != (row[3] or 0)]
    assert rows and not mismatches


def test_every_unresolved_row_names_its_producer(nightly):
    rows = nightly.query(
        """select reason, correspondence, producer_responsible, producer_source_id, count(*)
           from usage_unresolved group by all""",
        database=nightly.publication,
    )
    assert rows
    assert all(producer and source_id for _, _, producer, source_id, _ in rows)
    by_cause = {(reason, correspondence): producer for reason, correspondence, producer, _, _ in rows}
    assert by_cause[("pas de lien", "cfd_to_rncp")] == "France compétences (Kit apprentissage)"
    assert by_cause[("pas de lien", "mef_stat_11_to_cfd")] == "MENJ — DEPP (BCN, Base centrale des nomenclatures)"
    assert by_cause[("pas de lien", "uai_to_siret")].startswith("Registres : MENJ — DEPP")
    assert {reason for reason, *_ in rows} == {
        "code inconnu",
        "pas de lien",
        "identifiant absent",
        "identifiant invalide",
    }
    assert sum(count for *_, count in rows) == 18248
    # Who can fix an absent or invalid identifier: the consumer dataset's own producer. On the samples only the
    # SYNTHETIC contracts (generator's documented shares: 800 CFDs left empty, 39 corrupted UAI check
    # letters counted once per UAI correspondence) and survey rows (54 without CFD, RNCP instead) have some,
    # addressed to their synthetic producer.
    assert nightly.query(
        """select consumer_source_id, reason, producer_source_id, count(*) from usage_unresolved
           where reason in ('identifiant absent', 'identifiant invalide') group by all order by all""",
        database=nightly.publication,
    ) == [
        ("synthetic_deca", "identifiant absent", "synthetic_deca", 800),
        ("synthetic_deca", "identifiant invalide", "synthetic_deca", 78),
        ("synthetic_sifa", "identifiant absent", "synthetic_sifa", 54),
    ]


def test_coverage_describes_the_latest_load_of_each_source_only(workspace):
    """Two loads of the consumer sources, the second without the last 100 rows of the Constat de rentrée: the
    coverage and the unresolved rows describe the latest load, the older one stays in staging."""
    from datetime import date

    from orchestration.registry import SOURCES

    day1, day2 = date(2026, 10, 1), date(2026, 10, 2)
    constat = workspace.sample(SOURCES["constat_rentree"].sample)
    lines = constat.read_bytes().rstrip(b"\n").split(b"\n")
    workspace.load(day1, "+usage_coverage", "+usage_unresolved")
    constat.write_bytes(b"\n".join(lines[:-100]) + b"\n")
    workspace.load(day2, "+usage_coverage", "+usage_unresolved")
    result = workspace.dbt_build(day2, "+usage_coverage", "+usage_unresolved", command="run")
    assert result.returncode == 0, result.stdout[-3000:]
    assert workspace.query(
        "select as_of, count(*) from staging.stg_constat_rentree__effectifs group by all order by all"
    ) == [(day1, 3000), (day2, 2900)]
    assert workspace.query(
        "select as_of, correspondence, sum(row_count) from marts.usage_coverage "
        "where consumer_source_id = 'constat_rentree' group by all order by all"
    ) == [(day2, "mef_stat_11_to_cfd", 2900), (day2, "uai_known", 2900), (day2, "uai_to_siret", 2900)]
    assert workspace.query(
        "select distinct as_of from marts.usage_unresolved where consumer_source_id = 'constat_rentree'"
    ) == [(day2,)]
