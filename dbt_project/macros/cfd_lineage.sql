{#-
  BCN CFD lineage (docs: correspondences.md §6). N_FORMATION_DIPLOME declares each old → new edge on either end:
  the old row lists it in NOUVEAU_DIPLOME_1..7, the new row in ANCIEN_DIPLOME_1..7. The two ends do not always
  agree, so both declarations are kept and reconciled per load:
    declared_on  'both' when both rows declare the edge, 'old' / 'new' when only that row does.
  Used by the lineage_cfd mart and the int_cfd_current walk, so both read exactly the same edges.
-#}

{#- One row per (load, old CFD, new CFD) from a staging relation with `previous_cfds` / `next_cfds` lists
    (space-separated normalised CFDs), over the loads this run reads; the row number is the first line of the file
    declaring the edge. -#}
{% macro cfd_lineage_edges(relation) -%}
select
    source_id,
    as_of,
    old_cfd,
    new_cfd,
    case
        when max(case when declared_by = 'old' then 1 else 0 end) = 1
            and max(case when declared_by = 'new' then 1 else 0 end) = 1 then 'both'
        when max(case when declared_by = 'old' then 1 else 0 end) = 1 then 'old'
        else 'new'
    end as declared_on,
    min(source_file) as source_file,
    min(source_sha256) as source_sha256,
    min(source_row_number) as source_row_number
from (
    -- declared on the old row: its NOUVEAU_DIPLOME_* columns
    select
        diplomas.source_id, diplomas.as_of, diplomas.cfd as old_cfd, successors.cfd as new_cfd,
        'old' as declared_by, diplomas.source_file, diplomas.source_sha256, diplomas.source_row_number
    from {{ incoming_loads(relation) }} as diplomas
    cross join lateral {{ split_by_regex('diplomas.next_cfds', ' ') }} as successors(cfd, cfd_rank)
    where diplomas.cfd is not null
    union all
    -- declared on the new row: its ANCIEN_DIPLOME_* columns
    select
        diplomas.source_id, diplomas.as_of, predecessors.cfd as old_cfd, diplomas.cfd as new_cfd,
        'new' as declared_by, diplomas.source_file, diplomas.source_sha256, diplomas.source_row_number
    from {{ incoming_loads(relation) }} as diplomas
    cross join lateral {{ split_by_regex('diplomas.previous_cfds', ' ') }} as predecessors(cfd, cfd_rank)
    where diplomas.cfd is not null
) as declarations
where old_cfd is not null and old_cfd <> '' and new_cfd is not null and new_cfd <> ''
group by source_id, as_of, old_cfd, new_cfd
{%- endmacro %}

{#- The CFDs known to the BCN tables loaded, one row per (load, CFD) with its opening and closing dates:
    N_FORMATION_DIPLOME first, then V_FORMATION_DIPLOME, then N_FORMATION_DIPLOME_ENQUETE_51. `found_in` names
    the table the dates come from. -#}
{% macro bcn_known_cfds() -%}
select as_of, cfd, opened_on, closed_on, found_in
from (
    select
        as_of, cfd, opened_on, closed_on, found_in,
        row_number() over (partition by as_of, cfd order by priority, source_row_number) as cfd_rank
    from (
        select as_of, cfd, opened_on, closed_on, 'N_FORMATION_DIPLOME' as found_in, 1 as priority,
            source_row_number
        from {{ incoming_loads(ref('stg_bcn__formation_diplome')) }} as stg_bcn__formation_diplome
        union all
        select as_of, cfd, opened_on, closed_on, 'V_FORMATION_DIPLOME', 2, source_row_number
        from {{ incoming_loads(ref('stg_bcn__v_formation_diplome')) }} as stg_bcn__v_formation_diplome
        union all
        select as_of, cfd, opened_on, closed_on, 'N_FORMATION_DIPLOME_ENQUETE_51', 3, source_row_number
        from {{ incoming_loads(ref('stg_bcn__formation_diplome_enquete_51')) }} as stg_bcn__formation_diplome_enquete_51
    ) as listed
    where cfd is not null
) as ranked
where cfd_rank = 1
{%- endmacro %}
