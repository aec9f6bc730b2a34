-- Every certification code known on each load: CFDs of the BCN (N_FORMATION_DIPLOME first, then
-- V_FORMATION_DIPLOME, then ENQUETE_51) and RNCP/RS fiches (CSV export first, then the XML export).
-- Validity is half-open [valid_from, valid_to): a closing date is the last valid day.
with cfd_records as (
    select as_of, cfd, label, diploma_type_code, rncp_level, nature_code, opened_on, closed_on, source_id,
        1 as priority, source_row_number
    from {{ incoming_loads(ref('stg_bcn__formation_diplome')) }} as stg_bcn__formation_diplome
    union all
    select as_of, cfd, label, diploma_type_code, rncp_level, nature_code, opened_on, closed_on, source_id,
        2, source_row_number
    from {{ incoming_loads(ref('stg_bcn__v_formation_diplome')) }} as stg_bcn__v_formation_diplome
    union all
    select as_of, cfd, label, diploma_type_code, rncp_level, nature_code, opened_on, closed_on, source_id,
        3, source_row_number
    from {{ incoming_loads(ref('stg_bcn__formation_diplome_enquete_51')) }} as stg_bcn__formation_diplome_enquete_51
),

cfds as (
    select
        as_of, cfd as code, 'cfd' as kind, label, diploma_type_code as type_code, rncp_level as european_level,
        nature_code, opened_on as valid_from, {{ add_days('closed_on', 1) }} as valid_to,
        closed_on is null or closed_on >= as_of as is_active,
        cast(null as boolean) as is_open_to_apprenticeship,
        source_id as found_in
    from (
        select *, row_number() over (partition by as_of, cfd order by priority, source_row_number) as record_rank
        from cfd_records
        where cfd is not null
    ) as ranked
    where record_rank = 1
),

fiche_records as (
    select as_of, rncp_code, certification_kind, label, registration_type, european_level, is_active,
        coalesce(effective_on, decision_on) as registered_on, registration_ends_on, is_open_to_apprenticeship,
        source_id, 1 as priority, source_row_number
    from {{ incoming_loads(ref('stg_rncp__fiches')) }} as stg_rncp__fiches
    union all
    select as_of, rncp_code, certification_kind, label, registration_type, european_level, is_active,
        coalesce(effective_on, decision_on), registration_ends_on, is_open_to_apprenticeship,
        source_id, 2, source_row_number
    from {{ incoming_loads(ref('stg_rncp__xml_fiches')) }} as stg_rncp__xml_fiches
),

fiches as (
    select
        as_of, rncp_code as code, lower(certification_kind) as kind, label, registration_type as type_code,
        european_level, cast(null as varchar) as nature_code, registered_on as valid_from,
        {{ add_days('registration_ends_on', 1) }} as valid_to, is_active, is_open_to_apprenticeship,
        source_id as found_in
    from (
        select *, row_number() over (partition by as_of, rncp_code order by priority, source_row_number)
            as record_rank
        from fiche_records
        where rncp_code is not null
    ) as ranked
    where record_rank = 1
)

select * from cfds
union all
select * from fiches
