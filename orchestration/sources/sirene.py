"""INSEE SIRENE stock files: establishments, their historical periods and their succession links.

The national files hold about 40 million establishments: they are streamed and only the SIRENs carried by
the other sources are kept, so memory does not grow with the file.
"""

from orchestration.registry import Column, Source

_COMMON = {
    "producer": "INSEE (répertoire Sirene)",
    "licence": "Licence Ouverte 2.0 (diffusion partielle pour les unités statutDiffusion = P)",
    "format": "zip",
    "encoding": "utf-8",
    "separator": ",",
    "cadence": "mensuelle",
    "update_days": 45,
    "identifiers": ("siren", "siret"),
    "granularity": "site",
}

SOURCES = [
    Source(
        id="sirene_etablissement",
        dataset="Base Sirene — StockEtablissement",
        description="État courant des établissements (SIRET) : état administratif, date de création, siège, adresse.",
        url="https://files.data.gouv.fr/insee-sirene/StockEtablissement_utf8.zip",
        archive_member="StockEtablissement_utf8.csv",
        sample="sirene_etablissement/sample_etablissements_OK.csv",
        key=("siret",),
        filter_siren_column="siret",
        columns=(
            Column("siren", required=True),
            Column("siret", required=True),
            Column("datecreationetablissement"),
            Column("etablissementsiege"),
            Column("datedebut", required=True),
            Column("etatadministratifetablissement", required=True),
            Column("enseigne1etablissement"),
            Column("denominationusuelleetablissement"),
            Column("activiteprincipaleetablissement"),
            Column("codepostaletablissement"),
            Column("codecommuneetablissement"),
            Column("libellecommuneetablissement"),
        ),
        **_COMMON,
    ),
    Source(
        id="sirene_etablissement_historique",
        dataset="Base Sirene — StockEtablissementHistorique",
        description="Périodes successives de chaque établissement : état administratif (A/F), enseignes, activité.",
        url="https://files.data.gouv.fr/insee-sirene/StockEtablissementHistorique_utf8.zip",
        access_note="Aucun extrait public réel : source téléchargée seulement (ignorée en mode échantillon).",
        archive_member="StockEtablissementHistorique_utf8.csv",
        sample=None,
        key=("siret", "datedebut"),
        filter_siren_column="siret",
        columns=(
            Column("siren", required=True),
            Column("siret", required=True),
            Column("datefin"),
            Column("datedebut", required=True),
            Column("etatadministratifetablissement", required=True),
            Column("changementetatadministratifetablissement"),
        ),
        **_COMMON,
    ),
    Source(
        id="sirene_liens_succession",
        dataset="Base Sirene — StockEtablissementLiensSuccession",
        description="Liens datés entre SIRET prédécesseur et successeur (transfert de siège, continuité économique).",
        url="https://files.data.gouv.fr/insee-sirene/StockEtablissementLiensSuccession_utf8.zip",
        archive_member="StockEtablissementLiensSuccession_utf8.csv",
        sample="sirene_etablissement/StockEtablissementLiensSuccession_extrait_siren381194299.tsv",
        key=("siretetablissementpredecesseur", "siretetablissementsuccesseur", "dateliensuccession"),
        filter_siren_column="siretetablissementpredecesseur",
        columns=(
            Column("siretetablissementpredecesseur", required=True),
            Column("siretetablissementsuccesseur", required=True),
            Column("dateliensuccession", required=True),
            Column("transfertsiege"),
            Column("continuiteeconomique"),
            Column("datederniertraitementliensuccession"),
        ),
        **_COMMON,
    ),
]
