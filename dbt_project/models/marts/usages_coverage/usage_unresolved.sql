-- Every consumer row (latest load) whose identifier does not resolve through a correspondence, with the
-- reason and the producer who can fix it. Row-level resolution: macros/usage_coverage.sql.
with resolution as (
    {{ usage_resolution_all() }}
),

unresolved as (
    select
        resolution.*,
        coalesce(registry.producer, 'Producteur du jeu ' || resolution.consumer_source_id) as consumer_producer,
        kit.source_id as kit_source_id
    from resolution
    left join {{ source('raw', 'source_registry') }} as registry
        on registry.source_id = resolution.consumer_source_id
    left join {{ ref('int_kit_latest_versions') }} as kit on kit.as_of = resolution.as_of
    where resolution.reason is not null
)

select
    consumer_source_id,
    source_row_number,
    identifier,
    value,
    value_status,
    correspondence,
    reason,
    {{ usage_producer_columns() }},
    reference_period,
    as_of
from unresolved
