"""Certif Info (Réseau des Carif-Oref + Onisep): the national register of certifications, with their CFD, RNCP/RS.

One row per Certif Info certification (`Code_Diplome`), with its CFD (`Code_Scolarité`), RNCP and RS numbers
(digits only), its predecessor (`Code_Ancien_*`), state and access routes. The samples folder holds two
extracts of this same file (first 1 500 rows; rows aligned on the sample CFD set): one product, one source;
the aligned extract is the sample loaded.

Download: each update is published as a data.gouv.fr resource whose title is not known in advance; the newest
CSV resource of the dataset is taken (`extra["datagouv_latest"]`, orchestration/ingest/resolvers.py).
"""

from orchestration.registry import Column, Source

_DATASET_API = "https://www.data.gouv.fr/api/1/datasets/referentiel-national-des-certifications/"

SOURCE = Source(
    id="certif_info",
    producer="Réseau des Carif-Oref et Onisep (Certif Info)",
    dataset="Référentiel national des certifications (Certif Info)",
    description=(
        "Une ligne par certification Certif Info : code Certif Info, CFD (code scolarité), numéros RNCP et RS "
        "(chiffres seuls), certification précédente (codes Certif Info, RNCP et CFD anciens), niveau européen, "
        "état de publication et voies d'accès. Une même ligne peut être répétée."
    ),
    url="https://www.data.gouv.fr/fr/datasets/referentiel-national-des-certifications/",
    access_note=(
        "Fichier publié sur data.gouv.fr : la ressource CSV la plus récente est choisie dans la liste de l'API "
        f"{_DATASET_API} ; API Certif Info https://api-certifinfo.intercariforef.org/docs . "
        "Échantillon : copie du dépôt mission-apprentissage/tjp-pilotage (server/static/files/certif_info.csv)."
    ),
    licence="Celle indiquée sur la page data.gouv.fr du jeu de données (à confirmer)",
    format="csv",
    encoding="utf-8",
    separator=";",
    quoting=False,
    cadence="environ 10 mises à jour par an",
    update_days=60,
    identifiers=("certif_info", "cfd", "rncp", "rs"),
    granularity="certification",
    sample="certifinfo_cfd_aligned/certif_info.csv",
    key=("code_diplome",),
    extra={"datagouv_latest": {"api": _DATASET_API, "title": "*", "format": "csv"}},
    columns=(
        Column("code_diplome", required=True),
        Column("libelle_diplome"),
        Column("libelle_type_diplome"),
        Column("code_niveau_europeen"),
        Column("date_maj"),
        Column("code_formacode"),
        Column("libelle_formacode"),
        *(Column(f"code_rome_{i}") for i in range(1, 6)),
        Column("code_nsf"),
        Column("code_rncp", required=True),
        Column("code_rs"),
        Column("code_scolarite", required=True),
        Column("valideur"),
        Column("certificateur"),
        Column("annee_premiere_session"),
        Column("annee_derniere_session"),
        Column("code_ancien_diplome"),
        Column("intitule_ancien_diplome"),
        Column("code_ancien_rncp"),
        Column("code_ancien_scolarite"),
        Column("options"),  # header literally `Options` with backticks; holds only blanks
        Column("etat"),
        Column("etat_libelle"),
        Column("etat_ancien_diplome"),
        Column("etat_ancien_diplome_libelle"),
        *(Column(f"accessibilite_{route}") for route in ("fi", "ca", "fc", "cp", "vae", "ind")),
        Column("code_type_diplome"),
        Column("codeideo2"),
    ),
)
