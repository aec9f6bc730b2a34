"""InserSup (MESR-SIES): outcomes of higher-education graduates per establishment (UAI) and SISE diploma.

The shipped sample is a fixture of the private InserSup API (Omogen gateway, `X-Omogen-Api-Key` header, base
URL not published): one record per UAI × SISE diploma × academic year under `results`, every value a string
(decimal comma, `nd`/`na`). That API cannot be called without a key. The download reads the open dataset
`fr-esr-insersup` instead (JSON export, a plain array), which carries the same identifier fields
(`etablissement`, `diplome`) with other dimensions (`promo`, …): columns missing from one layout stay empty.
"""

from orchestration.registry import Column, Source

_MONTHS = (6, 12, 18, 24)

SOURCE = Source(
    id="insersup",
    producer="MESR — SIES (InserSup)",
    dataset="InserSup : insertion professionnelle des diplômés de l'enseignement supérieur (fr-esr-insersup)",
    description=(
        "Une ligne par établissement (UAI, ou agrégat `UNIV` / `all`), diplôme SISE et année universitaire "
        "ou promotion : inscrits, diplômés, sortants, poursuivants, taux de poursuite et taux de présence en "
        "emploi salarié (DSN) à 6, 12, 18 et 24 mois. Valeurs en texte, virgule décimale, `nd` / `na`."
    ),
    url=(
        "https://data.enseignementsup-recherche.gouv.fr/api/explore/v2.1/catalog/datasets/fr-esr-insersup/exports/json"
    ),
    access_note=(
        "Échantillon : fixture de l'API privée InserSup (passerelle Omogen, clé `X-Omogen-Api-Key` requise, "
        "URL non publiée ; non branchée), copiée du dépôt mission-apprentissage/trajectoires-pro ; format "
        "seulement, valeurs non vérifiées. Le téléchargement lit l'export JSON du jeu ouvert fr-esr-insersup "
        "(mêmes champs `etablissement` et `diplome`)."
    ),
    licence="Licence Ouverte 2.0",
    format="json",
    encoding="utf-8",
    separator="",
    cadence="semestrielle",
    update_days=200,
    identifiers=("uai", "sise"),
    granularity="offre",
    sample="insersup/insersup_api_fixture_formations.json",
    key=("etablissement", "diplome", "annee_universitaire"),
    extra={"records_key": "results"},
    columns=(
        Column("etablissement", required=True),
        Column("diplome", required=True),
        Column("libelle_diplome"),
        Column("type_diplome_long"),
        Column("denomination_principale"),
        Column("annee_universitaire"),
        Column("promo"),
        Column("nb_inscrits"),
        Column("nb_diplomes"),
        Column("nb_sortants"),
        Column("nb_poursuivants"),
        Column("taux_poursuivant"),
        *(Column(f"taux_in_dsn_{months}") for months in _MONTHS),
    ),
)
