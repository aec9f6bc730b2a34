"""The `anomalies` register on the real samples: one register for UAI↔SIRET evidence and the certification
referential, every problem routed to the producer who can fix it, with counts checked against an independent
recount on the published tables and the staging models."""

import hashlib

import pytest

from tests.conftest import NIGHTLY_AS_OF as D1

KIT = "France compétences (Kit géré par Certif Info depuis octobre 2023)"
BCN = "MENJ — DEPP (Base centrale des nomenclatures)"
CERTIFICATION_RULES = (
    "cfd_without_rncp",
    "rncp_without_cfd",
    "cfd_missing_leading_zero",
    "invalid_cfd",
    "invalid_rncp",
    "lineage_cycle",
    "lineage_dangling",
    "rncp_lineage_cycle",
)
UAI_SIRET_ANOMALIES = 39  # the UAI↔SIRET part of the register, unchanged by the certification rules


@pytest.fixture
def published(nightly_samples):
    workspace, result = nightly_samples
    assert result.success
    return workspace


def _published(workspace, sql, params=None):
    return workspace.query(sql, params, database=workspace.publication)


def _anomaly(workspace, rule, cfd=None, rncp=None):
    return _published(
        workspace,
        "select rule, producer, source_id, cfd, rncp, cfd_status, rncp_status, detail, resolution, first_seen, "
        "last_seen, status from anomalies where rule = ? and cfd is not distinct from ? "
        "and rncp is not distinct from ?",
        [rule, cfd, rncp],
    )


def test_register_columns_and_keys(published):
    assert [
        name
        for (name,) in _published(
            published,
            "select column_name from duckdb_columns() where table_name = 'anomalies' order by column_index",
        )
    ] == [
        "anomaly_id",
        "rule",
        "producer",
        "source_id",
        "uai",
        "siret",
        "uai_status",
        "siret_status",
        "cfd",
        "rncp",
        "cfd_status",
        "rncp_status",
        "detail",
        "resolution",
        "first_seen",
        "last_seen",
        "status",
    ]
    # The GX suite: unique anomaly_id, producer never null; ids are md5(rule|source|codes) in both families.
    assert _published(
        published,
        "select count(*), count(distinct anomaly_id), count(producer), count(detail), count(resolution) from anomalies",
    ) == [(UAI_SIRET_ANOMALIES + 288,) * 5]
    certification = "rule in (" + ", ".join(f"'{rule}'" for rule in CERTIFICATION_RULES) + ")"
    assert _published(
        published,
        "select count(*) from anomalies where anomaly_id <> case "  # noqa: S608 — constants of this module
        f"when {certification} "
        "then md5(rule || '|' || source_id || '|' || coalesce(cfd, '') || '|' || coalesce(rncp, '')) "
        "else md5(rule || '|' || source_id || '|' || coalesce(uai, '') || '|' || coalesce(siret, '')) end "
        # certification rules carry a code and no UAI/SIRET; UAI↔SIRET rules no CFD/RNCP
        f"or ({certification} and (coalesce(uai, siret, uai_status, siret_status) is not null "
        "or coalesce(cfd, rncp) is null)) "
        f"or (not {certification} and coalesce(cfd, rncp, cfd_status, rncp_status) is not null)",
    ) == [(0,)]
    # A single load: every anomaly was first and last seen on it, and is open.
    assert _published(published, "select distinct first_seen, last_seen, status from anomalies") == [(D1, D1, "open")]


def test_counts_per_rule_match_an_independent_recount(published):
    counts = dict(
        _published(
            published,
            "select rule, count(*) from anomalies where cfd is not null or rncp is not null group by rule",
        )
    )
    # Gaps of corr_cfd_rncp in force on the load day, on open codes (CFDs that are certifications; fiches open to
    # apprenticeship), from the published tables.
    gaps_in_force = (
        "select count(distinct links.{side}) from corr_cfd_rncp as links "
        "inner join dim_certification as codes on codes.code = links.{side} and codes.kind = '{kind}' "
        "where links.is_current and links.rule = '{rule}' and coalesce(links.valid_from, date '1900-01-01') <= ? "
        "and (links.valid_to is null or links.valid_to > ?) and codes.is_active and {condition}"
    )
    cfd_gaps = _published(
        published,
        gaps_in_force.format(
            side="cfd",
            kind="cfd",
            rule="cfd_without_rncp",
            condition="coalesce(codes.nature_code, '') not in ('S', '4', 'P')",
        ),
        [D1, D1],
    )[0][0]
    rncp_gaps = _published(
        published,
        gaps_in_force.format(
            side="rncp", kind="rncp", rule="rncp_without_cfd", condition="codes.is_open_to_apprenticeship"
        ),
        [D1, D1],
    )[0][0]
    # Codes as published by the sources asserting CFD↔RNCP pairs (staging, in the warehouse).
    lines = (
        "select source_id, cfd_raw, cfd, cfd_status, rncp, rncp_status from staging.stg_kit__cfd_rncp "
        "union all select source_id, cfd_raw, cfd, cfd_status, rncp, rncp_status "
        "from staging.stg_certif_info__certifications "
        "union all select source_id, code_raw, cfd, cfd_status, rncp, rncp_status from staging.stg_dgesco__diplomes"
    )
    pairs = "count(distinct source_id || '|' || coalesce(cfd, '') || '|' || coalesce(rncp, ''))"
    missing_zero = published.query(
        f"select {pairs} from ({lines}) as lines where regexp_full_match(trim(cfd_raw), '[0-9]{{7}}')"  # noqa: S608
    )[0][0]
    invalid_cfd = published.query(
        f"select {pairs} from ({lines}) as lines where cfd_status in ('invalid_format', 'invalid_check')"  # noqa: S608
    )[0][0]
    invalid_rncp = published.query(
        f"select {pairs} from ({lines}) as lines where rncp_status in ('invalid_format', 'invalid_check')"  # noqa: S608
    )[0][0]
    # Lineage: CFDs absent from the BCN tables but cited by an edge, self-loops, RNCP cycles (published tables).
    dangling = _published(
        published,
        "select count(*) from (select old_cfd from lineage_cfd where is_current and dangling_end in ('old', 'both') "
        "union select new_cfd from lineage_cfd where is_current and dangling_end in ('new', 'both')) as codes",
    )[0][0]
    self_loops = _published(
        published, "select count(distinct old_cfd) from lineage_cfd where is_current and is_self_loop"
    )[0][0]
    # No multi-CFD cycle in the samples: the self-loop is the only lineage cycle.
    assert _published(published, "select count(*) from dim_certification where lineage_resolution = 'cycle'") == [(0,)]
    rncp_cycles = _published(
        published,
        "select count(distinct source_id || '|' || old_code) from lineage_rncp where is_current and is_in_cycle",
    )[0][0]
    recount = {
        "cfd_without_rncp": cfd_gaps,
        "rncp_without_cfd": rncp_gaps,
        "cfd_missing_leading_zero": missing_zero,
        "invalid_cfd": invalid_cfd,
        "invalid_rncp": invalid_rncp,
        "lineage_cycle": self_loops,
        "lineage_dangling": dangling,
        "rncp_lineage_cycle": rncp_cycles,
    }
    assert counts == {rule: count for rule, count in recount.items() if count}
    # The figures of the samples (BCN extract: most dangling codes are rows outside the extract).
    assert counts == {
        "cfd_without_rncp": 52,
        "cfd_missing_leading_zero": 70,
        "invalid_rncp": 1,
        "lineage_cycle": 1,
        "lineage_dangling": 164,
    }
    # The RNCP gaps of the samples are all on inactive fiches: nothing to route.
    assert _published(
        published, "select count(*) from corr_cfd_rncp where rule = 'rncp_without_cfd' and is_current"
    ) == [(7,)]
    assert _published(
        published,
        "select rule, source_id, producer, count(*) from anomalies where cfd is not null or rncp is not null "
        "group by all order by all",
    ) == [
        ("cfd_missing_leading_zero", "kit_apprentissage_v3_0", KIT, 70),
        ("cfd_without_rncp", "kit_apprentissage_20250131", KIT, 52),
        ("invalid_rncp", "dgesco_diplomes", "MENJ — DGESCO", 1),
        ("lineage_cycle", "bcn_n_formation_diplome", BCN, 1),
        ("lineage_dangling", "bcn_n_formation_diplome", BCN, 164),
    ]


def test_open_cfds_without_rncp_are_routed_to_the_kit(published):
    # BTS SIO: the common year 32032612 never had a fiche; options A/B lost theirs when RNCP35340 ended
    # (RNCP40792 is absent from the Kit 2025-01-31).
    assert _anomaly(published, "cfd_without_rncp", cfd="32032612") == [
        (
            "cfd_without_rncp",
            KIT,
            "kit_apprentissage_20250131",
            "32032612",
            None,
            None,
            None,
            "CFD ouvert « SERVICES INFORMATIQUES AUX ORGANISATIONS BTS 1ERE ANNEE » sans fiche RNCP en vigueur "
            "depuis le 2020-09-01 : aucune source (Kit apprentissage, Certif Info, liste DGESCO) ne lui associe de "
            "fiche ; année commune ou tronc commun (nature T) : la fiche RNCP est en général portée par les options.",
            "Lacune publiée dans corr_cfd_rncp (règle cfd_without_rncp), liens proposés dans gap_cfd_rncp (jamais "
            "promus) ; le Kit apprentissage (2025-01-31) devrait donner la fiche RNCP de ce CFD.",
            D1,
            D1,
            "open",
        )
    ]
    assert _published(
        published,
        "select cfd, detail from anomalies where rule = 'cfd_without_rncp' and cfd in ('32032613', '32032614') "
        "order by cfd",
    ) == [
        (
            "32032613",
            "CFD ouvert « SERVICES INFORMATIQUES AUX ORGANISATIONS OPTION A SOLUTIONS D'INFRASTRUCTURE, SYSTEMES ET "
            "RESEAUX (BTS) » sans fiche RNCP en vigueur depuis le 2025-09-01 : la fiche associée (RNCP35340) a pris "
            "fin et aucune source (Kit apprentissage, Certif Info, liste DGESCO) ne donne la suivante.",
        ),
        (
            "32032614",
            "CFD ouvert « SERVICES INFORMATIQUES AUX ORGANISATIONS OPTION B SOLUTIONS LOGICIELLES ET APPLICATIONS "
            "METIERS (BTS) » sans fiche RNCP en vigueur depuis le 2025-09-01 : la fiche associée (RNCP35340) a pris "
            "fin et aucune source (Kit apprentissage, Certif Info, liste DGESCO) ne donne la suivante.",
        ),
    ]
    # Closed CFDs (the former common year 32032609) and statistical groupings (nature S) are not anomalies,
    # although corr_cfd_rncp shows their gaps.
    assert _published(
        published,
        "select cfd, valid_to is null from corr_cfd_rncp where rule = 'cfd_without_rncp' "
        "and cfd in ('32032609', '50099999') order by cfd",
    ) == [("32032609", False), ("50099999", True)]
    assert _published(published, "select count(*) from anomalies where cfd in ('32032609', '50099999')") == [(0,)]


def test_code_defects_are_routed_to_the_source_that_published_them(published):
    # Kit v3.0: Excel dropped the leading zero of the MC 01022001.
    assert _anomaly(published, "cfd_missing_leading_zero", cfd="01022001", rncp="RNCP955") == [
        (
            "cfd_missing_leading_zero",
            KIT,
            "kit_apprentissage_v3_0",
            "01022001",
            "RNCP955",
            "normalised",
            "valid",
            "CFD publié « 1022001 » sur 7 chiffres (zéro de tête perdu, probablement par un tableur) ; valeur "
            "complétée : 01022001.",
            "Couple retenu avec le CFD complété ; la source devrait publier le CFD sur 8 caractères (colonne au "
            "format texte).",
            D1,
            D1,
            "open",
        )
    ]
    # The same couple in the other Kit versions and Certif Info is well formed: no anomaly there.
    assert _published(published, "select source_id from anomalies where cfd = '01022001'") == [
        ("kit_apprentissage_v3_0",)
    ]
    # DGESCO list: « en cours » instead of an RNCP number.
    assert _anomaly(published, "invalid_rncp", cfd="50023114", rncp="ENCOURS") == [
        (
            "invalid_rncp",
            "MENJ — DGESCO",
            "dgesco_diplomes",
            "50023114",
            "ENCOURS",
            "normalised",
            "invalid_format",
            "Numéro RNCP publié « en cours » : format incorrect (attendu : RNCP ou RS suivi de chiffres).",
            "Couple publié tel quel dans corr_cfd_rncp (code inconnu du référentiel), jamais corrigé "
            "automatiquement ; la source devrait publier le code exact.",
            D1,
            D1,
            "open",
        )
    ]


def test_lineage_defects_are_routed_to_the_bcn(published):
    assert _anomaly(published, "lineage_cycle", cfd="50022426") == [
        (
            "lineage_cycle",
            BCN,
            "bcn_n_formation_diplome",
            "50022426",
            None,
            None,
            None,
            "Filiation circulaire : le CFD 50022426 est déclaré comme son propre nouveau diplôme (NOUVEAU_DIPLOME_*).",
            "Lien publié dans lineage_cfd (is_self_loop) et ignoré pour le CFD courant ; la BCN devrait retirer ce "
            "lien.",
            D1,
            D1,
            "open",
        )
    ]
    assert _published(
        published, "select old_cfd, new_cfd, declared_on from lineage_cfd where is_self_loop and is_current"
    ) == [("50022426", "50022426", "old")]
    missing = (
        ", ne figure dans aucune table diplômes de la BCN chargée (N_FORMATION_DIPLOME, V_FORMATION_DIPLOME, "
        "N_FORMATION_DIPLOME_ENQUETE_51)."
    )
    assert _published(
        published,
        "select cfd, producer, source_id, detail, resolution from anomalies where rule = 'lineage_dangling' "
        "and cfd in ('01025301', '50024213') order by cfd",
    ) == [
        (
            "01025301",
            BCN,
            "bcn_n_formation_diplome",
            "Le CFD 01025301, cité comme ancien diplôme de 01025303, 01025304, 01025305" + missing,
            "Lien publié dans lineage_cfd avec is_dangling ; la BCN devrait publier ce CFD ou retirer le lien.",
        ),
        (
            "50024213",
            BCN,
            "bcn_n_formation_diplome",
            "Le CFD 50024213, cité comme nouveau diplôme de 50024307" + missing,
            "Lien publié dans lineage_cfd avec is_dangling ; la BCN devrait publier ce CFD ou retirer le lien.",
        ),
    ]
    assert _published(
        published,
        "select old_cfd, new_cfd, dangling_end from lineage_cfd where is_current and is_dangling "
        "and (old_cfd = '01025301' or new_cfd = '50024213') order by all",
    ) == [
        ("01025301", "01025303", "old"),
        ("01025301", "01025304", "old"),
        ("01025301", "01025305", "old"),
        ("50024307", "50024213", "new"),
    ]


def test_uai_siret_part_of_the_register_is_unchanged(published):
    assert _published(
        published,
        "select count(*), count(distinct rule) from anomalies where cfd is null and rncp is null",
    ) == [(UAI_SIRET_ANOMALIES, 5)]
    assert _published(
        published,
        "select anomaly_id, rule, source_id, uai, siret from anomalies where rule = 'siret_missing_leading_zero'",
    ) == [
        (
            hashlib.md5(b"siret_missing_leading_zero|tdb_fiabilisation|0754226L|03820459800018").hexdigest(),
            "siret_missing_leading_zero",
            "tdb_fiabilisation",
            "0754226L",
            "03820459800018",
        )
    ]
