-- SCD2 history of the BCN diploma records (CFD), rebuilt from the append-only loads.
select * from {{ ref('int_cfd_records_historised') }}
