-- "Current SIRET" of each predecessor SIRET in each load, following succession links in date order
-- (correspondences.md §3). From a SIRET reached on date d, the next hop is its earliest link dated after d
-- (the first hop: its earliest link). The walk stops, keeping the last SIRET reached, when:
--   ambiguous      several successors share that earliest date (no automatic answer);
--   no_continuity  that link has continuiteEconomique = false (UAI / NDA must not be carried across);
--   cycle          the successor is already on the path (head offices alternating back and forth);
--   resolved       no later link leaves the SIRET.
-- The activity check of §3 ("stop at the first SIRET active at d") is not applied: it needs the
-- Historique periods, absent in sample mode.
{%- set max_hops = 50 %}
{#- why the walk stops at a step (null: the step is followed); shared by every column of the recursive term -#}
{%- set stop_status -%}
    case
        when steps.successor_count > 1 then 'ambiguous'
        when not steps.has_economic_continuity then 'no_continuity'
        when strpos(' > ' || walk.path || ' > ', ' > ' || steps.successor_siret || ' > ') > 0 then 'cycle'
    end
{%- endset %}

with recursive links as (
    -- one link per load, pair and date; unknown continuity counts as none (never carry without evidence)
    select
        as_of,
        predecessor_siret,
        successor_siret,
        succession_date,
        bool_and(coalesce(has_economic_continuity, false)) as has_economic_continuity
    from {{ incoming_loads(ref('stg_sirene__liens_succession')) }} as stg_sirene__liens_succession
    where predecessor_siret is not null and successor_siret is not null and succession_date is not null
    group by as_of, predecessor_siret, successor_siret, succession_date
),

steps as (
    -- the links leaving a SIRET on one date. previous_step_date lets the walk pick "the earliest step after d"
    -- with a plain join: aggregates and ORDER BY/LIMIT are not allowed in a recursive term (PostgreSQL)
    select
        as_of,
        predecessor_siret,
        succession_date,
        count(*) as successor_count,
        min(successor_siret) as successor_siret,
        bool_and(has_economic_continuity) as has_economic_continuity,
        lag(succession_date) over (partition by as_of, predecessor_siret order by succession_date)
            as previous_step_date
    from links
    group by as_of, predecessor_siret, succession_date
),

walk as (
    select
        as_of,
        predecessor_siret as siret,
        predecessor_siret as current_siret,
        cast(null as date) as reached_on,
        0 as hops,
        cast(predecessor_siret as varchar) as path,
        cast(null as varchar) as stop_status,
        cast(null as date) as stopped_on
    from (select distinct as_of, predecessor_siret from links) as starts

    union all

    select
        walk.as_of,
        walk.siret,
        case when {{ stop_status }} is null then steps.successor_siret else walk.current_siret end,
        case when {{ stop_status }} is null then steps.succession_date else walk.reached_on end,
        case when {{ stop_status }} is null then walk.hops + 1 else walk.hops end,
        cast(case when {{ stop_status }} is null then walk.path || ' > ' || steps.successor_siret
                  else walk.path end as varchar),
        cast({{ stop_status }} as varchar),
        case when {{ stop_status }} is not null then steps.succession_date end
    from walk
    inner join steps
        on steps.as_of = walk.as_of
        and steps.predecessor_siret = walk.current_siret
        and (
            -- first hop: the earliest step of the start SIRET
            (walk.reached_on is null and steps.previous_step_date is null)
            -- next hops: the earliest step strictly after the date the SIRET was reached
            or (steps.succession_date > walk.reached_on
                and (steps.previous_step_date is null or steps.previous_step_date <= walk.reached_on))
        )
    -- the visited check already ends every walk; the bound only guards against a runaway recursion
    where walk.stop_status is null and walk.hops < {{ max_hops }}
),

last_steps as (
    -- the last row of each walk: the most hops, and the stopping row over the hop that led to it
    select
        walk.*,
        row_number() over (
            partition by as_of, siret
            order by hops desc, case when stop_status is null then 1 else 0 end
        ) as step_rank
    from walk
)

select
    siret,
    as_of,
    current_siret as resolved_siret,
    reached_on as resolved_on,
    hops,
    coalesce(stop_status, 'resolved') as resolution_status,
    stopped_on,
    path
from last_steps
where step_rank = 1
