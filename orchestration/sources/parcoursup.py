"""Parcoursup BTS offers (MESR) as loaded by Orion: capacity and confirmed wishes per UAI × MEF STAT 11 × status.

Unlike the `fr-esr-parcoursup` open dataset (no CFD, MEF nor SIRET), this internal file carries the MEF STAT 11
and the CFD of each BTS, with the CFD corrected by hand by Orion (`CFD rectifié`, `Rectif` VRAI/FAUX) and the
MEF STAT 11 before correction (`MEFSTAT11_old`). Known only through Orion's public copy (sources.md §3.3).
"""

from orchestration.registry import Column, Source
from orchestration.sources.affelnet import TJP_PILOTAGE_FILES, TJP_PILOTAGE_LICENCE, tjp_pilotage_note

_PATH = "server/static/files/2022/BTS_attractivite_capacite_2022.csv"

SOURCE = Source(
    id="parcoursup_bts_capacite",
    producer="MESR (Parcoursup), fichier repris par Orion",
    dataset="Parcoursup — attractivité et capacité des BTS, session 2022",
    description=(
        "Une ligne par formation de BTS proposée sur Parcoursup en 2022 : UAI, libellé, statut (`Scolaire`, "
        "`Apprentissage`), capacité, vœux confirmés, MEF STAT 11 (avant et après correction) et CFD (publié "
        "et rectifié par Orion)."
    ),
    url=TJP_PILOTAGE_FILES + "2022/BTS_attractivite_capacite_2022.csv",
    access_note=tjp_pilotage_note(_PATH, "Extraction interne Parcoursup, distincte du jeu ouvert fr-esr-parcoursup."),
    licence=TJP_PILOTAGE_LICENCE,
    format="csv",
    encoding="utf-8",
    separator=";",
    cadence="version figée (session 2022 ; un fichier par campagne annuelle)",
    update_days=None,  # the URL pins a commit of the copy: its bytes can never change
    identifiers=("uai", "mef_stat_11", "cfd"),
    granularity="offre",
    sample="parcoursup_bts_capacite/BTS_attractivite_capacite_2022_extract.csv",
    key=("uai", "mefstat11", "statut", "libelleformation"),
    columns=(
        Column("uai", required=True),
        Column("libelleformation"),
        Column("mefstat11_old"),
        Column("nb_voeux_confirmes"),
        Column("statut"),
        Column("capacitepsup"),
        Column("cfd", required=True),
        Column("cfd_rectifie"),
        Column("rectif"),
        Column("mefstat11", required=True),
    ),
)
