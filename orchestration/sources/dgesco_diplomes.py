"""DGESCO « liste des diplômes professionnels »: one row per vocational diploma specialty or option, with its RNCP.

The diploma code is written `NNN-NNNNN L` (CFD with a dash, then the lettre de spécialité), sometimes without
the dash or the space; the RNCP number is digits only.
"""

from orchestration.registry import Column, Source

SOURCE = Source(
    id="dgesco_diplomes",
    producer="MENJ — DGESCO",
    dataset="Liste des diplômes professionnels (CAP, BAC PRO, BP, BTS, CS, MC, BMA, DMA…)",
    description=(
        "Une ligne par spécialité ou option de diplôme professionnel : commission professionnelle consultative, "
        "niveau, code diplôme (CFD écrit `NNN-NNNNN L`), intitulé et options, numéro RNCP, arrêté de création, "
        "première et dernière sessions, famille de métiers."
    ),
    url=(
        "https://raw.githubusercontent.com/mission-apprentissage/tjp-pilotage/"
        "b986bec8d2c2f031e06306444be9cd1a5a055c8f/server/static/files/diplomesProfessionnels.csv"
    ),
    access_note=(
        "URL officielle de la DGESCO non identifiée : seule copie publique connue, le dépôt "
        "mission-apprentissage/tjp-pilotage (copie complète)."
    ),
    licence="Non précisée (à confirmer auprès de la DGESCO)",
    format="csv",
    encoding="utf-8",
    separator=";",
    cadence="à chaque réforme ou création de diplôme",
    update_days=None,  # the URL pins a commit of the copy: its bytes can never change
    identifiers=("cfd", "rncp"),
    granularity="certification",
    sample="cfd_rncp/diplomesProfessionnels.csv",
    key=("code_diplome", "code_rncp"),
    columns=(
        Column("commission_professionnelle_consultative"),
        Column("secteur"),
        Column("niveau"),
        Column("code_diplome", required=True),
        Column("diplome", required=True),
        Column("intitule_de_la_specialite_et_options", required=True),
        Column("code_rncp", required=True),
        Column("date_de_l_arrete_de_creation"),
        Column("premiere_session"),
        Column("derniere_session"),
        Column("commentaire"),
        Column("famille_de_metiers"),
        Column("session_supplementaire"),
    ),
)
