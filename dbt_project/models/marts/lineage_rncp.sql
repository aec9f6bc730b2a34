-- RNCP/RS lineage: ancienne → nouvelle certification links (correspondences.md §7), SCD2 history rebuilt from
-- the append-only loads, one row per (source, old code, new code) version.
-- Two sources assert links: the CSV file Ancienne_Nouvelle_Certification (a row on fiche F names the
-- certification F replaces and/or the one replacing F) and the XML flux (ANCIENNES_/NOUVELLES_CERTIFICATIONS of
-- each FICHE). Either way a link can be declared on the old fiche, on the new one, or on both (`declared_by`):
-- one-sided links are real (or the other fiche is not in the file) and are kept. An RNCP fiche may be replaced
-- by an RS fiche (RNCP19468 → RS6117): such links are kept and flagged. Cycles are flagged, never removed.
with recursive assertions as (
    -- CSV, declared on the new fiche: its Ancienne_Certification
    select
        source_id, as_of, old_code, rncp_code as new_code, old_code_status, rncp_code_status as new_code_status,
        'new' as declared_on, source_file, source_sha256, source_row_number
    from {{ ref('stg_rncp__ancienne_nouvelle') }}
    where old_code is not null and rncp_code is not null

    union all

    -- CSV, declared on the old fiche: its Nouvelle_Certification
    select
        source_id, as_of, rncp_code, new_code, rncp_code_status, new_code_status,
        'old', source_file, source_sha256, source_row_number
    from {{ ref('stg_rncp__ancienne_nouvelle') }}
    where new_code is not null and rncp_code is not null

    union all

    -- XML, declared on the new fiche: its ANCIENNES_CERTIFICATIONS
    select
        fiches.source_id, fiches.as_of,
        {{ normalize_rncp(rncp_json_scalar_text('items.element')) }},
        fiches.rncp_code,
        {{ rncp_status(rncp_json_scalar_text('items.element')) }},
        fiches.rncp_code_status,
        'new', fiches.source_file, fiches.source_sha256, fiches.source_row_number
    from {{ ref('stg_rncp__xml_fiches') }} as fiches
    cross join lateral {{ json_array_elements('fiches.old_certifications_raw') }} as items(element, element_rank)
    where fiches.rncp_code is not null

    union all

    -- XML, declared on the old fiche: its NOUVELLES_CERTIFICATIONS
    select
        fiches.source_id, fiches.as_of,
        fiches.rncp_code,
        {{ normalize_rncp(rncp_json_scalar_text('items.element')) }},
        fiches.rncp_code_status,
        {{ rncp_status(rncp_json_scalar_text('items.element')) }},
        'old', fiches.source_file, fiches.source_sha256, fiches.source_row_number
    from {{ ref('stg_rncp__xml_fiches') }} as fiches
    cross join lateral {{ json_array_elements('fiches.new_certifications_raw') }} as items(element, element_rank)
    where fiches.rncp_code is not null
),

link_loads as (
    -- one row per link per load of each source: which sides declare it, the worst status seen for each code
    select
        source_id,
        as_of,
        old_code,
        new_code,
        case when count(distinct declared_on) = 2 then 'both' else max(declared_on) end as declared_by,
        case max(case old_code_status when 'invalid_format' then 3 when 'normalised' then 2 else 1 end)
            when 3 then 'invalid_format' when 2 then 'normalised' else 'valid' end as old_code_status,
        case max(case new_code_status when 'invalid_format' then 3 when 'normalised' then 2 else 1 end)
            when 3 then 'invalid_format' when 2 then 'normalised' else 'valid' end as new_code_status,
        max(source_file) as source_file,
        max(source_sha256) as source_sha256,
        min(source_row_number) as source_row_number
    from assertions
    where old_code is not null and new_code is not null
    group by source_id, as_of, old_code, new_code
),

history as (
    {{ scd2_from_loads(
        relation='link_loads',
        key_columns=['old_code', 'new_code'],
        group_columns=['source_id'],
        tracked_columns=['declared_by', 'old_code_status', 'new_code_status'],
        carried_columns=['source_file', 'source_sha256', 'source_row_number']
    ) | indent(4) }}
),

edges as (
    -- the lineage graph: every pair ever loaded by any source
    select distinct old_code, new_code from link_loads
),

reachable as (
    -- transitive closure; UNION (not UNION ALL) drops pairs already found, so it ends on cycles
    select old_code as from_code, new_code as to_code from edges
    union
    select reachable.from_code, edges.new_code
    from reachable
    inner join edges on edges.old_code = reachable.to_code
),

asserting_sources as (
    select old_code, new_code, {{ sorted_list('source_id') }} as sources
    from history
    group by old_code, new_code
)

select
    md5(history.old_code || '|' || history.new_code) as link_id,
    history.*,
    {{ rncp_kind('history.old_code') }} as old_kind,
    {{ rncp_kind('history.new_code') }} as new_kind,
    coalesce({{ rncp_kind('history.old_code') }} = 'RNCP' and {{ rncp_kind('history.new_code') }} = 'RS', false)
        as is_rncp_replaced_by_rs,
    (
        history.new_code = history.old_code
        or exists (
            select 1 from reachable
            where reachable.from_code = history.new_code and reachable.to_code = history.old_code
        )
    ) as is_in_cycle,
    asserting_sources.sources
from history
left join asserting_sources
    on asserting_sources.old_code = history.old_code and asserting_sources.new_code = history.new_code
