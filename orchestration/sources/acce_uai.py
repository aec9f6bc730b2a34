"""BCE establishments as extracted by ACCE (DEPP): the master register of UAIs, closed ones included."""

from orchestration.registry import Column, Source

SOURCE = Source(
    id="acce_uai",
    producer="MENJ — DEPP (bureau des nomenclatures et répertoires)",
    dataset="Base centrale des établissements — extraction ACCE (ACCE_UAI)",
    description=(
        "Registre maître des UAI : nature, état, dates d'ouverture et de fermeture, SIREN/SIRET déclaré. "
        "Contient les établissements fermés."
    ),
    url="https://acce.depp.education.fr/acce/getextract.php",
    access_note="Extraction après authentification ACCE : archive ZIP de fichiers CSV (ACCE_UAI.csv…).",
    licence="Licence Ouverte 2.0 (à confirmer auprès de la DEPP)",
    format="zip",
    archive_member="ACCE_UAI.csv",
    encoding="latin-1",
    separator=";",
    quoting=False,
    cadence="inconnue (quotidienne chez les réutilisateurs)",
    # Unknown cadence: an extraction of the live BCE differs every working day, but nothing is promised, so
    # the looser weekly limit rather than the daily one.
    update_days=10,
    identifiers=("uai", "siren", "siret"),
    granularity="site",
    siret_columns=("numero_siren_siret_uai",),
    sample="acce/ACCE_UAI.csv",
    key=("numero_uai",),
    columns=(
        Column("numero_uai", required=True),
        Column("nature_uai", required=True),
        Column("nature_uai_libe"),
        Column("type_uai"),
        Column("etat_etablissement", required=True),
        Column("secteur_public_prive"),
        Column("niveau_uai"),
        Column("commune"),
        Column("commune_libe"),
        Column("academie"),
        Column("denomination_principale", aliases=("denomination_principale_uai",)),
        Column("appellation_officielle"),
        Column("numero_siren_siret_uai", required=True),
        Column("date_ouverture", required=True),
        Column("date_fermeture"),
        Column("code_postal_uai"),
    ),
)
