-- "Current CFD" of each CFD in each load, following the BCN lineage (correspondences.md §6) only through
-- single-successor steps. Nodes: every CFD of N_FORMATION_DIPLOME plus every end of a lineage edge (dangling codes
-- included). Edges: lineage_cfd's, whoever declares them (old, new or both); self-loops (a CFD declared as its own
-- successor, a recording error) are ignored. From a CFD the walk takes its only successor, and stops when:
--   ambiguous_split  the CFD reached has several successors (split into options): no automatic answer;
--   cycle            the only successor is already on the path;
-- otherwise it ends on a CFD without successor: `current` (the CFD itself, 0 hop) or `resolved` (≥ 1 hop).
-- Dates are not used: an open CFD with a declared successor still resolves to that successor.
{%- set max_hops = 100 %}
{#- why the walk stops at a step (null: the step is followed); shared by every column of the recursive term -#}
{%- set stop_status -%}
    case
        when steps.successor_count > 1 then 'ambiguous_split'
        when strpos(' > ' || walk.path || ' > ', ' > ' || steps.successor_cfd || ' > ') > 0 then 'cycle'
    end
{%- endset %}

with recursive edges as (
    {{ cfd_lineage_edges(ref('stg_bcn__formation_diplome')) | indent(4) }}
),

steps as (
    -- the successors of a CFD in a load; aggregates are not allowed in a recursive term (PostgreSQL)
    select
        as_of,
        old_cfd,
        count(*) as successor_count,
        min(new_cfd) as successor_cfd,
        string_agg(new_cfd, ' ' order by new_cfd) as successor_cfds
    from edges
    where old_cfd <> new_cfd
    group by as_of, old_cfd
),

nodes as (
    select as_of, cfd from {{ incoming_loads(ref('stg_bcn__formation_diplome')) }} as stg_bcn__formation_diplome where cfd is not null
    union
    select as_of, old_cfd from edges
    union
    select as_of, new_cfd from edges
),

walk as (
    select
        as_of,
        cfd,
        cfd as reached_cfd,
        0 as hops,
        cast(cfd as varchar) as path,
        cast(null as varchar) as stop_status,
        cast(null as varchar) as split_cfds
    from nodes

    union all

    select
        walk.as_of,
        walk.cfd,
        case when {{ stop_status }} is null then steps.successor_cfd else walk.reached_cfd end,
        case when {{ stop_status }} is null then walk.hops + 1 else walk.hops end,
        cast(case when {{ stop_status }} is null then walk.path || ' > ' || steps.successor_cfd
                  else walk.path end as varchar),
        cast({{ stop_status }} as varchar),
        cast(case when steps.successor_count > 1 then steps.successor_cfds end as varchar)
    from walk
    inner join steps on steps.as_of = walk.as_of and steps.old_cfd = walk.reached_cfd
    -- the visited check already ends every walk; the bound only guards against a runaway recursion
    where walk.stop_status is null and walk.hops < {{ max_hops }}
),

last_steps as (
    -- the last row of each walk: the most hops, and the stopping row over the hop that led to it
    select
        walk.*,
        row_number() over (
            partition by as_of, cfd
            order by hops desc, case when stop_status is null then 1 else 0 end
        ) as step_rank
    from walk
),

known_cfds as (
    {{ bcn_known_cfds() | indent(4) }}
),

resolved as (
    select
        cfd,
        as_of,
        coalesce(stop_status, case when hops = 0 then 'current' else 'resolved' end) as resolution_status,
        reached_cfd,
        hops,
        path,
        split_cfds
    from last_steps
    where step_rank = 1
)

select
    resolved.cfd,
    resolved.as_of,
    case when resolved.resolution_status in ('current', 'resolved') then resolved.reached_cfd end as current_cfd,
    resolved.resolution_status,
    resolved.reached_cfd,
    resolved.hops,
    resolved.path,
    resolved.split_cfds,
    reached.cfd is not null as is_reached_cfd_known,
    reached.opened_on as reached_opened_on,
    reached.closed_on as reached_closed_on
from resolved
left join known_cfds as reached on reached.as_of = resolved.as_of and reached.cfd = resolved.reached_cfd
