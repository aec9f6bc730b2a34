-- One row per UAI (site or structure): its current register record, its best current SIRET and its mother
-- UAI; `siren` leads to dim_organisme (the hierarchy organisme → site).
with records as (
    select
        *,
        row_number() over (
            partition by uai
            order by case source_id when 'acce_uai' then 1 when 'annuaire_education' then 2 else 3 end,
                record_key
        ) as source_priority
    from {{ ref('uai_records') }}
),

best_record as (
    select * from records where source_priority = 1
),

record_sources as (
    select uai, {{ sorted_list('source_id') }} as sources from {{ ref('uai_records') }} group by uai
),

best_link as (
    select * from (
        select
            *,
            row_number() over (partition by uai order by confidence_rank, valid_from desc, siret) as link_rank,
            count(*) over (partition by uai) as siret_count
        from {{ ref('corr_uai_siret') }}
        where is_current and confidence not in ('rejected', 'invalid') and valid_to is null
    ) as ranked
    where link_rank = 1
),

mothers as (
    select daughter_uai, {{ sorted_list('mother_uai') }} as mother_uais
    from {{ ref('corr_uai_uai') }}
    where is_current
    group by daughter_uai
),

universe as (
    -- UAIs of the registers, of current links, and of mother/daughter links (a SEP known only as a daughter).
    select uai from best_record
    union
    select uai from best_link
    union
    select mother_uai from {{ ref('corr_uai_uai') }} where is_current
    union
    select daughter_uai from {{ ref('corr_uai_uai') }} where is_current
)

select
    universe.uai,
    best_record.name,
    best_record.nature_code,
    best_record.nature_label,
    best_record.state,
    best_record.sector,
    best_record.opened_on,
    best_record.closed_on,
    best_record.commune_code,
    best_record.academy_code,
    best_link.siret,
    best_link.siren,
    best_link.confidence as siret_confidence,
    coalesce(best_link.siret_count, 0) as current_siret_count,
    mothers.mother_uais,
    record_sources.sources as record_sources
from universe
left join best_record on best_record.uai = universe.uai
left join best_link on best_link.uai = universe.uai
left join mothers on mothers.daughter_uai = universe.uai
left join record_sources on record_sources.uai = universe.uai
