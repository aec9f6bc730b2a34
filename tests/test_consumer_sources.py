"""Consumer datasets (InserJeunes, InserSup, Parcoursup, Affelnet, constat de rentrée, catalogue): real rows
loaded from the shipped extracts, staged with their identifiers qualified."""

import dataclasses
from datetime import date
from decimal import Decimal

from orchestration.ingest.loader import load_source
from orchestration.registry import SOURCES
from orchestration.settings import get_settings
from tests.http_server import send

D1 = date(2026, 11, 2)


def _loaded(workspace, *source_ids: str) -> dict[str, int]:
    """Rows each source loaded in the session's nightly run (which also built their staging models)."""
    placeholders = ", ".join("?" for _ in source_ids)
    return dict(
        workspace.query(
            f"select source_id, row_count from raw._loads where source_id in ({placeholders})",  # noqa: S608
            list(source_ids),
        )
    )


def test_inserjeunes_per_cfa_rates_are_numbers_and_uais_are_valid(nightly_samples):
    workspace, result = nightly_samples
    assert workspace.query("select row_count, encoding from raw._loads where source_id = 'inserjeunes_cfa'") == [
        (976, "utf-8-sig")
    ]
    [materialization] = [
        m for m in result.get_asset_materialization_events() if m.asset_key.path == ["raw", "inserjeunes_cfa"]
    ]
    # `num_ligne`, an artefact of the public copy, is not declared.
    assert materialization.materialization.metadata["unmapped_columns"].value == 1
    assert workspace.query(
        "select millesime, first_cohort_year, last_cohort_year, uai, uai_status, employment_rate_6_months, "
        "employment_value_added_6_months, employment_rate_18_months "
        "from staging.stg_inserjeunes__cfa where source_row_number = 2"
    ) == [("cumul 2022-2023", 2022, 2023, "0370825W", "valid", Decimal("65.00"), Decimal("-2.00"), None)]
    # 270 rows have the 6-month rate masked; every UAI of the extract passes the mod-23 check.
    assert workspace.query(
        "select count(*), count(employment_rate_6_months), count(distinct uai), "
        "count(*) filter (where uai_status = 'valid') from staging.stg_inserjeunes__cfa"
    ) == [(976, 706, 272, 976)]


def test_insersup_fixture_gives_uai_and_sise_with_decimal_commas_read(nightly_samples):
    workspace, _ = nightly_samples
    assert _loaded(workspace, "insersup") == {"insersup": 1}
    assert workspace.query(
        "select is_aggregate, uai, uai_status, sise, sise_status, academic_year, leaver_count, "
        "further_study_rate, employment_rate_6_months from staging.stg_insersup__formations"
    ) == [(False, "0062205P", "valid", "2400074", "valid", "2020-2021", 54, Decimal("54.60"), Decimal("19.30"))]


def test_parcoursup_bts_keeps_each_line_with_its_mef_and_cfd(nightly_samples):
    workspace, _ = nightly_samples
    assert _loaded(workspace, "parcoursup_bts_capacite") == {"parcoursup_bts_capacite": 1500}
    assert workspace.query(
        "select enrolment_status, count(*) from staging.stg_parcoursup__bts_offres group by 1 order by 1"
    ) == [("apprentissage", 861), ("scolaire", 639)]
    # Two apprenticeship lines for the same UAI × MEF STAT 11 (one without published capacity): both kept.
    assert workspace.query(
        "select source_row_number, capacity, confirmed_wish_count, mef_stat_11, mef_stat_11_status, cfd, "
        "cfd_status, corrected_cfd, is_cfd_corrected from staging.stg_parcoursup__bts_offres "
        "where uai = '0141274J' and mef_stat_11 = '32211025001' and enrolment_status = 'apprentissage' order by 1"
    ) == [
        (1230, 10, 35, "32211025001", "valid", "32025001", "valid", "32025001", False),
        (1231, None, 24, "32211025001", "valid", "32025001", "valid", "32025001", False),
    ]


def test_affelnet_campaigns_are_one_source_each_and_keep_lettered_mef_stat_11(nightly_samples):
    workspace, _ = nightly_samples
    assert _loaded(workspace, "affelnet_offre_2021", "affelnet_offre_2022") == {
        "affelnet_offre_2021": 1000,
        "affelnet_offre_2022": 3000,
    }
    assert workspace.query(
        "select source_id, campaign_year, count(*), count(final_year_mef_stat_11), "
        "count(*) filter (where uai_status = 'valid' and mef_stat_11_status = 'valid'), "
        "count(*) filter (where not is_apprenticeship) from staging.stg_affelnet__offres group by 1, 2 order by 1"
    ) == [("affelnet_offre_2021", 2021, 1000, 731, 1000, 1000), ("affelnet_offre_2022", 2022, 3000, 2259, 3000, 3000)]
    # A certificat de spécialisation MEF STAT 11 has a letter in third position: valid, offered on two lines.
    assert workspace.query(
        "select source_row_number, uai, mef_stat_11, mef_stat_11_status, capacity, first_wish_count, "
        "uai_mef_line_count from staging.stg_affelnet__offres "
        "where source_id = 'affelnet_offre_2021' and uai = '0061478Z' and mef_stat_11 = '23C10022408' order by 1"
    ) == [(610, "0061478Z", "23C10022408", "valid", 15, 3, 2), (611, "0061478Z", "23C10022408", "valid", 15, 9, 2)]


def test_constat_de_rentree_counts_pupils_per_uai_and_mef(nightly_samples):
    workspace, _ = nightly_samples
    assert _loaded(workspace, "constat_rentree") == {"constat_rentree": 3000}
    assert workspace.query(
        "select school_year, count(*), sum(pupil_count), count(*) filter (where mef_stat_11_status = 'valid') "
        "from staging.stg_constat_rentree__effectifs group by 1"
    ) == [(2020, 3000, 58894, 3000)]
    assert workspace.query(
        "select uai, uai_status, mef_stat_11, mef_stat_11_status, pupil_count "
        "from staging.stg_constat_rentree__effectifs where source_row_number = 72"
    ) == [("0750707L", "valid", "32A21031403", "valid", 84)]


def test_catalogue_establishments_qualify_siret_uai_and_nda(nightly_samples):
    workspace, _ = nightly_samples
    assert _loaded(workspace, "catalogue_apprentissage") == {"catalogue_apprentissage": 2}
    assert workspace.query(
        "select siret, siret_status, siren, uai, uai_status, is_uai_validated, rco_uai, nda, nda_status, "
        "head_office_siret, is_head_office, is_closed, closed_on, is_published "
        "from staging.stg_catalogue_apprentissage__etablissements order by source_row_number"
    ) == [
        (
            "49917930700024",
            "valid",
            "499179307",
            "0312755B",
            "valid",
            True,
            "0312755B",
            "76310960131",
            "valid",
            "49917930700032",
            False,
            True,
            date(2023, 1, 9),
            False,
        ),
        # Open establishment: the catalogue writes 1970-01-01 as its closing date; not a date.
        (
            "30677271600024",
            "valid",
            "306772716",
            "0251893X",
            "valid",
            True,
            "0251893X",
            "43250000425",
            "valid",
            "30677271600024",
            True,
            False,
            None,
            True,
        ),
    ]


def test_remote_mode_downloads_the_catalogue_api_response(workspace, server, sleeps, monkeypatch):
    catalogue = SOURCES["catalogue_apprentissage"]
    body = workspace.sample(catalogue.sample).read_bytes()
    server.routes["/api/v1/entity/etablissements"] = lambda handler, n: (
        send(handler, 503) if n == 1 else send(handler, 200, body, content_type="application/json")
    )
    monkeypatch.setenv("REFERENTIELS_SOURCE_MODE", "remote")
    source = dataclasses.replace(catalogue, url=server.url("/api/v1/entity/etablissements"))
    result = load_source(source, D1, get_settings())
    assert result.row_count == 2
    assert result.landed.origin == server.url("/api/v1/entity/etablissements")
    assert result.landed.path.name == "catalogue_apprentissage.json"
    assert result.landed.path.read_bytes() == body
    assert len(sleeps) == 1
