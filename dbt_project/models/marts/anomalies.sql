-- Register of the problems found, one row per anomaly, named after the producer who can fix it: UAI↔SIRET
-- evidence (int_uai_siret_anomalies) and the certification referential (int_certification_anomalies).
-- anomaly_id: md5 of the rule, the source and the codes; rule names differ between the two families, so ids never
-- collide (and UAI↔SIRET ids are unchanged).
with identified as (
    select
        md5(rule || '|' || source_id || '|' || coalesce(uai, '') || '|' || coalesce(siret, '')) as anomaly_id,
        as_of, rule, source_id, uai, siret, uai_status, siret_status,
        cast(null as varchar) as cfd, cast(null as varchar) as rncp,
        cast(null as varchar) as cfd_status, cast(null as varchar) as rncp_status,
        detail, resolution
    from {{ ref('int_uai_siret_anomalies') }}
    union all
    select
        md5(rule || '|' || source_id || '|' || coalesce(cfd, '') || '|' || coalesce(rncp, '')) as anomaly_id,
        as_of, rule, source_id,
        cast(null as varchar) as uai, cast(null as varchar) as siret,
        cast(null as varchar) as uai_status, cast(null as varchar) as siret_status,
        cfd, rncp, cfd_status, rncp_status,
        detail, resolution
    from {{ ref('int_certification_anomalies') }}
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
    found.cfd,
    found.rncp,
    found.cfd_status,
    found.rncp_status,
    found.detail,
    found.resolution,
    spans.first_seen,
    spans.last_seen,
    case when spans.last_seen = latest_run.as_of then 'open' else 'closed' end as status
from found
inner join spans on spans.anomaly_id = found.anomaly_id and spans.last_seen = found.as_of
cross join latest_run
left join {{ source('raw', 'source_registry') }} as registry on registry.source_id = found.source_id
