-- Current state of each CFD still listed by the BCN.
select *
from {{ ref('cfd_records_history') }}
where is_current
