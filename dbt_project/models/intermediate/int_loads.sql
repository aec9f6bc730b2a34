-- Successful loads of every source, from the ingestion log (one row per source and as_of).
select source_id, as_of, row_count, quarantined_count
from {{ source('raw', 'load_log') }}
