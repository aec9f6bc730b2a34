-- The official CFD↔RNCP table: the Kit version with the latest version date among those loaded that day.
select as_of, source_id, kit_version
from (
    select as_of, source_id, kit_version,
        row_number() over (partition by as_of order by version_date desc, source_id) as version_rank
    from (
        select distinct as_of, source_id, kit_version, version_date
        from {{ incoming_loads(ref('int_cfd_rncp_assertions')) }} as int_cfd_rncp_assertions
        where rule = 'kit_apprentissage'
    ) as versions
) as ranked
where version_rank = 1
