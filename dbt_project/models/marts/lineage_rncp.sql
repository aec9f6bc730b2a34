-- RNCP/RS lineage: ancienne → nouvelle certification links (correspondences.md §7), SCD2 history rebuilt from
-- the append-only loads, one row per (source, old code, new code) version.
-- Two sources assert links: the CSV file Ancienne_Nouvelle_Certification (a row on fiche F names the
-- certification F replaces and/or the one replacing F) and the XML flux (ANCIENNES_/NOUVELLES_CERTIFICATIONS of
-- each FICHE). Either way a link can be declared on the old fiche, on the new one, or on both (`declared_by`):
-- one-sided links are real (or the other fiche is not in the file) and are kept. An RNCP fiche may be replaced
-- by an RS fiche (RNCP19468 → RS6117): such links are kept and flagged. Cycles are flagged, never removed.
with recursive history as (
    {{ history_versions('int_rncp_lineage_historised') }}
),

edges as (
    -- the lineage graph: every pair ever loaded by any source
    select distinct old_code, new_code from history
),

reachable as (
    -- transitive closure; UNION (not UNION ALL) drops pairs already found, so it ends on cycles
    select old_code as from_code, new_code as to_code from edges
    union
    select reachable.from_code, edges.new_code
    from reachable
    inner join edges on edges.old_code = reachable.to_code
),

asserting_sources as (
    select old_code, new_code, {{ sorted_list('source_id') }} as sources
    from history
    group by old_code, new_code
)

select
    md5(history.old_code || '|' || history.new_code) as link_id,
    history.*,
    {{ rncp_kind('history.old_code') }} as old_kind,
    {{ rncp_kind('history.new_code') }} as new_kind,
    coalesce({{ rncp_kind('history.old_code') }} = 'RNCP' and {{ rncp_kind('history.new_code') }} = 'RS', false)
        as is_rncp_replaced_by_rs,
    (
        history.new_code = history.old_code
        or exists (
            select 1 from reachable
            where reachable.from_code = history.new_code and reachable.to_code = history.old_code
        )
    ) as is_in_cycle,
    asserting_sources.sources
from history
left join asserting_sources
    on asserting_sources.old_code = history.old_code and asserting_sources.new_code = history.new_code
