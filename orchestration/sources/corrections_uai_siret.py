"""Reviewed decisions of territorial referents on UAI↔SIRET links (subsidiarity), kept in the repository."""

from orchestration.registry import Column, Source

SOURCE = Source(
    id="corrections_uai_siret",
    producer="Référents territoriaux (académies, Régions, DREETS)",
    dataset="Corrections territoriales des liens UAI-SIRET (corrections/uai_siret.csv)",
    description=(
        "Décisions relues (confirmer ou rejeter un lien UAI-SIRET), attribuées à un auteur et une organisation, "
        "appliquées avec priorité sur toutes les sources."
    ),
    url="corrections/uai_siret.csv",
    access_note="Fichier du dépôt, modifié par revue de code ; lu à chaque exécution, quel que soit le mode.",
    licence="Licence Ouverte 2.0",
    format="csv",
    encoding="utf-8",
    separator=";",
    cadence="à chaque décision",
    update_days=None,  # decisions come when referents make them: no silence is suspect
    identifiers=("uai", "siret"),
    granularity="site",
    sample=None,
    corrections_file="uai_siret.csv",
    key=("uai", "siret"),
    columns=(
        Column("uai", required=True),
        Column("siret", required=True),
        Column("decision", required=True),
        Column("author", required=True),
        Column("organisation", required=True),
        Column("decided_on", required=True),
        Column("justification", required=True),
    ),
)
