-- SCD2 history of the CFD ↔ RNCP links and gaps (macros/scd2.sql); published as corr_cfd_rncp.
{{ scd2_from_loads(
    model='int_cfd_rncp_links',
    key_columns=['link_id'],
    tracked_columns=['cfd', 'rncp', 'link_kind', 'sources', 'rules', 'first_kit_version', 'last_kit_version',
                     'valid_from', 'valid_to', 'is_cfd_known', 'is_rncp_known', 'mapping_cardinality'],
    order_column='link_kind'
) }}
