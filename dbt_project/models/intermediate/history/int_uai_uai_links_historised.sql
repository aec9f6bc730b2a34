-- SCD2 history of the mother → daughter UAI links (macros/scd2.sql); published as corr_uai_uai.
{{ scd2_from_loads(
    model='int_uai_uai_links',
    key_columns=['mother_uai', 'daughter_uai'],
    tracked_columns=['link_types', 'sources', 'valid_from', 'valid_to'],
    order_column='sources'
) }}
