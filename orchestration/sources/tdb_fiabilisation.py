"""Tableau de bord de l'apprentissage: UAI-SIRET couples sent by the CFAs' ERPs, with the fiabilisation verdict."""

from orchestration.registry import Column, Source

SOURCE = Source(
    id="tdb_fiabilisation",
    producer="DGEFP — Tableau de bord de l'apprentissage",
    dataset="Fiabilisation des couples UAI-SIRET transmis par les ERP",
    description=(
        "Couples (UAI, SIRET) déclarés par les logiciels de gestion des CFA, avec le verdict des règles de "
        "fiabilisation (FIABLE, A_FIABILISER avec le couple corrigé, NON_FIABILISABLE_*)."
    ),
    url=(
        "https://raw.githubusercontent.com/mission-apprentissage/api-apprentissage/"
        "1c87399b3b2919b9b0870fa386f8092aa755ffb0/server/src/services/organisme/fixtures/tdb/"
        "fiabilisation.fixture.json"
    ),
    access_note="Pas de fichier ouvert officiel ; dernière copie publique connue : dépôt api-apprentissage.",
    licence="Licence Ouverte 2.0 (à confirmer)",
    format="json",
    encoding="utf-8",
    separator="",
    cadence="quotidienne (2023-2024)",
    update_days=None,  # publication stopped in 2024 and the URL pins a commit of the last copy
    identifiers=("uai", "siret"),
    granularity="organisme",
    sample="uai_siret_couples/fiabilisation.fixture.json",
    key=("uai", "siret"),
    siret_columns=("siret", "siret_fiable"),
    columns=(
        Column("uai", required=True),
        Column("siret", required=True),
        Column("uai_fiable"),
        Column("siret_fiable"),
        Column("type", required=True),
        Column("rule_id"),
    ),
)
