-- Register of the problems found, one row per anomaly, named after the producer who can fix it.
with identified as (
    select
        md5(rule || '|' || source_id || '|' || coalesce(uai, '') || '|' || coalesce(siret, '')) as anomaly_id,
        *
    from {{ ref('int_uai_siret_anomalies') }}
),

found as (
    -- The same problem can show on several lines of one file: one row per anomaly and load.
    select * from (
        select *, row_number() over (partition by anomaly_id, as_of order by detail) as occurrence
        from identified
    ) as numbered
    where occurrence = 1
),

latest_run as (
    select max(as_of) as as_of from {{ ref('int_loads') }}
),

spans as (
    select anomaly_id, min(as_of) as first_seen, max(as_of) as last_seen
    from found
    group by anomaly_id
)

select
    found.anomaly_id,
    found.rule,
    registry.producer,
    found.source_id,
    found.uai,
    found.siret,
    found.uai_status,
    found.siret_status,
    found.detail,
    found.resolution,
    spans.first_seen,
    spans.last_seen,
    case when spans.last_seen = latest_run.as_of then 'open' else 'closed' end as status
from found
inner join spans on spans.anomaly_id = found.anomaly_id and spans.last_seen = found.as_of
cross join latest_run
left join {{ source('raw', 'source_registry') }} as registry on registry.source_id = found.source_id
