"""National volumes of each sample file (scale 1.0), with the origin of every figure.

`rows` is the number of data rows the generator writes at scale 1.0; at scale s it writes round(rows × s)
(at least 1). Files of `KEPT` are copied byte for byte whatever the scale (complete nomenclatures, formats the
generator does not rewrite). Origins: "issue" = issue 7 ("National scale"); "sources.md" / "peers.md" =
/work/shared/docs; "hypothèse" = an order of magnitude chosen here, to be confirmed by the lead.
"""

from __future__ import annotations

from typing import NamedTuple


class Volume(NamedTuple):
    rows: int
    origin: str


VOLUMES: dict[str, Volume] = {
    # UAI referentials
    "acce/ACCE_UAI.csv": Volume(360_000, "issue : ~90 000 UAI ouvertes, « plusieurs fois plus » avec les fermées (×4)"),
    "acce/ACCE_UAI_MERE.csv": Volume(60_000, "hypothèse : rattachements mère, ~1 UAI sur 6"),
    "acce/ACCE_UAI_FILLE.csv": Volume(60_000, "hypothèse : symétrique des rattachements mère"),
    "acce/CFASousConvRegionale_latest-UAI.csv": Volume(933, "sources.md : fichier complet (933 lignes)"),
    "annuaire_education/fr-en-annuaire-education_extrait_35.csv": Volume(66_000, "sources.md : ~66 000 lignes"),
    # Training bodies and UAI↔SIRET couples
    "uai_siret_couples/referentiel_organismes_extrait.json": Volume(
        60_000, "sources.md : API du référentiel ONISEP, items_par_page=60000 (plafond AA)"
    ),
    "uai_siret_couples/fiabilisation.fixture.json": Volume(50_000, "hypothèse : couples TDB fiabilisation"),
    "uai_siret_couples/referentiel-reseau-en.csv": Volume(5_000, "hypothèse : réseau Éducation nationale"),
    "uai_siret_couples/referentiel-reseau-greta.csv": Volume(1_500, "hypothèse : réseau GRETA"),
    "uai_siret_couples/referentiel-reseau-mfr.csv": Volume(500, "hypothèse : réseau MFR (~420 dans l'extrait)"),
    "catalogue_apprentissage/catalogue_etablissements_fixture.json": Volume(
        20_000, "hypothèse : établissements du catalogue (63 930 formations en 2025, sources.md)"
    ),
    # SIRENE
    "sirene_etablissement/sample_etablissements_OK.csv": Volume(40_000_000, "issue : SIRENE ~40 M établissements"),
    "sirene_etablissement/StockEtablissementLiensSuccession_extrait_siren381194299.tsv": Volume(
        2_500_000, "hypothèse : liens de succession INSEE"
    ),
    # Diplomas (BCN, Certif Info, DGESCO, Kit)
    "bcn_n_formation_diplome/N_FORMATION_DIPLOME.csv": Volume(
        6_000, "issue : ~15 000 CFD sur l'historique (N_FORMATION_DIPLOME 3 923 lignes actuelles, sources.md)"
    ),
    "bcn_n_formation_diplome_enquete_51/N_FORMATION_DIPLOME_ENQUETE_51.csv": Volume(
        9_000, "issue : ~15 000 CFD sur l'historique (ENQUETE_51 6 954 lignes actuelles, sources.md)"
    ),
    "bcn_v_formation_diplome/V_FORMATION_DIPLOME.csv": Volume(11_261, "sources.md : 11 261 lignes en 2025"),
    "bcn_n_mef/N_MEF.csv": Volume(60_000, "issue : 60 000 MEF sur l'historique (10 067 actuels, sources.md)"),
    "bcn_n_groupe_formation/N_LIEN_FORMATION_GROUPE.csv": Volume(148, "sources.md : fichier complet"),
    "certifinfo_cfd_aligned/certif_info.csv": Volume(10_067, "sources.md : Certif Info 10 067 lignes"),
    "cfd_rncp/diplomesProfessionnels.csv": Volume(577, "sources.md : liste DGESCO complète (577 lignes)"),
    "kit_apprentissage/Kit apprentissage et RNCP v1.0.csv": Volume(7_000, "issue : Kit ~7 000 lignes"),
    "kit_apprentissage/Kit apprentissage et RNCP v3.0.csv": Volume(7_000, "issue : Kit ~7 000 lignes"),
    "kit_apprentissage/Kit_apprentissage_20231218.csv": Volume(5_707, "peers.md : Kit 2023-12-18, 5 707 lignes"),
    # RNCP / RS export
    "rncp_export/csv_2024_02_22/export_fiches_CSV_Standard_2024_02_22.csv": Volume(
        40_000, "issue : ~40 000 fiches RNCP/RS"
    ),
    "rncp_export/csv_2024_02_22/export_fiches_CSV_VoixdAccès_2024_02_22.csv": Volume(
        150_000, "hypothèse : ~3,7 voies d'accès par fiche (ratio de l'extrait)"
    ),
    "rncp_export/csv_2024_02_22/export_fiches_CSV_Ancienne_Nouvelle_Certification_2024_02_22.csv": Volume(
        30_000, "hypothèse : ~0,75 lien ancienne/nouvelle par fiche"
    ),
    "rncp_export/csv_2024_02_22/export_fiches_CSV_Certificateurs_2024_02_22.csv": Volume(
        60_000, "hypothèse : ~1,5 certificateur par fiche"
    ),
    # Offer and outcomes
    "affelnet_offre/attractivite_capacite_2021_extract.csv": Volume(19_641, "sources.md : fichier 2022 complet"),
    "affelnet_offre/attractivite_capacite_2022_extract.csv": Volume(19_641, "sources.md : 19 641 lignes"),
    "constat_rentree/constat_2020_extract.csv": Volume(100_000, "hypothèse : (UAI, MEF) des lycées"),
    "parcoursup_bts_capacite/BTS_attractivite_capacite_2022_extract.csv": Volume(
        20_000, "issue : « des dizaines de milliers » de lignes Parcoursup"
    ),
    "inserjeunes_cfa/fr-en-inserjeunes-cfa_extract_bretagne_centre.csv": Volume(
        30_000, "issue : « des dizaines de milliers » de lignes InserJeunes"
    ),
    "insersup/insersup_api_fixture_formations.json": Volume(20_000, "hypothèse : formations InserSup"),
}

# Copied as shipped: complete nomenclatures (same size nationally) and formats not rewritten (XLSX, XML).
KEPT: dict[str, str] = {
    "bcn_n_niveau_formation_diplome/N_NIVEAU_FORMATION_DIPLOME.csv": "nomenclature complète",
    "bcn_n_dispositif_formation/N_DISPOSITIF_FORMATION.csv": "nomenclature complète",
    "bcn_n_groupe_formation/N_GROUPE_FORMATION.csv": "nomenclature complète",
    "bcn_n_groupe_formation/N_TYPE_GROUPE_FORMATION.csv": "nomenclature complète",
    "kit_apprentissage/Kit_apprentissage_20250131.xlsx": "XLSX, déjà complet (6 822 lignes)",
    "npec/Referentiel-des-NPEC-15.07.2024_vMAJ-18.07.2024.xlsx": "XLSX (~1 000 lignes)",
    "rncp_export/xml_v4_1/export-fiches-rncp-extract_RNCP35340.xml": "XML, une fiche",
}

# Figures of the issue without any source in the registry (no sample, not public): not generated.
NOT_GENERATED = {
    "contrats d'apprentissage (DECA)": "~900 000 par an (issue) : aucune source déclarée, données personnelles",
    "SIRENE historique (périodes)": "source sans échantillon (sample=None) : ignorée en mode échantillon",
    "liste publique des OF (DGEFP)": "~148 000 organismes (issue) : source sans échantillon, ignorée",
}
