-- The reviewed usage registry (seed transcribing docs/usages.md §1), published as is.
select
    consumer,
    identifier,
    requirement,
    granularity,
    purpose,
    evidence,
    note
from {{ ref('usage_registry_seed') }}
