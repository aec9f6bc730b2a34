-- SCD2 history of what each source said about each UAI, from the append-only loads (macros/scd2.sql).
{{ scd2_from_loads(
    model='int_uai_records_unioned',
    key_columns=['record_key'],
    group_columns=['source_id'],
    tracked_columns=['uai', 'uai_status', 'is_multi_line', 'name', 'nature_code', 'nature_label', 'state', 'sector', 'siren', 'siren_status',
                     'siret', 'siret_status', 'opened_on', 'closed_on', 'commune_code', 'commune_name',
                     'postal_code', 'academy_code'],
    carried_columns=['uai_raw', 'siren_siret_raw', 'source_file', 'source_sha256', 'source_row_number']
) }}
