-- Successful loads of every source, from the ingestion log (one row per source and as_of). A plain table:
-- small, and read whole by the marts that need every source's latest load.
{{ config(materialized='table') }}
select source_id, as_of, row_count, quarantined_count
from {{ source('raw', 'load_log') }}
