"""BCN nomenclatures (DEPP) around the diplomas: apprenticeship codes, MEF, levels, dispositifs, option groups.

All tables share the BCN export conventions (sources.md §2.0): POST export, `;`, no quoting, latin-1 for the
official `withForeign` export; copies made by others arrive in UTF-8 with BOM and without the foreign label
columns (the loader detects the encoding). Only the columns present in both shapes are required.
"""

from orchestration.registry import Column, Source

EXPORT_URL = "https://bcn.depp.education.fr/bcn/index.php/export/CSV?n={table}&separator=%3B&withForeign=true"

# "continue" is the cadence of the whole base; each table changes less often. Diploma and MEF tables are edited all
# year round, with pauses of several weeks (summer): the monthly limit. The small code lists change a few times a
# year, mostly for the rentrée: the annual limit.
EDITED_ALL_YEAR = 45
EDITED_FOR_RENTREE = 400

# Validity and change marker columns carried by every BCN table.
_DATES = (
    Column("date_ouverture"),
    Column("date_fermeture"),
    Column("date_intervention"),
)

# Diploma columns shared by V_FORMATION_DIPLOME and N_FORMATION_DIPLOME_ENQUETE_51 (no lineage columns).
_DIPLOMA_COLUMNS = (
    Column("formation_diplome", required=True),
    Column("niveau_formation_diplome", required=True),
    Column("groupe_specialite"),
    Column("lettre_specialite"),
    Column("libelle_court"),
    Column("libelle_long_200", required=True),
    Column("date_ouverture", required=True),
    Column("date_fermeture"),
    Column("date_premiere_session"),
    Column("date_derniere_session"),
    Column("commentaire"),
    Column("nature_formation_diplome"),
    Column("gestionnaire_formation_diplome"),
    Column("date_intervention"),
    Column("niveau_qualification_rncp"),
)


def bcn_source(
    table: str,
    *,
    dataset: str,
    description: str,
    sample: str,
    key: tuple[str, ...],
    columns: tuple[Column, ...],
    update_days: int,
    identifiers: tuple[str, ...] = ("cfd",),
) -> Source:
    """A BCN table: id `bcn_<table>`, the official POST export URL and the fields common to every table."""
    return Source(
        id=f"bcn_{table.lower()}",
        producer="MENJ — DEPP (Base centrale des nomenclatures)",
        dataset=f"BCN — {dataset}",
        description=description,
        url=EXPORT_URL.format(table=table),
        method="POST",
        licence="Nomenclature publique du ministère (licence à confirmer sur le site de la BCN)",
        format="csv",
        encoding="latin-1",
        separator=";",
        quoting=False,
        cadence="continue",
        update_days=update_days,
        identifiers=identifiers,
        granularity="certification",
        sample=sample,
        key=key,
        columns=columns,
    )


SOURCES = [
    bcn_source(
        "V_FORMATION_DIPLOME",
        dataset="V_FORMATION_DIPLOME",
        update_days=EDITED_ALL_YEAR,
        description=(
            "Vue des codes diplômes préparables par apprentissage : union de N_FORMATION_DIPLOME et de "
            "N_FORMATION_DIPLOME_ENQUETE_51 (CFD, niveau, libellés, dates d'ouverture et de fermeture, niveau "
            "RNCP), sans colonnes de filiation."
        ),
        sample="bcn_v_formation_diplome/V_FORMATION_DIPLOME.csv",
        key=("formation_diplome",),
        columns=_DIPLOMA_COLUMNS,
    ),
    bcn_source(
        "N_FORMATION_DIPLOME_ENQUETE_51",
        dataset="N_FORMATION_DIPLOME_ENQUETE_51",
        update_days=EDITED_ALL_YEAR,
        description=(
            "Diplômes et titres préparés par apprentissage absents de N_FORMATION_DIPLOME (titres homologués, "
            "licences professionnelles, masters…), issus de l'enquête SIFA 51 : CFD, libellés, dates, code SISE, "
            "UAI de l'organisme habilité ; le numéro RNCP n'apparaît souvent que dans le commentaire libre."
        ),
        sample="bcn_n_formation_diplome_enquete_51/N_FORMATION_DIPLOME_ENQUETE_51.csv",
        key=("formation_diplome",),
        columns=(
            *_DIPLOMA_COLUMNS,
            Column("diplome_sise"),
            Column("habilitation_origine"),
            Column("numero_uai"),
        ),
        identifiers=("cfd", "sise", "uai"),
    ),
    bcn_source(
        "N_MEF",
        dataset="N_MEF",
        update_days=EDITED_ALL_YEAR,
        description=(
            "Modules élémentaires de formation (MEF, 10 chiffres) : diplôme préparé (CFD), dispositif, durée et "
            "année dans le cycle, codes statistiques MEF_STAT_11 et MEF_STAT_9, dates d'ouverture et de fermeture."
        ),
        sample="bcn_n_mef/N_MEF.csv",
        key=("mef",),
        columns=(
            Column("mef", required=True),
            Column("dispositif_formation", required=True),
            Column("formation_diplome", required=True),
            Column("duree_dispositif", required=True),
            Column("annee_dispositif", required=True),
            Column("libelle_court"),
            Column("libelle_long"),
            Column("date_ouverture", required=True),
            Column("date_fermeture"),
            Column("statut_mef"),
            Column("mef_inscription_scolarite"),
            Column("mef_stat_11", required=True),
            Column("mef_stat_9"),
            Column("date_intervention"),
            Column("libelle_edition"),
        ),
        identifiers=("mef", "mef_stat_11", "cfd"),
    ),
    bcn_source(
        "N_NIVEAU_FORMATION_DIPLOME",
        dataset="N_NIVEAU_FORMATION_DIPLOME",
        update_days=EDITED_FOR_RENTREE,
        description=(
            "Niveaux / types de diplôme (3 premiers caractères du CFD : 500 CAP, 400 BAC PRO, 320 BTS…) avec le "
            "niveau interministériel et le niveau de qualification européen (RNCP)."
        ),
        sample="bcn_n_niveau_formation_diplome/N_NIVEAU_FORMATION_DIPLOME.csv",
        key=("niveau_formation_diplome",),
        columns=(
            Column("niveau_formation_diplome", required=True),
            Column("niveau_interministeriel", required=True),
            Column("n_niveau_interministeriel_libelle_long"),
            Column("libelle_court", required=True),
            Column("libelle_100", required=True),
            Column("ancien_niveau"),
            *_DATES,
            Column("niveau_qualification_rncp"),
        ),
        identifiers=("niveau_formation_diplome",),
    ),
    bcn_source(
        "N_DISPOSITIF_FORMATION",
        dataset="N_DISPOSITIF_FORMATION",
        update_days=EDITED_FOR_RENTREE,
        description=(
            "Dispositifs de formation (3 premiers chiffres du MEF, ex. 240 CAP en 1 an, 311 BTS en 2 ans) : "
            "niveau de diplôme, libellés, dates d'ouverture et de fermeture."
        ),
        sample="bcn_n_dispositif_formation/N_DISPOSITIF_FORMATION.csv",
        key=("dispositif_formation",),
        columns=(
            Column("dispositif_formation", required=True),
            Column("niveau_formation_diplome", required=True),
            Column("libelle_court", required=True),
            Column("libelle_long", required=True),
            *_DATES,
        ),
        identifiers=("dispositif_formation",),
    ),
    bcn_source(
        "N_GROUPE_FORMATION",
        dataset="N_GROUPE_FORMATION",
        update_days=EDITED_FOR_RENTREE,
        description=(
            "Groupes de formations : familles de métiers (TG01), bac pro à options (TG02), BTS à options (TG03), "
            "avec libellés et dates d'ouverture et de fermeture."
        ),
        sample="bcn_n_groupe_formation/N_GROUPE_FORMATION.csv",
        key=("groupe_formation",),
        columns=(
            Column("groupe_formation", required=True),
            Column("type_groupe_formation", required=True),
            Column("libelle_court"),
            Column("libelle_long", required=True),
            Column("libelle_edition"),
            *_DATES,
        ),
        identifiers=("groupe_formation",),
    ),
    bcn_source(
        "N_LIEN_FORMATION_GROUPE",
        dataset="N_LIEN_FORMATION_GROUPE",
        update_days=EDITED_FOR_RENTREE,
        description=(
            "Appartenance des diplômes (CFD) aux groupes de formations : relie une seconde commune ou une famille "
            "de métiers aux CFD de ses options, avec dates d'ouverture et de fermeture du lien."
        ),
        sample="bcn_n_groupe_formation/N_LIEN_FORMATION_GROUPE.csv",
        key=("groupe_formation", "formation_diplome"),
        columns=(
            Column("groupe_formation", required=True),
            Column("formation_diplome", required=True),
            Column("date_ouverture", required=True),
            Column("date_fermeture"),
            Column("date_intervention"),
        ),
        identifiers=("groupe_formation", "cfd"),
    ),
    bcn_source(
        "N_TYPE_GROUPE_FORMATION",
        dataset="N_TYPE_GROUPE_FORMATION",
        update_days=EDITED_FOR_RENTREE,
        description=(
            "Types de groupes de formations : TG01 famille de métiers, TG02 bac pro à options hors famille de "
            "métiers, TG03 BTS à options."
        ),
        sample="bcn_n_groupe_formation/N_TYPE_GROUPE_FORMATION.csv",
        key=("type_groupe_formation",),
        columns=(
            Column("type_groupe_formation", required=True),
            Column("libelle_court"),
            Column("libelle_long", required=True),
            Column("libelle_edition"),
            *_DATES,
        ),
        identifiers=("type_groupe_formation",),
    ),
]
