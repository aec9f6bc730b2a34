-- CFD lineage edges old_cfd → new_cfd (BCN N_FORMATION_DIPLOME ANCIEN_/NOUVEAU_DIPLOME_1..7), SCD2 history rebuilt
-- from the append-only loads: one row per edge version. Every edge is kept whoever declares it (correspondences.md
-- §6: not reciprocal, n-m, dangling): `declared_on` says which end(s) declare it, `is_dangling` that an end is
-- absent from every BCN diploma table loaded that day (N_FORMATION_DIPLOME, V_FORMATION_DIPLOME, ENQUETE_51).
-- Business dates of both ends are the BCN's; the closing date is inclusive in the BCN.
with history as (
    {{ history_versions('int_cfd_lineage_historised') }}
),

asserting_sources as (
    -- every source asserting the edge, whatever the version (one source today: N_FORMATION_DIPLOME)
    select old_cfd, new_cfd, {{ sorted_list('source_id') }} as sources
    from history
    group by old_cfd, new_cfd
)

select
    md5(history.old_cfd || '|' || history.new_cfd) as link_id,
    history.*,
    asserting_sources.sources
from history
left join asserting_sources
    on asserting_sources.old_cfd = history.old_cfd
    and asserting_sources.new_cfd = history.new_cfd
