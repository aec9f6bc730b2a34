-- Mother/daughter UAI links per load, from the BCE link files and the annuaire, with the daughter's dates.
with assertions as (
    select as_of, mother_uai, daughter_uai, link_type, source_id,
        case when linked_side = 'fille' then linked_opened_on end as daughter_opened_on,
        case when linked_side = 'fille' then linked_closed_on end as daughter_closed_on
    from {{ incoming_loads(ref('stg_acce__rattachements')) }} as stg_acce__rattachements
    union all
    select as_of, mother_uai, daughter_uai, link_type, source_id, cast(null as date), cast(null as date)
    from {{ incoming_loads(ref('stg_annuaire_education__rattachements')) }} as stg_annuaire_education__rattachements
),

daughters as (
    select as_of, uai, min(opened_on) as opened_on, max(closed_on) as closed_on
    from {{ incoming_loads(ref('int_uai_records_unioned')) }} as int_uai_records_unioned
    group by as_of, uai
)

select
    assertions.as_of,
    assertions.mother_uai,
    assertions.daughter_uai,
    {{ sorted_list('assertions.link_type') }} as link_types,
    {{ sorted_list('assertions.source_id') }} as sources,
    coalesce(min(assertions.daughter_opened_on), min(daughters.opened_on)) as valid_from,
    {{ add_days('coalesce(max(assertions.daughter_closed_on), max(daughters.closed_on))', 1) }} as valid_to
from assertions
left join daughters on daughters.as_of = assertions.as_of and daughters.uai = assertions.daughter_uai
where assertions.mother_uai is not null and assertions.daughter_uai is not null
group by assertions.as_of, assertions.mother_uai, assertions.daughter_uai
