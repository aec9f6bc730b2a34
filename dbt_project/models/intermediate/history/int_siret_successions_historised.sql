-- SCD2 history of the SIRENE succession links (macros/scd2.sql); published as corr_siret_succession.
{{ scd2_from_loads(
    model='stg_sirene__liens_succession',
    key_columns=['predecessor_siret', 'successor_siret', 'succession_date'],
    group_columns=['source_id'],
    tracked_columns=['predecessor_siret_status', 'successor_siret_status', 'is_head_office_transfer',
                     'has_economic_continuity'],
    carried_columns=['predecessor_siret_raw', 'successor_siret_raw', 'last_processed_at', 'source_file',
                     'source_sha256', 'source_row_number']
) }}
