-- Validation status of every identifier in the latest load of each source: the share that is flagged, by rule.
with latest as (
    select source_id, max(as_of) as as_of from {{ ref('int_loads') }} group by source_id
),

statuses as (
    select source_id, as_of, 'uai' as identifier, uai_status as status from {{ ref('int_uai_records_unioned') }}
    union all
    select source_id, as_of, 'siret', siret_status from {{ ref('int_uai_records_unioned') }}
    union all
    select source_id, as_of, 'siren', siren_status from {{ ref('int_uai_records_unioned') }}
    union all
    select source_id, as_of, 'cfd', cfd_status from {{ ref('stg_bcn__formation_diplome') }}
)

select
    statuses.source_id,
    statuses.as_of,
    statuses.identifier,
    coalesce(statuses.status, 'absent') as status,
    count(*) as row_count,
    round(100.0 * count(*) / sum(count(*)) over (partition by statuses.source_id, statuses.identifier), 2)
        as share_percent
from statuses
inner join latest on latest.source_id = statuses.source_id and latest.as_of = statuses.as_of
group by statuses.source_id, statuses.as_of, statuses.identifier, coalesce(statuses.status, 'absent')
