"""DGEFP public list of training bodies: NDA, SIREN, declaring SIRET, Qualiopi flags, previous NDAs."""

from orchestration.registry import Column, Source

SOURCE = Source(
    id="dgefp_liste_of",
    producer="DGEFP",
    dataset="Liste publique des organismes de formation (L.6351-7-1 du Code du travail)",
    description=(
        "Un organisme par numéro de déclaration d'activité (NDA) : SIREN, SIRET de l'établissement déclarant, "
        "certifications Qualiopi (dont apprentissage), NDA précédents. Environ 148 000 organismes."
    ),
    url=(
        "https://dgefp.opendatasoft.com/api/explore/v2.1/catalog/datasets/liste-publique-des-of-v2/exports/csv"
        "?lang=fr&timezone=Europe%2FParis&use_labels=false&delimiter=%3B"
    ),
    access_note="Aucun extrait public réel : source téléchargée seulement (ignorée en mode échantillon).",
    licence="Licence Ouverte 2.0",
    format="csv",
    encoding="utf-8",
    separator=";",
    cadence="quotidienne",
    update_days=3,
    identifiers=("nda", "siren", "siret"),
    granularity="organisme",
    sample=None,
    key=("numerodeclarationactivite",),
    siret_columns=("siretetablissementdeclarant",),
    columns=(
        Column("numerodeclarationactivite", required=True, aliases=("numero_declaration_activite",)),
        Column("numerosdeclarationactiviteprecedent", aliases=("numero_declaration_activite_precedent",)),
        Column("denomination"),
        Column("siren", required=True, aliases=("code_siren",)),
        Column("siretetablissementdeclarant", required=True, aliases=("siret_etablissement_declarant",)),
        Column(
            "certifications_actionsdeformationparapprentissage",
            aliases=("actions_de_formations_par_apprentissage",),
        ),
        Column("certifications_actionsdeformation", aliases=("actions_de_formations",)),
        Column("informationsdeclarees_datedernieredeclaration", aliases=("date_derniere_declaration",)),
    ),
)
