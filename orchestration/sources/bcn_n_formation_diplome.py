"""BCN table N_FORMATION_DIPLOME (DEPP): the diplomas (CFD) prepared in secondary schools."""

from orchestration.registry import Column
from orchestration.sources.bcn_nomenclatures import EDITED_ALL_YEAR, bcn_source

_LINEAGE = tuple(Column(f"{side}_diplome_{i}") for side in ("ancien", "nouveau") for i in range(1, 8))

SOURCE = bcn_source(
    "N_FORMATION_DIPLOME",
    dataset="N_FORMATION_DIPLOME",
    update_days=EDITED_ALL_YEAR,
    description=(
        "Nomenclature des diplômes (code formation diplôme, CFD) : niveau, spécialité, libellés, dates "
        "d'ouverture et de fermeture, filiation ancien/nouveau diplôme, niveau de qualification RNCP."
    ),
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
