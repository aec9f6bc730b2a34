"""Catalogue des formations en apprentissage (Carif-Oref / ex-Mission apprentissage): its establishments.

The public read API returns `{"etablissements": [...], "pagination": {...}}`; each establishment carries its
SIRET, SIREN, UAI (with the catalogue's validity flag and the UAI given by the Carif-Oref flux), NDA and
Qualiopi status. The formations entity (with `cle_ministere_educatif`) is not loaded: its only public sample
holds a named person's e-mail (samples' PROVENANCE.md).
"""

from orchestration.registry import Column, Source

SOURCE = Source(
    id="catalogue_apprentissage",
    producer="Réseau des Carif-Oref (Catalogue des formations en apprentissage)",
    dataset="Catalogue des formations en apprentissage — établissements (API entity/etablissements)",
    description=(
        "Un établissement par SIRET : SIREN, UAI et indicateur de validité de l'UAI, UAI du flux Carif-Oref "
        "(RCO), UAI potentielles, NDA, certification Qualiopi, fermeture, siège, publication dans le catalogue."
    ),
    url=(
        "https://catalogue.apprentissage.education.gouv.fr/api/v1/entity/etablissements"
        "?query=%7B%7D&page=1&limit=100000"
    ),
    access_note=(
        "API publique de lecture du catalogue (requête vide : tous les établissements, publiés ou non). "
        "Échantillon : fixture de deux établissements réels du dépôt mission-apprentissage/trajectoires-pro."
    ),
    licence="Licence Ouverte 2.0 (à confirmer)",
    format="json",
    encoding="utf-8",
    separator="",
    cadence="quotidienne",
    update_days=3,
    identifiers=("siret", "siren", "uai", "nda"),
    granularity="organisme",
    sample="catalogue_apprentissage/catalogue_etablissements_fixture.json",
    key=("siret",),
    siret_columns=("siret",),
    extra={"records_key": "etablissements"},
    columns=(
        Column("siret", required=True),
        Column("siren"),
        Column("uai", required=True),
        Column("uai_valide"),
        Column("rco_uai"),
        Column("uais_potentiels"),
        Column("nda"),
        Column("etablissement_siege_siret"),
        Column("siege_social"),
        Column("entreprise_raison_sociale"),
        Column("enseigne"),
        Column("code_insee_localite"),
        Column("num_academie"),
        Column("ferme"),
        Column("date_fermeture"),
        Column("certifie_qualite"),
        Column("info_qualiopi_info"),
        Column("published"),
    ),
)
