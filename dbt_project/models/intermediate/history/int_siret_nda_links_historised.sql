-- SCD2 history of the SIRET ↔ NDA links (macros/scd2.sql); published as corr_siret_nda.
{{ scd2_from_loads(
    model='int_siret_nda_assertions',
    key_columns=['siret', 'nda'],
    tracked_columns=['siren', 'nda_status', 'siret_status', 'has_qualiopi', 'has_qualiopi_apprenticeship',
                     'is_previous_nda', 'sources'],
    carried_columns=['source_file', 'source_sha256', 'source_row_number']
) }}
