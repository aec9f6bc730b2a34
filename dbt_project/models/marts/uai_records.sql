-- Current state: the latest version of each UAI in each source that still lists it.
select *
from {{ ref('uai_records_history') }}
where is_current
