"""France compétences RNCP / RS exports (sources.md §2.8–2.9): the daily CSV archive and the XML flux v4.1.

The CSV export is a ZIP of ten `export_fiches_CSV_<Part>_YYYY_MM_DD.csv` files (`;`, every field quoted, UTF-8,
CRLF); each part used here is a source of its own, reading its member of the same archive (member names carry
the export date and accents, hence the globs, matched case-insensitively on the basename). The shipped samples
are the unzipped files of the archive of 2024-02-22: in sample mode the loader reads them directly.

The XML flux (one `export_fiches_RNCP_V4_1_YYYY-MM-DD.xml` in a ZIP, ~570 MB) adds what the CSV lacks: the
delivery deadline, the publication date and the six access-route flags. It is streamed by
orchestration/ingest/xml_records.py (hardened parser, no DTD or entity).

Download: data.gouv.fr publishes each day's archives as new, dated resources of dataset 5eebbc067a14b6fecc9c9976
(`export-fiches-csv-YYYY-MM-DD.zip`, `export-fiches-rncp-v4-1-YYYY-MM-DD.zip`), each with its own resource id;
there is no stable "latest" file URL. The downloader reads the dataset's API listing and takes the newest
resource whose title matches (`extra["datagouv_latest"]`, orchestration/ingest/resolvers.py).
"""

from orchestration.registry import Column, Source

DATASET_ID = "5eebbc067a14b6fecc9c9976"
DATASET_PAGE = "https://www.data.gouv.fr/fr/datasets/repertoire-national-des-certifications-professionnelles-et-repertoire-specifique/"
_SAMPLES = "rncp_export/csv_2024_02_22"
DATASET_API = f"https://www.data.gouv.fr/api/1/datasets/{DATASET_ID}/"
_ACCESS_NOTE = (
    "Archives quotidiennes datées (nouvelle ressource data.gouv.fr chaque jour, sans URL stable) : la ressource "
    f"la plus récente est choisie dans la liste de l'API {DATASET_API}."
)
_CSV = {
    "producer": "France compétences",
    "url": DATASET_PAGE,
    "access_note": _ACCESS_NOTE,
    "licence": "Licence Ouverte 2.0",
    "format": "zip",
    "encoding": "utf-8",
    "separator": ";",
    "quoting": True,
    "cadence": "quotidienne",
    "update_days": 3,
    "identifiers": ("rncp", "rs"),
    "granularity": "certification",
    "extra": {"datagouv_latest": {"api": DATASET_API, "title": "export-fiches-csv-*"}},
}


def _csv_part(source_id: str, part: str, member: str | None = None, **fields) -> Source:
    """One file of the CSV archive; `member` is the glob of its name when it differs from the part's name."""
    return Source(
        id=source_id,
        dataset=f"RNCP et RS — export CSV quotidien, fichier {part}",
        archive_member=member or f"export_fiches_CSV_{part}_*.csv",
        sample=f"{_SAMPLES}/export_fiches_CSV_{part}_2024_02_22.csv",
        **_CSV,
        **fields,
    )


SOURCES = [
    _csv_part(
        "rncp_fiches",
        "Standard",
        description=(
            "Une ligne par fiche RNCP ou RS : numéro, intitulé, abrégé, niveau européen (NIV3..NIV8, REPRISE), "
            "type d'enregistrement, dates de décision, d'effet et de fin d'enregistrement, état ACTIVE/INACTIVE."
        ),
        key=("numero_fiche",),
        columns=(
            Column("id_fiche"),
            Column("numero_fiche", required=True),
            Column("intitule", required=True),
            Column("abrege_libelle"),
            Column("abrege_intitule"),
            Column("nomenclature_europe_niveau"),
            Column("nomenclature_europe_intitule"),
            Column("accessible_nouvelle_caledonie"),
            Column("accessible_polynesie_francaise"),
            Column("date_dernier_jo"),
            Column("date_decision"),
            Column("date_fin_enregistrement"),
            Column("date_effet"),
            Column("type_enregistrement"),
            Column("validation_partielle"),
            Column("actif", required=True),
        ),
    ),
    _csv_part(
        "rncp_voies_acces",
        "VoixdAccès",
        # `è` in the member name may be stored decomposed (NFD) or in a legacy code page: matched by a glob.
        member="export_fiches_CSV_VoixdAcc*s_*.csv",
        description=(
            "Voies d'accès de chaque fiche, une ligne par voie (Si_Jury) : expérience, candidature individuelle, "
            "contrat d'apprentissage, contrat de professionnalisation, formation continue, formation initiale."
        ),
        key=("numero_fiche", "si_jury"),
        columns=(Column("numero_fiche", required=True), Column("si_jury", required=True)),
    ),
    _csv_part(
        "rncp_ancienne_nouvelle",
        "Ancienne_Nouvelle_Certification",
        description=(
            "Filiation des fiches : pour une fiche, la certification qu'elle remplace et celle qui la remplace "
            "(une fiche RNCP peut être remplacée par une fiche RS). Chaque lien peut être déclaré des deux côtés."
        ),
        key=("numero_fiche", "ancienne_certification", "nouvelle_certification"),
        columns=(
            Column("numero_fiche", required=True),
            Column("ancienne_certification", required=True),
            Column("nouvelle_certification", required=True),
        ),
    ),
    _csv_part(
        "rncp_certificateurs",
        "Certificateurs",
        description=(
            "Organismes certificateurs de chaque fiche (SIRET, nom), plusieurs par fiche possibles. Les SIRET "
            "sont publiés précédés d'une tabulation."
        ),
        key=("numero_fiche", "siret_certificateur"),
        columns=(
            Column("numero_fiche", required=True),
            Column("siret_certificateur", required=True),
            Column("nom_certificateur"),
        ),
    ),
    Source(
        id="rncp_xml",
        producer="France compétences",
        dataset="RNCP — export XML quotidien (flux VERSION_FLUX 4.1)",
        description=(
            "Une fiche RNCP par élément FICHE : numéro, intitulé, état, niveau européen, état actif (Oui/Non), "
            "dates d'effet, de fin d'enregistrement, de publication et limite de délivrance, six voies d'accès "
            "(SI_JURY_*), certifications anciennes et nouvelles, SIRET des certificateurs."
        ),
        url=DATASET_PAGE,
        access_note=_ACCESS_NOTE + " Archive ZIP contenant un fichier XML ; le fichier RS jumeau n'est pas chargé.",
        licence="Licence Ouverte 2.0",
        format="xml",
        archive_member="export_fiches_RNCP_V4_1_*.xml",
        encoding="utf-8",
        separator="",
        cadence="quotidienne",
        update_days=3,
        identifiers=("rncp", "rs", "siret"),
        granularity="certification",
        sample="rncp_export/xml_v4_1/export-fiches-rncp-extract_RNCP35340.xml",
        key=("numero_fiche",),
        max_bytes=4 * 1024**3,
        extra={
            "datagouv_latest": {"api": DATASET_API, "title": "export-fiches-rncp-v4-1-*"},
            "record_tag": "FICHE",
            "root_values": {"VERSION_FLUX": "4.1"},
            "xml_paths": {
                "id_fiche": "ID_FICHE",
                "numero_fiche": "NUMERO_FICHE",
                "intitule": "INTITULE",
                "abrege_code": "ABREGE/CODE",
                "abrege_libelle": "ABREGE/LIBELLE",
                "etat_fiche": "ETAT_FICHE",
                "niveau_europe": "NOMENCLATURE_EUROPE/NIVEAU",
                "niveau_europe_libelle": "NOMENCLATURE_EUROPE/LIBELLE",
                "actif": "ACTIF",  # the fiche's own flag, not SI_JURY_*/ACTIF
                "type_enregistrement": "TYPE_ENREGISTREMENT",
                "date_decision": "DATE_DECISION",
                "date_effet": "DATE_EFFET",
                "date_fin_enregistrement": "DATE_FIN_ENREGISTREMENT",
                "date_de_publication": "DATE_DE_PUBLICATION",
                "date_limite_delivrance": "DATE_LIMITE_DELIVRANCE",
                "si_jury_fi": "SI_JURY_FI/ACTIF",
                "si_jury_ca": "SI_JURY_CA/ACTIF",
                "si_jury_fc": "SI_JURY_FC/ACTIF",
                "si_jury_cq": "SI_JURY_CQ/ACTIF",
                "si_jury_cl": "SI_JURY_CL/ACTIF",
                "si_jury_vae": "SI_JURY_VAE/ACTIF",
                "nouvelles_certifications": (
                    "NOUVELLES_CERTIFICATIONS/NOUVELLE_CERTIFICATION/ID_FICHE_NOUVELLE_CERTIFICATION[*]"
                ),
                "anciennes_certifications": (
                    "ANCIENNES_CERTIFICATIONS/ANCIENNE_CERTIFICATION/ID_FICHE_ANCIENNE_CERTIFICATION[*]"
                ),
                "sirets_certificateurs": "CERTIFICATEURS/CERTIFICATEUR/SIRET_CERTIFICATEUR[*]",
                "codes_nsf": "CODES_NSF/NSF/CODE[*]",
            },
        },
        columns=(
            Column("id_fiche"),
            Column("numero_fiche", required=True),
            Column("intitule", required=True),
            Column("abrege_code"),
            Column("abrege_libelle"),
            Column("etat_fiche"),
            Column("niveau_europe"),
            Column("niveau_europe_libelle"),
            Column("actif", required=True),
            Column("type_enregistrement"),
            Column("date_decision"),
            Column("date_effet"),
            Column("date_fin_enregistrement"),
            Column("date_de_publication"),
            Column("date_limite_delivrance"),
            Column("si_jury_fi"),
            Column("si_jury_ca"),
            Column("si_jury_fc"),
            Column("si_jury_cq"),
            Column("si_jury_cl"),
            Column("si_jury_vae"),
            Column("nouvelles_certifications"),
            Column("anciennes_certifications"),
            Column("sirets_certificateurs"),
            Column("codes_nsf"),
        ),
    ),
]
