-- CFD↔RNCP couples asserted on each load: one row per (as_of, cfd, rncp, source_id). Sources: every loaded
-- Kit apprentissage version (one source each, with its kit_version / version_date), Certif Info
-- (`Code_Scolarité` + `Code_RNCP` of a certification) and the DGESCO list of vocational diplomas.
-- Both sides are needed: placeholders (`NR`, `SQWQ`…) are null, so they never become assertions (they stay
-- countable in the staging models); invalid values are kept and flagged by their status.
-- `first_kit_version` / `last_kit_version`: the earliest and latest Kit versions of the load that carry the
-- couple (by version date), the same on every row of the couple, empty when no Kit version carries it.
with assertions as (
    select
        as_of, source_id, cfd, cfd_status, rncp, rncp_status,
        'kit_apprentissage' as rule,
        kit_version, version_date, source_row_number
    from {{ incoming_loads(ref('stg_kit__cfd_rncp')) }} as stg_kit__cfd_rncp

    union all

    select
        as_of, source_id, cfd, cfd_status, rncp, rncp_status,
        'certif_info',
        cast(null as varchar), cast(null as date), source_row_number
    from {{ incoming_loads(ref('stg_certif_info__certifications')) }} as stg_certif_info__certifications

    union all

    select
        as_of, source_id, cfd, cfd_status, rncp, rncp_status,
        'dgesco_list',
        cast(null as varchar), cast(null as date), source_row_number
    from {{ incoming_loads(ref('stg_dgesco__diplomes')) }} as stg_dgesco__diplomes
),

-- A couple repeated inside one file (Certif Info lines ×5, Kit duplicates, `1022001` next to `01022001`)
-- is one assertion: the first line is kept, with its statuses.
ranked as (
    select
        *,
        row_number() over (partition by as_of, source_id, cfd, rncp order by source_row_number) as line_rank
    from assertions
    where cfd is not null and rncp is not null
),

deduplicated as (
    select * from ranked where line_rank = 1
),

kit_span as (
    select
        as_of, cfd, rncp,
        min(version_date) as first_version_date,
        max(version_date) as last_version_date
    from deduplicated
    where rule = 'kit_apprentissage'
    group by as_of, cfd, rncp
),

kit_labels as (
    select
        kit_span.as_of, kit_span.cfd, kit_span.rncp,
        max(case when deduplicated.version_date = kit_span.first_version_date then deduplicated.kit_version end)
            as first_kit_version,
        max(case when deduplicated.version_date = kit_span.last_version_date then deduplicated.kit_version end)
            as last_kit_version
    from kit_span
    inner join deduplicated
        on deduplicated.as_of = kit_span.as_of
        and deduplicated.cfd = kit_span.cfd
        and deduplicated.rncp = kit_span.rncp
        and deduplicated.rule = 'kit_apprentissage'
    group by kit_span.as_of, kit_span.cfd, kit_span.rncp
)

select
    deduplicated.as_of,
    deduplicated.source_id,
    deduplicated.cfd,
    deduplicated.cfd_status,
    deduplicated.rncp,
    deduplicated.rncp_status,
    deduplicated.rule,
    deduplicated.kit_version,
    deduplicated.version_date,
    kit_labels.first_kit_version,
    kit_labels.last_kit_version,
    deduplicated.source_row_number
from deduplicated
left join kit_labels
    on kit_labels.as_of = deduplicated.as_of
    and kit_labels.cfd = deduplicated.cfd
    and kit_labels.rncp = deduplicated.rncp
