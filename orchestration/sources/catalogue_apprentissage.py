"""Catalogue des formations en apprentissage (Carif-Oref / ex-Mission apprentissage): its establishments.

The public read API returns `{"etablissements": [...], "pagination": {...}}`; each establishment carries its
SIRET, SIREN, UAI (with the catalogue's validity flag and the UAI given by the Carif-Oref flux), NDA and
Qualiopi status. The formations entity carries the offer key `cle_ministere_educatif` (CME) with the CFD, RNCP
and the gestionnaire / formateur SIRET and UAI: it is downloaded in remote mode only, since its only public
sample holds a named person's e-mail (samples' PROVENANCE.md).
"""

from orchestration.registry import Column, Source

_API = "https://catalogue.apprentissage.education.gouv.fr/api/v1/entity/"
# What the two entities of the catalogue's public read API share.
_CATALOGUE = {
    "producer": "Réseau des Carif-Oref (Catalogue des formations en apprentissage)",
    "licence": "Licence Ouverte 2.0 (à confirmer)",
    "format": "json",
    "encoding": "utf-8",
    "separator": "",
    "cadence": "quotidienne",
    "update_days": 3,
}

CATALOGUE_ETABLISSEMENTS = Source(
    id="catalogue_apprentissage",
    **_CATALOGUE,
    dataset="Catalogue des formations en apprentissage — établissements (API entity/etablissements)",
    description=(
        "Un établissement par SIRET : SIREN, UAI et indicateur de validité de l'UAI, UAI du flux Carif-Oref "
        "(RCO), UAI potentielles, NDA, certification Qualiopi, fermeture, siège, publication dans le catalogue."
    ),
    url=_API + "etablissements?query=%7B%7D&page=1&limit=100000",
    access_note=(
        "API publique de lecture du catalogue (requête vide : tous les établissements, publiés ou non). "
        "Échantillon : fixture de deux établissements réels du dépôt mission-apprentissage/trajectoires-pro."
    ),
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

CATALOGUE_FORMATIONS = Source(
    id="catalogue_formations",
    **_CATALOGUE,
    dataset="Catalogue des formations en apprentissage — offres (API entity/formations)",
    description=(
        "Une offre de formation en apprentissage par clé ministère éducatif (CME) : CFD, RNCP, SIRET et UAI du "
        "gestionnaire et du formateur, UAI du lieu, commune, identifiants Parcoursup et Affelnet, succession."
    ),
    url=_API + "formations?query=%7B%7D&page=1&limit=100000",
    access_note=(
        "API publique de lecture du catalogue. Aucun extrait public sans donnée personnelle : la seule fixture "
        "publique contient le courriel d'une personne ; source téléchargée seulement."
    ),
    identifiers=("cle_ministere_educatif", "cfd", "rncp", "siret", "uai"),
    granularity="offre",
    sample=None,
    key=("cle_ministere_educatif",),
    siret_columns=("etablissement_gestionnaire_siret", "etablissement_formateur_siret"),
    extra={"records_key": "formations"},
    columns=(
        Column("cle_ministere_educatif", required=True),
        Column("cfd"),
        Column("rncp_code"),
        Column("etablissement_gestionnaire_siret"),
        Column("etablissement_gestionnaire_uai"),
        Column("etablissement_formateur_siret"),
        Column("etablissement_formateur_uai"),
        Column("uai_formation"),
        Column("code_commune_insee"),
        Column("num_academie"),
        Column("parcoursup_id"),
        Column("affelnet_id"),
        Column("cle_me_remplace_par"),
        Column("published"),
    ),
)

SOURCES = [CATALOGUE_ETABLISSEMENTS, CATALOGUE_FORMATIONS]
