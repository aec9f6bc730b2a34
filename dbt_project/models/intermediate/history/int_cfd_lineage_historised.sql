-- SCD2 history of the CFD lineage edges declared on each BCN load (macros/scd2.sql); published as lineage_cfd.
with edges as (
    {{ cfd_lineage_edges(ref('stg_bcn__formation_diplome')) | indent(4) }}
),

known_cfds as (
    {{ bcn_known_cfds() | indent(4) }}
),

edges_per_load as (
    select
        edges.source_id,
        edges.as_of,
        edges.old_cfd,
        edges.new_cfd,
        edges.declared_on,
        edges.old_cfd = edges.new_cfd as is_self_loop,
        (old_end.cfd is null or new_end.cfd is null) as is_dangling,
        case
            when old_end.cfd is null and new_end.cfd is null then 'both'
            when old_end.cfd is null then 'old'
            when new_end.cfd is null then 'new'
        end as dangling_end,
        old_end.found_in as old_found_in,
        old_end.opened_on as old_opened_on,
        old_end.closed_on as old_closed_on,
        new_end.found_in as new_found_in,
        new_end.opened_on as new_opened_on,
        new_end.closed_on as new_closed_on,
        edges.source_file,
        edges.source_sha256,
        edges.source_row_number
    from edges
    left join known_cfds as old_end on old_end.as_of = edges.as_of and old_end.cfd = edges.old_cfd
    left join known_cfds as new_end on new_end.as_of = edges.as_of and new_end.cfd = edges.new_cfd
)

select * from (
    {{ scd2_from_loads(
        relation='edges_per_load',
        loads_from=['stg_bcn__formation_diplome'],
        key_columns=['old_cfd', 'new_cfd'],
        group_columns=['source_id'],
        tracked_columns=['declared_on', 'is_self_loop', 'is_dangling', 'dangling_end', 'old_found_in',
                         'old_opened_on', 'old_closed_on', 'new_found_in', 'new_opened_on', 'new_closed_on'],
        carried_columns=['source_file', 'source_sha256', 'source_row_number']
    ) | indent(4) }}
) as history
