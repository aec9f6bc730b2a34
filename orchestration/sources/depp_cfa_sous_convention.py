"""DEPP list of the CFAs under regional agreement (2021): UAI and SIRET of 933 CFAs."""

from orchestration.registry import Column, Source

SOURCE = Source(
    id="depp_cfa_sous_convention",
    producer="MENJ — DEPP",
    dataset="Liste des CFA sous convention régionale (CFASousConvRegionale)",
    description=(
        "Sous-ensemble de la BCE pour les CFA (natures 600/610), converti d'un classeur Excel : "
        "`date_ouverture` y est un numéro de série Excel."
    ),
    url=(
        "https://raw.githubusercontent.com/mission-apprentissage/tables-correspondances/"
        "5cb4497165c9ed3e0433ef2f9fd52c38e98d606c/server/src/jobs/convetionFilesImporter/assets/"
        "CFASousConvRegionale_latest-UAI.csv"
    ),
    access_note="Publication ponctuelle (2021) ; seule copie publique connue : dépôt tables-correspondances.",
    licence="Licence Ouverte 2.0 (à confirmer auprès de la DEPP)",
    format="csv",
    encoding="latin-1",
    separator=";",
    quoting=False,
    cadence="ponctuelle (2021)",
    update_days=None,
    identifiers=("uai", "siret"),
    granularity="site",
    siret_columns=("numero_siren_siret_uai",),
    sample="acce/CFASousConvRegionale_latest-UAI.csv",
    key=("numero_uai",),
    columns=(
        Column("numero_uai", required=True),
        Column("nature_uai", required=True),
        Column("secteur_public_prive"),
        Column("niveau_uai"),
        Column("commune"),
        Column("commune_libe"),
        Column("denomination_principale"),
        Column("patronyme_uai"),
        Column("numero_siren_siret_uai", required=True),
        Column("date_ouverture", required=True),
        Column("date_fermeture"),
        Column("code_postal_uai"),
    ),
)
