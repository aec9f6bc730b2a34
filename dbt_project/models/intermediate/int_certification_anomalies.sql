-- Problems found in the certification referential (CFD, RNCP, their links and lineages) on each load, each routed
-- to the producer who can fix it (governance principle "shared responsibility"): one row per anomaly and load,
-- unioned with int_uai_siret_anomalies in the `anomalies` register.
--   cfd_without_rncp          open CFD (a certification) with a CFD↔RNCP gap in force at the load → latest Kit
--   rncp_without_cfd          active RNCP fiche open to apprenticeship with a gap in force → the RNCP export
--   cfd_missing_leading_zero  7-digit CFD completed to 8 (Kit, Certif Info, DGESCO list) → that source
--   invalid_cfd / invalid_rncp  code failing its format in a source asserting CFD↔RNCP pairs → that source
--   lineage_cycle             BCN lineage cycle (int_cfd_current) or CFD declared as its own successor → BCN
--   lineage_dangling          lineage edge naming a CFD absent from every BCN diploma table loaded → BCN
--   rncp_lineage_cycle        RNCP/RS lineage edge in a cycle (lineage_rncp.is_in_cycle) → the RNCP export
-- Lineage flags are read from lineage_cfd / lineage_rncp (SCD2): a version is seen on every load of its source
-- from known_from to last_seen_as_of, so it is expanded to those loads (int_loads, joined on source_id).
-- Only key joins: every range filter applies to rows already restricted to anomalies.
{%- set far_past = "date '1900-01-01'" %}
{%- set far_future = "date '9999-12-31'" %}
with certifications as (
    select * from {{ incoming_loads(ref('int_certifications')) }} as int_certifications
),

gaps_in_force as (
    -- Gap slices of corr_cfd_rncp in force on the load day (an open-ended slice of an open code, or a slice up to
    -- a closing or registration end still to come).
    select as_of, link_kind, cfd, rncp, valid_from, valid_to
    from {{ incoming_loads(ref('int_cfd_rncp_links')) }} as int_cfd_rncp_links
    where link_kind in ('cfd_without_rncp', 'rncp_without_cfd')
        and coalesce(valid_from, {{ far_past }}) <= as_of
        and coalesce(valid_to, {{ far_future }}) > as_of
),

latest_kit as (
    select * from {{ incoming_loads(ref('int_kit_latest_versions')) }} as int_kit_latest_versions
),

ended_pairs as (
    -- The fiches whose pair ended where an in-force CFD gap starts (their registration ended).
    select gaps.as_of, gaps.cfd, {{ sorted_list('pairs.rncp') }} as rncps
    from gaps_in_force as gaps
    inner join {{ incoming_loads(ref('int_cfd_rncp_links')) }} as pairs
        on pairs.as_of = gaps.as_of and pairs.cfd = gaps.cfd and pairs.link_kind = 'asserted'
        and pairs.valid_to = gaps.valid_from
    where gaps.link_kind = 'cfd_without_rncp'
    group by gaps.as_of, gaps.cfd
),

cfd_without_rncp as (
    -- Natures that are not certifications get no RNCP: S groupement statistique, 4 classe ou cycle, P classe
    -- prépa (sources.md, NATURE_FORMATION_DIPLOME). Common years (T) are kept: they are the options gap.
    select gaps.as_of, kit.source_id, gaps.cfd, cast(null as varchar) as rncp,
        cast(null as varchar) as cfd_status, cast(null as varchar) as rncp_status, 'cfd_without_rncp' as rule,
        'CFD ouvert « ' || coalesce(cfd.label, 'sans libellé') || ' » sans fiche RNCP en vigueur'
            || case
                when ended.rncps is not null then ' depuis le ' || cast(gaps.valid_from as varchar)
                    || ' : la fiche associée (' || ended.rncps || ') a pris fin et aucune source (Kit '
                    || 'apprentissage, Certif Info, liste DGESCO) ne donne la suivante'
                else case when gaps.valid_from is null then '' else ' depuis le ' || cast(gaps.valid_from as varchar) end
                    || ' : aucune source (Kit apprentissage, Certif Info, liste DGESCO) ne lui associe de fiche'
            end
            || case when cfd.nature_code = 'T'
                then ' ; année commune ou tronc commun (nature T) : la fiche RNCP est en général portée par '
                    || 'les options.'
                else '.' end
            as detail,
        'Lacune publiée dans corr_cfd_rncp (règle cfd_without_rncp)'
            || case when cfd.nature_code = 'T'
                then ', liens proposés dans gap_cfd_rncp (jamais promus)' else '' end
            || ' ; le Kit apprentissage (' || kit.kit_version || ') devrait donner la fiche RNCP de ce CFD.'
            as resolution
    from gaps_in_force as gaps
    inner join certifications as cfd
        on cfd.as_of = gaps.as_of and cfd.code = gaps.cfd and cfd.kind = 'cfd'
    inner join latest_kit as kit on kit.as_of = gaps.as_of
    left join ended_pairs as ended on ended.as_of = gaps.as_of and ended.cfd = gaps.cfd
    where gaps.link_kind = 'cfd_without_rncp' and cfd.is_active
        and coalesce(cfd.nature_code, '') not in ('S', '4', 'P')
),

rncp_without_cfd as (
    select gaps.as_of, fiche.found_in as source_id, cast(null as varchar) as cfd, gaps.rncp,
        cast(null as varchar) as cfd_status, cast(null as varchar) as rncp_status, 'rncp_without_cfd' as rule,
        'Fiche active et ouverte à l''apprentissage « ' || coalesce(fiche.label, 'sans intitulé')
            || ' » sans CFD en vigueur'
            || case when gaps.valid_from is null then '' else ' depuis le ' || cast(gaps.valid_from as varchar) end
            || ' : aucun couple du Kit apprentissage, de Certif Info ni de la liste DGESCO ne la couvre.' as detail,
        'Lacune publiée dans corr_cfd_rncp (règle rncp_without_cfd) ; le diplôme préparé en apprentissage devrait '
            || 'recevoir un CFD et figurer dans le Kit apprentissage.' as resolution
    from gaps_in_force as gaps
    inner join certifications as fiche
        on fiche.as_of = gaps.as_of and fiche.code = gaps.rncp and fiche.kind = 'rncp'
    where gaps.link_kind = 'rncp_without_cfd' and fiche.is_active and fiche.is_open_to_apprenticeship
),

pair_lines as (
    -- Every line of the sources asserting CFD↔RNCP pairs, with the codes as published.
    select as_of, source_id, source_row_number, cfd_raw, cfd, cfd_status, rncp_raw, rncp, rncp_status
    from {{ incoming_loads(ref('stg_kit__cfd_rncp')) }} as stg_kit__cfd_rncp
    union all
    select as_of, source_id, source_row_number, cfd_raw, cfd, cfd_status, rncp_raw, rncp, rncp_status
    from {{ incoming_loads(ref('stg_certif_info__certifications')) }} as stg_certif_info__certifications
    union all
    select as_of, source_id, source_row_number, code_raw, cfd, cfd_status, rncp_raw, rncp, rncp_status
    from {{ incoming_loads(ref('stg_dgesco__diplomes')) }} as stg_dgesco__diplomes
),

flagged_lines as (
    select *,
        cfd_status = 'normalised' and coalesce({{ regex_match(clean_code('cfd_raw'), '[0-9]{7}') }}, false)
            as is_cfd_missing_zero
    from pair_lines
    where cfd_status in ('normalised', 'invalid_format', 'invalid_check')
        or rncp_status in ('invalid_format', 'invalid_check')
),

code_problems as (
    select *, 'cfd_missing_leading_zero' as rule from flagged_lines where is_cfd_missing_zero
    union all
    select *, 'invalid_cfd' from flagged_lines where cfd_status in ('invalid_format', 'invalid_check')
    union all
    select *, 'invalid_rncp' from flagged_lines where rncp_status in ('invalid_format', 'invalid_check')
),

code_anomalies as (
    -- A pair repeated in one file is one anomaly: its first line.
    select as_of, source_id, cfd, rncp, cfd_status, rncp_status, rule,
        case rule
            when 'cfd_missing_leading_zero' then
                'CFD publié « ' || trim(cfd_raw) || ' » sur 7 chiffres (zéro de tête perdu, probablement par un '
                || 'tableur) ; valeur complétée : ' || cfd || '.'
            when 'invalid_cfd' then
                'CFD publié « ' || cfd_raw || ' » : '
                || case cfd_status when 'invalid_check' then 'clé de contrôle fausse'
                    else 'format incorrect (attendu : 8 caractères, 3 lettres ou chiffres, 3 chiffres, 2 lettres '
                        || 'ou chiffres)' end || '.'
            else
                'Numéro RNCP publié « ' || rncp_raw || ' » : '
                || case rncp_status when 'invalid_check' then 'clé de contrôle fausse'
                    else 'format incorrect (attendu : RNCP ou RS suivi de chiffres)' end || '.'
        end as detail,
        case
            when rule = 'cfd_missing_leading_zero' and rncp is not null then
                'Couple retenu avec le CFD complété ; la source devrait publier le CFD sur 8 caractères (colonne '
                || 'au format texte).'
            when rule = 'cfd_missing_leading_zero' then
                'CFD complété, aucun couple (pas de numéro RNCP sur la ligne) ; la source devrait publier le CFD sur '
                || '8 caractères (colonne au format texte).'
            when cfd is not null and rncp is not null then
                'Couple publié tel quel dans corr_cfd_rncp (code inconnu du référentiel), jamais corrigé '
                || 'automatiquement ; la source devrait publier le code exact.'
            else
                'Aucun couple créé, le code n''est jamais corrigé automatiquement ; la source devrait publier le '
                || 'code exact.'
        end as resolution
    from (
        select *,
            row_number() over (
                partition by as_of, source_id, rule, cfd, rncp order by source_row_number
            ) as line_rank
        from code_problems
    ) as ranked
    where line_rank = 1
),

lineage_cfd_loads as (
    -- lineage_cfd versions flagged as a problem, on every load that showed them.
    select loads.as_of, edges.source_id, edges.old_cfd, edges.new_cfd, edges.declared_on, edges.is_self_loop,
        edges.dangling_end
    from {{ ref('lineage_cfd') }} as edges
    inner join {{ incoming_loads(ref('int_loads')) }} as loads
        on loads.source_id = edges.source_id
        and loads.as_of >= edges.known_from and loads.as_of <= edges.last_seen_as_of
    where edges.is_self_loop or edges.is_dangling
),

self_loops as (
    select as_of, source_id, old_cfd as cfd, cast(null as varchar) as rncp, cast(null as varchar) as cfd_status,
        cast(null as varchar) as rncp_status, 'lineage_cycle' as rule,
        'Filiation circulaire : le CFD ' || old_cfd || ' est déclaré comme son propre '
            || case declared_on when 'old' then 'nouveau diplôme (NOUVEAU_DIPLOME_*)'
                when 'new' then 'ancien diplôme (ANCIEN_DIPLOME_*)'
                else 'ancien et nouveau diplôme' end || '.' as detail,
        'Lien publié dans lineage_cfd (is_self_loop) et ignoré pour le CFD courant ; la BCN devrait retirer ce '
            || 'lien.' as resolution
    from lineage_cfd_loads
    where is_self_loop
),

walk_cycles as (
    -- A CFD lies on a cycle when its walk closes on itself: the last CFD reached (single successor each time)
    -- leads back to it, i.e. that CFD's own walk starts with this one.
    select walks.as_of, 'bcn_n_formation_diplome' as source_id, walks.cfd, cast(null as varchar) as rncp,
        cast(null as varchar) as cfd_status, cast(null as varchar) as rncp_status, 'lineage_cycle' as rule,
        'Filiation circulaire : ' || walks.path || ' > ' || walks.cfd || '.' as detail,
        'Pas de CFD courant pour les CFD du cycle (int_cfd_current : cycle) ; la BCN devrait corriger les '
            || 'colonnes ANCIEN_DIPLOME_* / NOUVEAU_DIPLOME_* en cause.' as resolution
    from {{ incoming_loads(ref('int_cfd_current')) }} as walks
    -- int_cfd_current walks the edges of N_FORMATION_DIPLOME only (macro cfd_lineage_edges), hence the source.
    inner join {{ incoming_loads(ref('int_cfd_current')) }} as closing
        on closing.as_of = walks.as_of and closing.cfd = walks.reached_cfd
    where walks.resolution_status = 'cycle'
        and split_part(closing.path, ' > ', 2) = walks.cfd
),

dangling_ends as (
    select as_of, source_id, old_cfd as missing_cfd, new_cfd as other_cfd, 'ancien' as missing_role
    from lineage_cfd_loads
    where dangling_end in ('old', 'both')
    union all
    select as_of, source_id, new_cfd, old_cfd, 'nouveau'
    from lineage_cfd_loads
    where dangling_end in ('new', 'both')
),

dangling as (
    -- One anomaly per absent CFD, naming every CFD whose lineage cites it.
    select as_of, source_id, missing_cfd as cfd, cast(null as varchar) as rncp, cast(null as varchar) as cfd_status,
        cast(null as varchar) as rncp_status, 'lineage_dangling' as rule,
        'Le CFD ' || missing_cfd || ', cité comme ' || missing_role || ' diplôme de ' || {{ sorted_list('other_cfd') }}
            || ', ne figure dans aucune table diplômes de la BCN chargée (N_FORMATION_DIPLOME, '
            || 'V_FORMATION_DIPLOME, N_FORMATION_DIPLOME_ENQUETE_51).' as detail,
        'Lien publié dans lineage_cfd avec is_dangling ; la BCN devrait publier ce CFD ou retirer le lien.'
            as resolution
    from dangling_ends
    group by as_of, source_id, missing_cfd, missing_role
),

rncp_cycles as (
    select loads.as_of, edges.source_id, cast(null as varchar) as cfd, edges.old_code as rncp,
        cast(null as varchar) as cfd_status, max(edges.old_code_status) as rncp_status, 'rncp_lineage_cycle' as rule,
        'Filiation circulaire : la fiche ' || edges.old_code || ' est déclarée remplacée par '
            || {{ sorted_list('edges.new_code') }} || ', dont la chaîne de remplacement revient à ' || edges.old_code
            || '.' as detail,
        'Lien publié dans lineage_rncp (is_in_cycle), jamais supprimé ; France compétences devrait corriger '
            || 'l''ancienne ou la nouvelle certification déclarée.' as resolution
    from {{ ref('lineage_rncp') }} as edges
    inner join {{ incoming_loads(ref('int_loads')) }} as loads
        on loads.source_id = edges.source_id
        and loads.as_of >= edges.known_from and loads.as_of <= edges.last_seen_as_of
    where edges.is_in_cycle
    group by loads.as_of, edges.source_id, edges.old_code
),

found as (
    select * from cfd_without_rncp
    union all select * from rncp_without_cfd
    union all select * from code_anomalies
    union all select * from self_loops
    union all select * from walk_cycles
    union all select * from dangling
    union all select * from rncp_cycles
)

-- A CFD both on a cycle and declared as its own successor is one anomaly per load.
select as_of, source_id, cfd, rncp, cfd_status, rncp_status, rule, detail, resolution
from (
    select *, row_number() over (partition by as_of, rule, source_id, cfd, rncp order by detail) as anomaly_rank
    from found
) as ranked
where anomaly_rank = 1
