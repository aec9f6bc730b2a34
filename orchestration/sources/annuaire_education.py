"""Annuaire de l'éducation (MENJ): the open view of the BCE, open establishments only."""

from orchestration.registry import Column, Source

SOURCE = Source(
    id="annuaire_education",
    producer="MENJ",
    dataset="Annuaire de l'éducation (fr-en-annuaire-education)",
    description=(
        "Vue ouverte de la BCE : établissements ouverts seulement, SIREN/SIRET, nature, rattachement à "
        "un établissement mère, indicateur Apprentissage. Les établissements fermés disparaissent du fichier."
    ),
    url=(
        "https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets/fr-en-annuaire-education/exports/"
        "csv?use_labels=false&delimiter=%3B"
    ),
    licence="Licence Ouverte 2.0",
    format="csv",
    encoding="utf-8",
    separator=";",
    quoting=True,
    cadence="quotidienne",
    update_days=3,
    identifiers=("uai", "siren", "siret"),
    granularity="site",
    siret_columns=("siren_siret",),
    sample="annuaire_education/fr-en-annuaire-education_extrait_35.csv",
    key=("identifiant_de_l_etablissement",),
    columns=(
        Column("identifiant_de_l_etablissement", required=True),
        Column("nom_etablissement", required=True),
        Column("type_etablissement"),
        Column("statut_public_prive"),
        Column("code_postal"),
        Column("code_commune"),
        Column("nom_commune"),
        Column("code_academie"),
        Column("apprentissage"),
        Column("siren_siret", required=True),
        Column("date_ouverture"),
        Column("date_maj_ligne"),
        Column("etat"),
        Column("code_nature"),
        Column("libelle_nature"),
        Column("etablissement_mere"),
        Column("type_rattachement_etablissement_mere"),
        Column("etablissement_multi_lignes", aliases=("multi_uai",)),
    ),
)
