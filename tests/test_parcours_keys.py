"""The wish → contract join path (mart_parcours_keys) on the nightly run of the real samples."""

import dataclasses
import json

import pytest

from orchestration.ingest.loader import load_source
from orchestration.registry import SOURCES
from orchestration.settings import get_settings
from tests.conftest import NIGHTLY_AS_OF
from tests.http_server import send

# (wish dataset, first broken step, reason, producer source) → offers, on the real samples.
EXPECTED_BREAKS = {
    ("affelnet_offre_2021", "cfd_to_rncp", "pas de lien", "kit_apprentissage_20250131"): 245,
    ("affelnet_offre_2021", "mef_stat_11_to_cfd", "code inconnu", "bcn_n_mef"): 83,
    ("affelnet_offre_2021", "uai_to_siret", "code inconnu", "acce_uai"): 528,
    ("affelnet_offre_2021", None, None, None): 144,
    ("affelnet_offre_2022", "cfd_to_rncp", "pas de lien", "kit_apprentissage_20250131"): 633,
    ("affelnet_offre_2022", "mef_stat_11_to_cfd", "code inconnu", "bcn_n_mef"): 383,
    ("affelnet_offre_2022", "mef_stat_11_to_cfd", "pas de lien", "bcn_n_mef"): 31,
    ("affelnet_offre_2022", "uai_to_siret", "code inconnu", "acce_uai"): 1749,
    ("affelnet_offre_2022", None, None, None): 204,
    ("parcoursup_bts_capacite", "cfd_to_rncp", "code inconnu", "bcn_n_formation_diplome"): 113,
    ("parcoursup_bts_capacite", "cfd_to_rncp", "pas de lien", "kit_apprentissage_20250131"): 257,
    ("parcoursup_bts_capacite", "uai_to_siret", "code inconnu", "acce_uai"): 940,
    ("parcoursup_bts_capacite", "uai_to_siret", "pas de lien", "referentiel_organismes"): 1,
    ("parcoursup_bts_capacite", None, None, None): 189,
}


@pytest.fixture(scope="module")
def nightly(nightly_samples):
    workspace, result = nightly_samples
    assert result.success
    return workspace


def test_offers_break_where_expected(nightly):
    rows = nightly.query(
        "select source_id, break_step, break_reason, producer_source_id, count(*) from mart_parcours_keys group by all",
        database=nightly.publication,
    )
    assert {tuple(row[:4]): row[4] for row in rows} == EXPECTED_BREAKS
    followable = nightly.query(
        "select count(*) from mart_parcours_keys where is_followable and is_apprenticeship",
        database=nightly.publication,
    )
    # Affelnet's extracts hold school offers only (statut ST); 861 Parcoursup offers are apprenticeship offers.
    assert followable == [(140,)]


def test_steps_agree_with_the_published_correspondences(nightly):
    """Parcoursup offers publish their CFD: recompute each step from corr_cfd_rncp and corr_uai_siret."""
    [(reference_date,)] = nightly.query(
        "select distinct reference_date from mart_parcours_keys where source_id = 'parcoursup_bts_capacite'",
        database=nightly.publication,
    )

    def valid(start, end):
        return (start is None or start <= reference_date) and (end is None or end > reference_date)

    cfd_with_rncp = {
        cfd
        for cfd, start, end in nightly.query(
            "select cfd, valid_from, valid_to from corr_cfd_rncp"
            " where is_current and rule = 'asserted' and rncp is not null",
            database=nightly.publication,
        )
        if valid(start, end)
    }
    uai_with_siret = {
        uai
        for uai, start, end in nightly.query(
            "select uai, valid_from, valid_to from corr_uai_siret"
            " where is_current and confidence not in ('invalid', 'rejected')",
            database=nightly.publication,
        )
        if valid(start, end)
    }
    offers = nightly.query(
        "select cfd, uai, is_followable, break_step from mart_parcours_keys"
        " where source_id = 'parcoursup_bts_capacite'",
        database=nightly.publication,
    )
    assert len(offers) == 1500
    for cfd, uai, followable, step in offers:
        expected_step = (
            "cfd_to_rncp" if cfd not in cfd_with_rncp else "uai_to_siret" if uai not in uai_with_siret else None
        )
        assert (step, followable) == (expected_step, expected_step is None), (cfd, uai)
    # usage_coverage counts 1 130 Parcoursup rows whose CFD resolves to an RNCP: the same rows pass that step.
    assert sum(cfd in cfd_with_rncp for cfd, *_ in offers) == 1130


def test_catalogue_offers_are_downloaded_decoded_and_followed(nightly_samples, server, tmp_path, monkeypatch):
    """Remote mode only (no public sample): the API response is served locally. The first key is the real one
    documented in identifiers.md §8, given the CFD and gestionnaire UAI of an offer that Parcoursup follows end to
    end; the second is the same key cut short."""
    workspace = nightly_samples[0].copy(tmp_path / "copy")
    workspace.activate(monkeypatch)
    offer = {"cfd": "32031409", "etablissement_gestionnaire_uai": "0133836Z", "published": True}
    body = json.dumps(
        {
            "formations": [
                {"cle_ministere_educatif": "082581P012X1300279230016313002792300171-33063#L01", **offer},
                {"cle_ministere_educatif": "082581P012X13002792300163-33063#L01", **offer},
            ]
        }
    ).encode()
    server.routes["/api/v1/entity/formations"] = lambda handler, n: send(
        handler, 200, body, content_type="application/json"
    )
    monkeypatch.setenv("REFERENTIELS_SOURCE_MODE", "remote")
    source = dataclasses.replace(SOURCES["catalogue_formations"], url=server.url("/api/v1/entity/formations"))
    assert load_source(source, NIGHTLY_AS_OF, get_settings()).row_count == 2

    workspace.dbt_build(NIGHTLY_AS_OF, "stg_catalogue_apprentissage__formations", "mart_parcours_keys", command="run")
    assert workspace.query(
        "select cme_status, cme_gestionnaire_siret, cme_formateur_siret, cme_commune_code, cme_site_index"
        " from staging.stg_catalogue_apprentissage__formations order by source_row_number"
    ) == [("valid", "13002792300163", "13002792300171", "33063", "L01"), ("invalid_format", None, None, None, None)]
    assert workspace.query(
        "select wish_key_type, is_followable, siret, break_step, break_identifier, break_reason, producer_source_id"
        " from marts.mart_parcours_keys where source_id = 'catalogue_formations' order by source_row_number"
    ) == [
        ("cle_ministere_educatif", True, "18130002100225", None, None, None, None),
        (
            "cle_ministere_educatif",
            False,
            "18130002100225",
            "wish_key",
            "cle_ministere_educatif",
            "identifiant invalide",
            "catalogue_formations",
        ),
    ]
