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


def _load(*source_ids: str) -> dict[str, int]:
    return {source_id: load_source(SOURCES[source_id], D1, get_settings()).row_count for source_id in source_ids}


def _build(workspace, selector: str) -> None:
    result = workspace.dbt_build(D1, selector)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "WARN=0" in result.stdout, result.stdout[-4000:]


def test_inserjeunes_per_cfa_rates_are_numbers_and_uais_are_valid(workspace):
    result = load_source(SOURCES["inserjeunes_cfa"], D1, get_settings())
    assert (result.row_count, result.report.encoding) == (976, "utf-8-sig")
    assert result.report.unmapped_columns == ["num_ligne"]  # artefact of the public copy, not declared
    _build(workspace, "stg_inserjeunes__cfa")
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


def test_insersup_fixture_gives_uai_and_sise_with_decimal_commas_read(workspace):
    assert _load("insersup") == {"insersup": 1}
    _build(workspace, "stg_insersup__formations")
    assert workspace.query(
        "select is_aggregate, uai, uai_status, sise, sise_status, academic_year, leaver_count, "
        "further_study_rate, employment_rate_6_months from staging.stg_insersup__formations"
    ) == [(False, "0062205P", "valid", "2400074", "valid", "2020-2021", 54, Decimal("54.60"), Decimal("19.30"))]


def test_parcoursup_bts_keeps_each_line_with_its_mef_and_cfd(workspace):
    assert _load("parcoursup_bts_capacite") == {"parcoursup_bts_capacite": 1500}
    _build(workspace, "stg_parcoursup__bts_offres")
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


def test_affelnet_campaigns_are_one_source_each_and_keep_lettered_mef_stat_11(workspace):
    assert _load("affelnet_offre_2021", "affelnet_offre_2022") == {
        "affelnet_offre_2021": 1000,
        "affelnet_offre_2022": 3000,
    }
    _build(workspace, "stg_affelnet__offres")
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


def test_constat_de_rentree_counts_pupils_per_uai_and_mef(workspace):
    assert _load("constat_rentree") == {"constat_rentree": 3000}
    _build(workspace, "stg_constat_rentree__effectifs")
    assert workspace.query(
        "select school_year, count(*), sum(pupil_count), count(*) filter (where mef_stat_11_status = 'valid') "
        "from staging.stg_constat_rentree__effectifs group by 1"
    ) == [(2020, 3000, 58894, 3000)]
    assert workspace.query(
        "select uai, uai_status, mef_stat_11, mef_stat_11_status, pupil_count "
        "from staging.stg_constat_rentree__effectifs where source_row_number = 72"
    ) == [("0750707L", "valid", "32A21031403", "valid", 84)]


def test_catalogue_establishments_qualify_siret_uai_and_nda(workspace):
    assert _load("catalogue_apprentissage") == {"catalogue_apprentissage": 2}
    _build(workspace, "stg_catalogue_apprentissage__etablissements")
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
