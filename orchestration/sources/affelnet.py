"""Affelnet lycée (post-3e assignment): capacity and first-wish demand per host establishment × MEF STAT 11.

These « attractivité / capacité » files are not an open dataset: the only public copies are the yearly files
loaded by Orion (mission-apprentissage/tjp-pilotage, MIT), `server/static/files/<year>/`. Each campaign's file
is frozen, so there is one source per file, like the Kit versions (kit_apprentissage.py): loading both keeps
the codes of each campaign side by side (MEF STAT 11 codes change with diploma renovations), where a single
"newest" source would lose the older campaign. `extra["campaign"]` is the campaign year. The shipped extracts
(first rows of each file) hold school-status offers (`ST`) only; the last three columns are Orion additions.
"""

from orchestration.registry import Column, Source

# Orion's public copies, pinned to the commit named in the samples' PROVENANCE.md files: a frozen campaign
# file must not change under a branch name. Shared with the Parcoursup BTS and constat de rentrée files.
TJP_PILOTAGE_FILES = (
    "https://raw.githubusercontent.com/mission-apprentissage/tjp-pilotage/"
    "f1c9eb234470d26e09d23009b7ce30f7dd94a030/server/static/files/"
)
TJP_PILOTAGE_LICENCE = "Non précisée (copie publique du dépôt tjp-pilotage sous licence MIT ; à confirmer)"


def tjp_pilotage_note(path: str, producer_note: str) -> str:
    """The access note of a file known only through Orion's public copy."""
    return (
        f"{producer_note} Seule copie publique connue : fichier chargé par Orion, dépôt "
        f"mission-apprentissage/tjp-pilotage ({path}), figé au commit cité dans PROVENANCE.md."
    )


def _campaign(year: str, sample: str) -> Source:
    path = f"server/static/files/{year}/attractivite_capacite_{year}.csv"
    return Source(
        id=f"affelnet_offre_{year}",
        producer="MENJ — DNE (Affelnet lycée)",
        dataset=f"Affelnet lycée — attractivité et capacité des offres, campagne {year}",
        description=(
            f"Offres de la campagne {year} d'affectation après la 3e : une ligne par établissement d'accueil "
            "(UAI) et MEF STAT 11, avec le statut de l'offre (`ST` scolaire, `AP` apprentissage), le vœu de "
            "recensement, la capacité carte scolaire et les demandes en vœu 1 ; famille de métiers et MEF STAT "
            "11 de l'année terminale ajoutés par Orion."
        ),
        url=TJP_PILOTAGE_FILES + f"{year}/attractivite_capacite_{year}.csv",
        access_note=tjp_pilotage_note(path, "Fichier d'offres Affelnet, pas de jeu ouvert catalogué."),
        licence=TJP_PILOTAGE_LICENCE,
        format="csv",
        encoding="utf-8",
        separator=";",
        cadence=f"version figée (campagne {year} ; un fichier par campagne annuelle)",
        update_days=None,  # the URL pins a commit of the copy: its bytes can never change
        identifiers=("uai", "mef_stat_11"),
        granularity="offre",
        sample=sample,
        key=("etablissement_d_accueil", "mef_stat_11"),
        extra={"campaign": year},
        columns=(
            Column("etablissement_d_accueil", required=True),
            Column("mef_stat_11", required=True),
            Column("voeu_de_recensement_o_n"),
            Column("statut_offre_de_formation"),
            Column("capacite_carte_scolaire"),
            # "Demandes vœux 1  - TOTAL" (two spaces) in the « diffusable » file (sources.md §3.4).
            Column("demandes_vux_1", aliases=("Demandes vœux 1  - TOTAL",)),
            Column("famille_de_metiers"),
            Column("nb_apparitions_uai_mefstat"),
            Column("mef_stat_terminale"),
        ),
    )


SOURCES = [
    _campaign("2021", "affelnet_offre/attractivite_capacite_2021_extract.csv"),
    _campaign("2022", "affelnet_offre/attractivite_capacite_2022_extract.csv"),
]
