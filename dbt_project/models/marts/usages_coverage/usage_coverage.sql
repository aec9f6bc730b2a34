-- Coverage of the consumer datasets by the cartography: for each consumer source, reference period,
-- correspondence, académie and region, the share of its rows (latest load) whose identifier resolves on the
-- dataset's reference date. Row-level resolution: macros/usage_coverage.sql.
with resolution as (
    {{ usage_resolution_all() }}
),

registry as (
    select source_id, dataset from {{ source('raw', 'source_registry') }}
)

select
    resolution.consumer_source_id,
    coalesce(registry.dataset, resolution.consumer_source_id) as consumer,
    resolution.reference_period,
    resolution.correspondence,
    resolution.academy_code,
    resolution.region,
    count(*) as row_count,
    count(case when resolution.reason is null then 1 end) as resolved_count,
    cast(round(100.0 * count(case when resolution.reason is null then 1 end) / count(*), 2) as decimal(5, 2))
        as share_percent,
    resolution.as_of
from resolution
left join registry on registry.source_id = resolution.consumer_source_id
group by
    resolution.consumer_source_id,
    coalesce(registry.dataset, resolution.consumer_source_id),
    resolution.reference_period,
    resolution.correspondence,
    resolution.academy_code,
    resolution.region,
    resolution.as_of
