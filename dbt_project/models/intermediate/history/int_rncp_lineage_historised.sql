-- SCD2 history of the RNCP/RS ancienne → nouvelle links asserted on each load (macros/scd2.sql); published as
-- lineage_rncp.
with assertions as (
    -- CSV, declared on the new fiche: its Ancienne_Certification
    select
        source_id, as_of, old_code, rncp_code as new_code, old_code_status, rncp_code_status as new_code_status,
        'new' as declared_on, source_file, source_sha256, source_row_number
    from {{ incoming_loads(ref('stg_rncp__ancienne_nouvelle')) }} as stg_rncp__ancienne_nouvelle
    where old_code is not null and rncp_code is not null

    union all

    -- CSV, declared on the old fiche: its Nouvelle_Certification
    select
        source_id, as_of, rncp_code, new_code, rncp_code_status, new_code_status,
        'old', source_file, source_sha256, source_row_number
    from {{ incoming_loads(ref('stg_rncp__ancienne_nouvelle')) }} as stg_rncp__ancienne_nouvelle
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
    from {{ incoming_loads(ref('stg_rncp__xml_fiches')) }} as fiches
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
    from {{ incoming_loads(ref('stg_rncp__xml_fiches')) }} as fiches
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
)

select * from (
    {{ scd2_from_loads(
        relation='link_loads',
        loads_from=['stg_rncp__ancienne_nouvelle', 'stg_rncp__xml_fiches'],
        key_columns=['old_code', 'new_code'],
        group_columns=['source_id'],
        tracked_columns=['declared_by', 'old_code_status', 'new_code_status'],
        carried_columns=['source_file', 'source_sha256', 'source_row_number']
    ) | indent(4) }}
) as history
