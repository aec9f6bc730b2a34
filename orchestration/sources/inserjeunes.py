"""InserJeunes (DEPP + DARES): outcome indicators of apprentices, one row per CFA (UAI) and millésime.

The per-CFA open file carries no formation code: the UAI is its only identifier (sources.md §3.1). Rates are
published as floats (`29.0`) and masked below 20 apprentices (empty cells). The shipped extract (Bretagne and
Centre-Val de Loire) comes from a public copy that appended an undocumented `num_ligne` column: it is not
declared, so it stays unmapped.
"""

from orchestration.registry import Column, Source

_RATES = (
    "devenir_part_poursuite_etudes",
    "devenir_part_en_emploi_6_mois",
    "devenir_part_autre_situation_6_mois",
    "part_contrats_apprentissage_interrompus",
    "taux_poursuite_etudes",
    "taux_emploi_6_mois",
    "taux_emploi_6_mois_attendu",
    "va_emploi_6_mois",
    "taux_emploi_12_mois",
    "taux_emploi_18_mois",
    "taux_emploi_24_mois",
)

SOURCE = Source(
    id="inserjeunes_cfa",
    producer="MENJ — DEPP et DARES (InserJeunes)",
    dataset="InserJeunes apprentissage par centre de formation d'apprentis (fr-en-inserjeunes-cfa)",
    description=(
        "Une ligne par CFA (UAI) et millésime (deux promotions cumulées, `cumul 2022-2023`) : parts en "
        "poursuite d'études, en emploi et autre situation à 6 mois, taux d'emploi à 6, 12, 18 et 24 mois, "
        "valeur ajoutée, part des contrats interrompus. Aucun code de formation ; valeurs masquées sous 20 "
        "apprentis."
    ),
    url=(
        "https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets/fr-en-inserjeunes-cfa/exports/"
        "csv?use_labels=true&delimiter=%3B"
    ),
    access_note=(
        "Export CSV (en-têtes en libellés) du jeu ouvert de data.education.gouv.fr, repris sur data.gouv.fr. "
        "Échantillon : lignes Bretagne et Centre-Val de Loire d'une copie publique (dépôt "
        "HugoSRagain/AnalyseCFA-DonneesInserJeunes), qui ajoute une colonne `num_ligne` non documentée."
    ),
    licence="Licence Ouverte 2.0",
    format="csv",
    encoding="utf-8",
    separator=";",
    cadence="annuelle (nouveau millésime)",
    update_days=400,
    identifiers=("uai",),
    granularity="organisme",
    sample="inserjeunes_cfa/fr-en-inserjeunes-cfa_extract_bretagne_centre.csv",
    key=("annee", "uai"),
    columns=(
        Column("annee", required=True),
        Column("uai", required=True),
        Column("libelle"),
        Column("region"),
        *(Column(rate) for rate in _RATES),
    ),
)
