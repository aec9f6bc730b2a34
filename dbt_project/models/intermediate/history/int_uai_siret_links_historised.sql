-- SCD2 history of the UAI↔SIRET links as resolved on each load (macros/scd2.sql); published as corr_uai_siret.
{{ scd2_from_loads(
    model='int_uai_siret_links',
    key_columns=['uai', 'siret'],
    tracked_columns=['confidence', 'rule', 'sources', 'granularity', 'valid_from', 'valid_to',
                     'inferred_from_siret', 'reviewed_decision', 'reviewed_by', 'reviewed_organisation',
                     'reviewed_on', 'review_justification'],
    order_column='confidence'
) }}
