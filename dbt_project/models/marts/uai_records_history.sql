-- SCD2 history of what each source said about each UAI, rebuilt from the append-only loads.
select * from {{ ref('int_uai_records_historised') }}
