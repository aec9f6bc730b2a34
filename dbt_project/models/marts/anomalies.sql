-- Register of the problems found, one row per anomaly, named after the producer who can fix it: UAI↔SIRET
-- evidence (int_uai_siret_anomalies) and the certification referential (int_certification_anomalies), with the
-- first and last load where each was found (int_anomalies_historised).
with latest_run as (
    select max(as_of) as as_of from {{ ref('int_loads') }}
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
    found.first_seen,
    found.last_seen_as_of as last_seen,
    case when found.last_seen_as_of = latest_run.as_of then 'open' else 'closed' end as status
from {{ ref('int_anomalies_historised') }} as found
cross join latest_run
left join {{ source('raw', 'source_registry') }} as registry on registry.source_id = found.source_id
