-- Each anomaly found, as last found, with the first and last load where it was found: the register's history.
-- Extended night after night from the new loads only (macros/incremental_loads.sql), so the register costs the
-- day's anomalies, not every load again; a re-run of a day or a back-filled day rebuilds it from every load
-- (pre-hook history_rebuild_hook). One row per anomaly, replaced when the anomaly is found again. The loads taken
-- in are recorded like those of the SCD2 histories (macros/history_register.sql).
-- anomaly_id: md5 of the rule, the source and the codes; rule names differ between the two families, so ids never
-- collide (and UAI↔SIRET ids are unchanged).
{{ config(
    unique_key='anomaly_id',
    meta={'history_loads_from': ['int_uai_siret_anomalies', 'int_certification_anomalies'], 'history_group': none}
) }}

with identified as (
    select
        md5(rule || '|' || source_id || '|' || coalesce(uai, '') || '|' || coalesce(siret, '')) as anomaly_id,
        as_of, rule, source_id, uai, siret, uai_status, siret_status,
        cast(null as varchar) as cfd, cast(null as varchar) as rncp,
        cast(null as varchar) as cfd_status, cast(null as varchar) as rncp_status,
        detail, resolution
    from {{ incoming_loads(ref('int_uai_siret_anomalies')) }} as uai_siret
    union all
    select
        md5(rule || '|' || source_id || '|' || coalesce(cfd, '') || '|' || coalesce(rncp, '')) as anomaly_id,
        as_of, rule, source_id,
        cast(null as varchar) as uai, cast(null as varchar) as siret,
        cast(null as varchar) as uai_status, cast(null as varchar) as siret_status,
        cfd, rncp, cfd_status, rncp_status,
        detail, resolution
    from {{ incoming_loads(ref('int_certification_anomalies')) }} as certification
),

spans as (
    select anomaly_id, min(as_of) as first_seen, max(as_of) as last_seen_as_of
    from identified
    group by anomaly_id
),

latest as (
    -- As last found; the same problem can show on several lines of one file: the first by detail.
    select * from (
        select *, row_number() over (partition by anomaly_id order by as_of desc, detail) as occurrence
        from identified
    ) as numbered
    where occurrence = 1
)

select
    latest.anomaly_id,
    latest.rule,
    latest.source_id,
    latest.uai,
    latest.siret,
    latest.uai_status,
    latest.siret_status,
    latest.cfd,
    latest.rncp,
    latest.cfd_status,
    latest.rncp_status,
    latest.detail,
    latest.resolution,
    {%- if is_incremental() %}
    coalesce(previous.first_seen, spans.first_seen) as first_seen,
    {%- else %}
    spans.first_seen,
    {%- endif %}
    spans.last_seen_as_of
from latest
inner join spans on spans.anomaly_id = latest.anomaly_id
{%- if is_incremental() %}
left join {{ this }} as previous on previous.anomaly_id = latest.anomaly_id
{%- endif %}
