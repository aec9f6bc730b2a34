-- MEF (10 digits) → CFD links of the BCN (N_MEF), SCD2 history rebuilt from the append-only loads: one row per
-- (MEF, CFD) version. The CFD is N_MEF.FORMATION_DIPLOME, never rebuilt from the MEF (correspondences.md §8);
-- MEF_STAT_11 is carried on the same row (1-1 with the MEF, §9). Business validity comes from the BCN dates:
-- DATE_FERMETURE is the last day of validity (inclusive), so `valid_to` is the day after (exclusive).
with history as (
    {{ history_versions('int_mef_cfd_links_historised') }}
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
