-- SIRET → SIRET succession links (INSEE LiensSuccession), SCD2 history rebuilt from the append-only loads:
-- one row per (predecessor, successor, date) version. Cycles are real data (correspondences.md §3): they are
-- flagged, not removed.
with recursive history as (
    {{ history_versions('int_siret_successions_historised') }}
),

edges as (
    -- the link graph: every pair ever loaded (each is a key of the history), dates and flags ignored
    select distinct predecessor_siret, successor_siret
    from history
    where predecessor_siret is not null and successor_siret is not null
),

reachable as (
    -- transitive closure of the graph; UNION (not UNION ALL) drops pairs already found, so it ends on cycles
    select predecessor_siret as from_siret, successor_siret as to_siret from edges
    union
    select reachable.from_siret, edges.successor_siret
    from reachable
    inner join edges on edges.predecessor_siret = reachable.to_siret
),

asserting_sources as (
    -- every source asserting the link, whatever the version (one source today: LiensSuccession)
    select
        predecessor_siret,
        successor_siret,
        succession_date,
        {{ sorted_list('source_id') }} as sources
    from history
    group by predecessor_siret, successor_siret, succession_date
)

select
    md5(history.predecessor_siret || '|' || history.successor_siret || '|' || cast(history.succession_date as varchar))
        as link_id,
    history.*,
    -- the successor leads back to the predecessor (a self-link is a cycle of length 1)
    (
        history.successor_siret = history.predecessor_siret
        or exists (
            select 1 from reachable
            where reachable.from_siret = history.successor_siret and reachable.to_siret = history.predecessor_siret
        )
    ) as is_in_cycle,
    asserting_sources.sources
from history
left join asserting_sources
    on asserting_sources.predecessor_siret = history.predecessor_siret
    and asserting_sources.successor_siret = history.successor_siret
    and asserting_sources.succession_date = history.succession_date
