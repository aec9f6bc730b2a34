"""Référentiel des niveaux de prise en charge (NPEC) des contrats d'apprentissage (France compétences).

Since 2022 the workbook is keyed by RNCP + CPNE (no CFD any more): sheet "Onglet 3 - référentiel NPEC" holds
one amount per (RNCP, CPNE), sheet "Onglet 4 - CPNE-IDCC" the collective agreements (IDCC) of each CPNE. Both
sheets put a title block above the table, hence the declared header rows. "Onglet 2 - global" is a wide pivot
of the same amounts and is not loaded. Earlier layouts (2019–2021, with a CFD column) need their own source.

Download: each revision is a new, dated file name (`Referentiel-des-NPEC-15.07.2024_vMAJ-18.07.2024.xlsx`)
linked from the paginated « référentiels et bases de données » listing; the newest `*npec*.xlsx` link is taken
(`extra["page_link"]`, orchestration/ingest/resolvers.py). Old `.xlsb.zip` files are ignored.
"""

from orchestration.registry import Column, Source

_FILE = "npec/Referentiel-des-NPEC-15.07.2024_vMAJ-18.07.2024.xlsx"
_LISTING = (
    "https://www.francecompetences.fr/referentiels-et-bases-de-donnees/?thematics=financement-de-la-formation-"
    "professionnelle-et-de-lapprentissage&group=referentiels&paged={page}"
)
_PAGE_LINK = {"pages": [_LISTING], "file": "*npec*.xlsx"}
_COMMON = {
    "producer": "France compétences",
    "url": "https://www.francecompetences.fr/referentiels-et-bases-de-donnees/",
    "access_note": (
        "Classeur publié à chaque révision sur la page « référentiels et bases de données » (nom de fichier "
        "daté, sans URL stable) : le lien `*npec*.xlsx` le plus récent des pages de la liste est téléchargé. "
        "Échantillon : version du 15/07/2024 (mise à jour du 18/07/2024), copie de test du dépôt "
        "mission-apprentissage/api-apprentissage."
    ),
    "licence": "Non précisée (à confirmer auprès de France compétences)",
    "format": "xlsx",
    "encoding": "xlsx",
    "separator": "",
    "cadence": "à chaque révision des NPEC (version datée)",
    # Revisions come a few times a year, irregularly: the looser annual limit.
    "update_days": 400,
    "granularity": "certification",
    "sample": _FILE,
}

SOURCES = [
    Source(
        id="npec_referentiel",
        dataset="Référentiel des NPEC — onglet 3, référentiel NPEC",
        description=(
            "Niveau de prise en charge (montant annuel en euros) de chaque certification RNCP par CPNE, avec "
            "son statut et sa date d'applicabilité."
        ),
        identifiers=("rncp", "cpne"),
        key=("rncp", "code_cpne"),
        extra={
            "sheet": "Onglet 3 - référentiel NPEC",
            "header_row": 4,
            "page_link": _PAGE_LINK,
        },
        columns=(
            Column("rncp", required=True),
            Column("libelle_de_la_formation"),
            Column(
                "certificateur",
                aliases=("Certificateur* (*liste non exhaustive - premier dans la fiche RNCP)",),
            ),
            Column("type_de_diplome"),
            Column("code_cpne", required=True),
            Column("cpne"),
            Column("npec_final", required=True),
            Column("statut"),
            Column(
                "date_d_applicabilite_des_npec",
                aliases=(
                    "Date d'applicabilité des NPEC** (**hors contrats couverts par la valeur d'amorçage + voir "
                    'onglet "Me lire")',
                ),
            ),
        ),
        **_COMMON,
    ),
    Source(
        id="npec_cpne_idcc",
        dataset="Référentiel des NPEC — onglet 4, CPNE-IDCC",
        description="Conventions collectives (IDCC) rattachées à chaque CPNE : une ligne par couple (CPNE, IDCC).",
        identifiers=("cpne", "idcc"),
        key=("code_cpne", "idcc"),
        extra={"sheet": "Onglet 4 - CPNE-IDCC", "header_row": 3, "page_link": _PAGE_LINK},
        columns=(
            Column("code_cpne", required=True),
            Column("cpne"),
            Column("idcc", required=True),
        ),
        **_COMMON,
    ),
]
