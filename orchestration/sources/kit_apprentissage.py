"""Kit apprentissage (France compétences, run by Certif Info since Oct 2023): the official CFD↔RNCP table.

Each published version is a frozen file with its own layout (sources.md §2.12): the RNCP column is renamed at
almost every version (`CodeRNCP`, `FicheRNCP`, `Code_RNCP`), v1.0 has five columns, v2.0–2023 nine, the xlsx
files seventeen (sheet "Kit Apprentissage", header on row 2). One source per version file, all mapped onto the
same raw column names through aliases, so that `stg_kit__cfd_rncp` is a plain union. `extra["version_date"]`
is the date the version was published; `extra["kit_version"]` its label.

Download: these versions are no longer online at France compétences; each is downloaded from the public copy
named in data/samples/kit_apprentissage/PROVENANCE.md (raw GitHub file). The live Kit is served since mid-2024
by the token-protected « API Kit Apprentissage » of France compétences: not implemented (needs a token).
"""

from urllib.parse import quote

from orchestration.registry import Column, Source

_ORIGIN = "https://www.francecompetences.fr/referentiels-et-bases-de-donnees/"
_LICENCE = "Non précisée (à confirmer auprès de France compétences)"
_API_APPRENTISSAGE = "mission-apprentissage/api-apprentissage"
# Copies are pinned to the commits PROVENANCE.md names: a frozen version must not change under a branch name.
_API_APPRENTISSAGE_2024_04 = "96a0e006529c73c3f4ca0cb5df495aa2fea30bfd"

# One definition per raw column, with every header it has carried; each version declares the ones it has.
_CFD = Column("code_diplome", required=True, aliases=("CodeDiplome",))  # v1.0; later "Code Diplôme", "Code_Diplome"
_DIPLOMA_LABEL = Column("intitule_diplome_depp", aliases=("Intitulé Diplôme",))
# "CodeRNCP" (v1.0), "Code RNCP" (v2.0), "FicheRNCP" (v3.0, xlsx), "Code_RNCP" (2023-12-18).
_RNCP = Column("code_rncp", required=True, aliases=("CodeRNCP", "FicheRNCP"))
_LEVEL = Column("niveau_fiche_rncp", aliases=("Niveau2019",))
_DIPLOMA_TYPE = Column("abrege_de_diplome_rncp", aliases=("type Diplôme",))
_V2_COLUMNS = (
    Column("derniere_maj"),
    Column("acces_a_l_apprentissage_de_la_fiche_rncp_oui_non"),
    Column("date_d_echeance_de_la_fiche_rncp"),
    Column("fiche_active_inactive"),
)
# Headers of the xlsx files (line breaks inside the cells are absorbed by the header normalisation).
_XLSX_COLUMNS = (
    Column("intitule_certification_rncp"),
    Column("type_d_enregistrement"),
    Column("date_de_publication_de_la_fiche_enregistrement_de_droit"),
    Column("date_de_decision_enregistrement_sur_demande"),
    Column("date_de_debut_des_parcours_certifiants_enregistrement_de_droit"),
    Column("date_limite_de_la_delivrance"),
    Column("nouvelle_certification_rempla_rncp"),
    Column("ancienne_certification_rncp"),
)
_V1_COLUMNS = (_CFD, _DIPLOMA_LABEL, _RNCP, _LEVEL, _DIPLOMA_TYPE)


def _kit_version(
    source_id: str,
    *,
    kit_version: str,
    version_date: str,
    sample: str,
    copy_path: str,
    copy_repo: str = _API_APPRENTISSAGE,
    copy_ref: str,
    columns: tuple[Column, ...],
    file_format: str = "csv",
    encoding: str = "utf-8",
    quoting: bool = True,
    extra: dict | None = None,
    note: str = "",
) -> Source:
    return Source(
        id=source_id,
        producer="France compétences (Kit géré par Certif Info depuis octobre 2023)",
        dataset=f"Kit apprentissage — version {kit_version}"
        + ("" if kit_version == version_date else f" du {version_date}"),
        description=(
            "Table officielle de passage CFD ↔ RNCP des certifications ouvertes à l'apprentissage, "
            f"version {kit_version} publiée le {version_date} : un couple (code diplôme, fiche RNCP) par ligne, "
            "`NR` quand la fiche n'est pas renseignée." + (f" {note}" if note else "")
        ),
        url=f"https://raw.githubusercontent.com/{copy_repo}/{copy_ref}/{quote(copy_path)}",
        access_note=(
            f"Version figée publiée par France compétences ({_ORIGIN}), qui ne la diffuse plus : téléchargée "
            f"depuis sa copie publique du dépôt {copy_repo} ({copy_path}). Le Kit courant est servi depuis mi-2024 "
            "par l'« API Kit Apprentissage » de France compétences (jeton requis, non branchée)."
        ),
        licence=_LICENCE,
        format=file_format,
        encoding=encoding,
        separator=";" if file_format == "csv" else "",
        quoting=quoting,
        cadence="version figée (le Kit est republié environ chaque mois)",
        update_days=None,
        identifiers=("cfd", "rncp"),
        granularity="certification",
        sample=sample,
        key=("code_diplome", "code_rncp"),
        columns=columns,
        extra={"kit_version": kit_version, "version_date": version_date, **(extra or {})},
    )


SOURCES = [
    _kit_version(
        "kit_apprentissage_v1_0",
        kit_version="v1.0",
        version_date="2020-04-14",
        sample="kit_apprentissage/Kit apprentissage et RNCP v1.0.csv",
        copy_path="server/static/kit_apprentissage/Kit apprentissage et RNCP v1.0.csv",
        copy_ref=_API_APPRENTISSAGE_2024_04,
        columns=_V1_COLUMNS,
        # The sample extract cut a multi-line quoted label after its first line (CFD 40025216): with quoting
        # on, that unterminated quote would swallow the following rows. Read unquoted: that row is
        # quarantined, and the quotes around a few labels are removed in staging.
        quoting=False,
        note="Cinq colonnes : ni état de la fiche, ni accès à l'apprentissage.",
    ),
    _kit_version(
        "kit_apprentissage_v3_0",
        kit_version="v3.0",
        version_date="2023-06-19",
        sample="kit_apprentissage/Kit apprentissage et RNCP v3.0.csv",
        copy_path="server/static/kit_apprentissage/Kit apprentissage et RNCP v3.0.csv",
        copy_ref=_API_APPRENTISSAGE_2024_04,
        columns=(*_V1_COLUMNS, *_V2_COLUMNS),
        note="Les CFD passés par Excel ont perdu leur zéro de tête (`1022001`).",
    ),
    _kit_version(
        "kit_apprentissage_20231218",
        kit_version="2023-12-18",
        version_date="2023-12-18",
        sample="kit_apprentissage/Kit_apprentissage_20231218.csv",
        # Not in api-apprentissage: the copy named in PROVENANCE.md.
        copy_path="server/src/jobs/rncpImporter/assets/Kit_apprentissage_20231218.csv",
        copy_repo="mission-apprentissage/tables-correspondances",
        copy_ref="5cb4497165c9ed3e0433ef2f9fd52c38e98d606c",
        columns=(*_V1_COLUMNS, *_V2_COLUMNS),
        note="Première version produite par Certif Info (`Dernière MaJ` = `CI-…`).",
    ),
    _kit_version(
        "kit_apprentissage_20250131",
        kit_version="2025-01-31",
        version_date="2025-01-31",
        sample="kit_apprentissage/Kit_apprentissage_20250131.xlsx",
        copy_path="server/static/kit_apprentissage/Kit_apprentissage_20250131.xlsx",
        copy_ref="2b1a052ae753395e54dd840de04f1c8ccd25eb3a",
        columns=(*_V1_COLUMNS, *_V2_COLUMNS, *_XLSX_COLUMNS),
        file_format="xlsx",
        encoding="xlsx",
        extra={"sheet": "Kit Apprentissage", "header_row": 2},
        note=(
            "Classeur : onglet « Kit Apprentissage » (en-tête en ligne 2), avec type d'enregistrement, dates "
            "de la fiche et fiches RNCP ancienne / nouvelle."
        ),
    ),
]
