-- SCD2 history of the BCN diploma records (CFD), rebuilt from the append-only loads.
{{ history_versions('int_cfd_records_historised') }}
