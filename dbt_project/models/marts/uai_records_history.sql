-- SCD2 history of what each source said about each UAI, rebuilt from the append-only loads.
{{ history_versions('int_uai_records_historised') }}
