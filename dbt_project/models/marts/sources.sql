-- The source registry (orchestration/sources), with each source's latest load.
select
    registry.*,
    latest.as_of as last_loaded_as_of
from {{ source('raw', 'source_registry') }} as registry
left join (
    select source_id, max(as_of) as as_of from {{ ref('int_loads') }} group by source_id
) as latest on latest.source_id = registry.source_id
