"""The source registry drives the README and the published `sources` table: they must not drift apart."""

from orchestration.registry import SOURCES, readme_section, registry_rows
from tests.conftest import PROJECT_DIR


def test_readme_source_list_is_generated_from_the_registry():
    readme = (PROJECT_DIR / "README.md").read_text()
    assert readme_section() in readme, "run `make readme-sources` after changing orchestration/sources/"


def test_every_source_ships_its_sample_with_provenance_or_says_why_not():
    for source in SOURCES.values():
        if source.sample is None:
            assert source.corrections_file or "Aucun extrait public" in source.access_note, source.id
            continue
        sample = PROJECT_DIR / "data" / "samples" / source.sample
        assert sample.is_file(), source.id
        assert (sample.parent / "PROVENANCE.md").is_file(), source.id


def test_registry_rows_describe_each_source():
    rows = {row["source_id"]: row for row in registry_rows()}
    assert len(rows) == 47
    assert sorted(source_id for source_id, row in rows.items() if row["is_synthetic"]) == [
        "synthetic_deca",
        "synthetic_sifa",
    ]
    assert all("SYNTHÉTIQUE" in rows[s]["dataset"] for s in ("synthetic_deca", "synthetic_sifa"))
    assert {"acce_uai", "corrections_uai_siret", "dgefp_liste_of", "kit_apprentissage_20250131", "rncp_xml"} <= set(
        rows
    )
    assert rows["bcn_n_formation_diplome"]["http_method"] == "POST"
    assert rows["acce_uai"]["archive_member"] == "ACCE_UAI.csv"
    assert rows["sirene_liens_succession"]["archive_member"] == "StockEtablissementLiensSuccession_utf8.csv"
    assert rows["annuaire_education"]["licence"] == "Licence Ouverte 2.0"
    assert rows["dgefp_liste_of"]["sample_file"] is None
    assert rows["depp_cfa_sous_convention"]["required_columns"] == (
        "numero_uai, nature_uai, numero_siren_siret_uai, date_ouverture"
    )
