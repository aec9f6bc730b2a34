-- MEF (10 digits) → CFD links of the BCN (N_MEF), SCD2 history rebuilt from the append-only loads: one row per
-- (MEF, CFD) version. The CFD is N_MEF.FORMATION_DIPLOME, never rebuilt from the MEF (correspondences.md §8);
-- MEF_STAT_11 is carried on the same row (1-1 with the MEF, §9). Business validity comes from the BCN dates:
-- DATE_FERMETURE is the last day of validity (inclusive), so `valid_to` is the day after (exclusive).
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
    from {{ ref('stg_bcn__mef') }}
),

history as (
    {{ scd2_from_loads(
        relation='links',
        key_columns=['mef', 'cfd'],
        group_columns=['source_id'],
        tracked_columns=['mef_status', 'cfd_status', 'mef_stat_11', 'mef_stat_11_status', 'mef_stat_9',
                         'dispositif_code', 'duration_years', 'cycle_year', 'label', 'is_structure_consistent',
                         'valid_from', 'valid_to'],
        carried_columns=['mef_raw', 'cfd_raw', 'mef_stat_11_raw', 'source_updated_on', 'source_file',
                         'source_sha256', 'source_row_number']
    ) | indent(4) }}
),

asserting_sources as (
    -- every source asserting the link, whatever the version (one source today: N_MEF)
    select mef, cfd, {{ sorted_list('source_id') }} as sources
    from history
    group by mef, cfd
)

select
    md5(history.mef || '|' || history.cfd) as link_id,
    history.*,
    asserting_sources.sources
from history
left join asserting_sources
    on asserting_sources.mef = history.mef
    and asserting_sources.cfd = history.cfd
