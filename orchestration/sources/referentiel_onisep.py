"""Référentiel UAI-SIRET des OFA-CFA (ONISEP, ex-Mission apprentissage): one organisme per SIRET.

The API gives the human-validated UAI of each SIRET, its training sites (with a reliability flag) and its
candidate UAIs; the network CSV exports add the NDA and the Qualiopi flag.
"""

from orchestration.registry import Column, Source

_PRODUCER = "ONISEP (Référentiel UAI-SIRET des OFA-CFA)"
_LICENCE = "Licence Ouverte 2.0 (API publique ; à confirmer)"
_NETWORK_COLUMNS = (
    Column("siret", required=True),
    Column("uai_validee", required=True),
    Column("raison_sociale"),
    Column("enseigne"),
    Column("numero_declaration_activite"),
    Column("etat_administratif"),
    Column("nature"),
    Column("qualiopi"),
    Column("date_d_import"),
    Column("uai_probable"),
)


def _network_export(network: str, sample: str) -> Source:
    return Source(
        id=f"referentiel_reseau_{network}",
        producer=_PRODUCER,
        dataset=f"Référentiel UAI-SIRET — export CSV du réseau {network.upper()}",
        description=(
            "Export CSV d'un réseau : SIRET, UAI validée, UAI probable, NDA, Qualiopi, nature, état administratif."
        ),
        url=f"https://referentiel.apprentissage.onisep.fr/api/v1/organismes.csv?reseaux={network}",
        licence=_LICENCE,
        format="csv",
        encoding="utf-8",
        separator=";",
        cadence="quotidienne",
        update_days=3,
        identifiers=("siret", "uai", "nda"),
        granularity="organisme",
        sample=sample,
        key=("siret",),
        siret_columns=("siret",),
        columns=_NETWORK_COLUMNS,
    )


SOURCES = [
    Source(
        id="referentiel_organismes",
        producer=_PRODUCER,
        dataset="Référentiel UAI-SIRET des OFA-CFA — API organismes",
        description=(
            "Un organisme par SIRET : UAI validée par un référent, nature (responsable, formateur), état, "
            "lieux de formation avec leur UAI et un indicateur de fiabilité, UAI potentielles."
        ),
        url="https://referentiel.apprentissage.onisep.fr/api/v1/organismes.json?items_par_page=60000",
        licence=_LICENCE,
        format="json",
        encoding="utf-8",
        separator="",
        cadence="quotidienne",
        update_days=3,
        identifiers=("siret", "uai"),
        granularity="organisme",
        sample="uai_siret_couples/referentiel_organismes_extrait.json",
        key=("siret",),
        siret_columns=("siret",),
        extra={"records_key": "organismes"},
        columns=(
            Column("siret", required=True),
            Column("uai"),
            Column("nature"),
            Column("etat_administratif"),
            Column("qualiopi"),
            Column("raison_sociale"),
            Column("numero_declaration_activite"),
            Column("lieux_de_formation"),
            Column("uai_potentiels"),
        ),
    ),
    _network_export("en", "uai_siret_couples/referentiel-reseau-en.csv"),
    _network_export("greta", "uai_siret_couples/referentiel-reseau-greta.csv"),
    _network_export("mfr", "uai_siret_couples/referentiel-reseau-mfr.csv"),
]
