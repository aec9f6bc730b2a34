-- SCD2 history of the BCN N_FORMATION_DIPLOME records (macros/scd2.sql); published as cfd_records_history.
{{ scd2_from_loads(
    model='stg_bcn__formation_diplome',
    key_columns=['cfd'],
    group_columns=['source_id'],
    tracked_columns=['cfd_status', 'diploma_type_code', 'specialty_group_code', 'specialty_letter', 'short_label',
                     'label', 'opened_on', 'closed_on', 'first_session_year', 'last_session_year', 'nature_code',
                     'manager', 'rncp_level', 'previous_cfds', 'next_cfds'],
    carried_columns=['cfd_raw', 'source_updated_on', 'source_file', 'source_sha256', 'source_row_number']
) }}
