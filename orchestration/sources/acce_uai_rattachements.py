"""BCE mother/daughter links (ACCE_UAI_MERE, ACCE_UAI_FILLE): the only official UAI↔UAI table.

Each row also carries the BCE record of the linked UAI (nature, SIRET, dates), so both files are UAI↔SIRET
evidence as well.
"""

from orchestration.registry import Column, Source

_LINKED_UAI_COLUMNS = (
    Column("type_rattachement", required=True),
    Column("nature_uai"),
    Column("etat_etablissement"),
    Column("denomination_principale", aliases=("denomination_principale_uai",)),
    Column("appellation_officielle"),
    Column("numero_siren_siret_uai", required=True),
    Column("date_ouverture", required=True),
    Column("date_fermeture"),
    Column("commune"),
)

_COMMON = {
    "producer": "MENJ — DEPP (bureau des nomenclatures et répertoires)",
    "url": "https://acce.depp.education.fr/acce/getextract.php",
    "access_note": "Extraction après authentification ACCE : archive ZIP de fichiers CSV.",
    "licence": "Licence Ouverte 2.0 (à confirmer auprès de la DEPP)",
    "format": "zip",
    "encoding": "latin-1",
    "separator": ";",
    "quoting": False,
    "cadence": "inconnue (quotidienne chez les réutilisateurs)",
    "update_days": 10,  # unknown cadence: the looser weekly limit, as for ACCE_UAI
    "identifiers": ("uai", "siren", "siret"),
    "granularity": "site",
    "siret_columns": ("numero_siren_siret_uai",),
}

SOURCES = [
    Source(
        id="acce_uai_mere",
        dataset="Base centrale des établissements — extraction ACCE (ACCE_UAI_MERE)",
        description="Pour chaque UAI trouvée, ses UAI mères, le type de rattachement et la fiche BCE de la mère.",
        archive_member="ACCE_UAI_MERE.csv",
        sample="acce/ACCE_UAI_MERE.csv",
        key=("numero_uai_trouve", "numero_uai_mere"),
        columns=(
            Column("numero_uai_trouve", required=True),
            Column("numero_uai_mere", required=True),
            *_LINKED_UAI_COLUMNS,
        ),
        **_COMMON,
    ),
    Source(
        id="acce_uai_fille",
        dataset="Base centrale des établissements — extraction ACCE (ACCE_UAI_FILLE)",
        description="Pour chaque UAI trouvée, ses UAI filles, le type de rattachement et la fiche BCE de la fille.",
        archive_member="ACCE_UAI_FILLE.csv",
        sample="acce/ACCE_UAI_FILLE.csv",
        key=("numero_uai_trouve", "numero_uai_fille"),
        columns=(
            Column("numero_uai_trouve", required=True),
            Column("numero_uai_fille", required=True),
            *_LINKED_UAI_COLUMNS,
        ),
        **_COMMON,
    ),
]
