-- SCD2 history of the MEF → CFD links of the BCN N_MEF table (macros/scd2.sql); published as corr_mef_cfd.
with links as (
    select
        source_id,
        as_of,
        mef,
        cfd,
        mef_status,
        cfd_status,
        mef_stat_11,
        mef_stat_11_status,
        mef_stat_9,
        dispositif_code,
        duration_years,
        cycle_year,
        label,
        is_structure_consistent,
        opened_on as valid_from,
        {{ add_days('closed_on', 1) }} as valid_to,
        mef_raw,
        cfd_raw,
        mef_stat_11_raw,
        source_updated_on,
        source_file,
        source_sha256,
        source_row_number
    from {{ incoming_loads(ref('stg_bcn__mef')) }} as stg_bcn__mef
)

select * from (
    {{ scd2_from_loads(
        relation='links',
        loads_from=['stg_bcn__mef'],
        key_columns=['mef', 'cfd'],
        group_columns=['source_id'],
        tracked_columns=['mef_status', 'cfd_status', 'mef_stat_11', 'mef_stat_11_status', 'mef_stat_9',
                         'dispositif_code', 'duration_years', 'cycle_year', 'label', 'is_structure_consistent',
                         'valid_from', 'valid_to'],
        carried_columns=['mef_raw', 'cfd_raw', 'mef_stat_11_raw', 'source_updated_on', 'source_file',
                         'source_sha256', 'source_row_number']
    ) | indent(4) }}
) as history
