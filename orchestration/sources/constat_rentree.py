"""Constat de rentrée (DEPP, Base centrale de pilotage): school enrolments per UAI × MEF STAT 11 (`Mef Bcp 11`).

School status only (no apprentices). Known only through Orion's public copies (sources.md §3.5); the layout
drifts between years: the 2025 copy drops `Rentrée scolaire`, is comma-separated and adds girls/boys counts.
"""

from orchestration.registry import Column, Source
from orchestration.sources.affelnet import TJP_PILOTAGE_FILES, TJP_PILOTAGE_LICENCE, tjp_pilotage_note

_PATH = "server/static/files/2020/constat_2020.csv"

SOURCE = Source(
    id="constat_rentree",
    producer="MENJ — DEPP (constat de rentrée)",
    dataset="Constat de rentrée 2020 — effectifs d'élèves par établissement et MEF",
    description=(
        "Une ligne par établissement (UAI) et MEF STAT 11 (`Mef Bcp 11`) : nombre d'élèves sous statut "
        "scolaire à la rentrée 2020."
    ),
    url=TJP_PILOTAGE_FILES + "2020/constat_2020.csv",
    access_note=tjp_pilotage_note(_PATH, "Données de la Base centrale de pilotage, pas de jeu ouvert à ce grain."),
    licence=TJP_PILOTAGE_LICENCE,
    format="csv",
    encoding="utf-8",
    separator=";",
    cadence="version figée (rentrée 2020 ; un constat par rentrée)",
    update_days=None,  # the URL pins a commit of the copy: its bytes can never change
    identifiers=("uai", "mef_stat_11"),
    granularity="offre",
    sample="constat_rentree/constat_2020_extract.csv",
    key=("uai", "mef_bcp_11"),
    columns=(
        Column("rentree_scolaire"),
        Column("uai", required=True),
        Column("mef_bcp_11", required=True),
        Column("nombre_d_eleves_total"),
    ),
)
