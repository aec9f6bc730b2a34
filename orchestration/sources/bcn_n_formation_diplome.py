"""BCN table N_FORMATION_DIPLOME (DEPP): the diplomas (CFD) prepared in secondary schools."""

from orchestration.registry import Column, Source
from orchestration.sources.bcn_nomenclatures import EDITED_ALL_YEAR

_LINEAGE = tuple(Column(f"{side}_diplome_{i}") for side in ("ancien", "nouveau") for i in range(1, 8))

SOURCE = Source(
    id="bcn_n_formation_diplome",
    producer="MENJ — DEPP (Base centrale des nomenclatures)",
    dataset="BCN — N_FORMATION_DIPLOME",
    description=(
        "Nomenclature des diplômes (code formation diplôme, CFD) : niveau, spécialité, libellés, dates "
        "d'ouverture et de fermeture, filiation ancien/nouveau diplôme, niveau de qualification RNCP."
    ),
    url="https://bcn.depp.education.fr/bcn/index.php/export/CSV?n=N_FORMATION_DIPLOME&separator=%3B&withForeign=true",
    method="POST",
    licence="Nomenclature publique du ministère (licence à confirmer sur le site de la BCN)",
    format="csv",
    encoding="latin-1",
    separator=";",
    quoting=False,
    cadence="continue",
    update_days=EDITED_ALL_YEAR,
    identifiers=("cfd",),
    granularity="certification",
    sample="bcn_n_formation_diplome/N_FORMATION_DIPLOME.csv",
    key=("formation_diplome",),
    columns=(
        Column("formation_diplome", required=True),
        Column("niveau_formation_diplome", required=True),
        Column("groupe_specialite"),
        Column("lettre_specialite"),
        Column("libelle_court"),
        Column("libelle_long_200", required=True),
        Column("date_ouverture", required=True),
        Column("date_fermeture"),
        *_LINEAGE,
        Column("date_premiere_session"),
        Column("date_derniere_session"),
        Column("nature_formation_diplome"),
        Column("gestionnaire_formation_diplome"),
        Column("date_intervention"),
        Column("niveau_qualification_rncp"),
    ),
)
