-- The shared insertion-indicators axis: every InserJeunes (per CFA) and InserSup (per establishment × SISE
-- diploma) row of the latest load, with its indicators in common units (percentages) and its identifiers
-- resolved on the dataset's reference date: UAI → SIRET through corr_uai_siret, SISE → CFD through BCN
-- N_FORMATION_DIPLOME_ENQUETE_51, CFD → RNCP through corr_cfd_rncp. Reference dates: macros/usage_coverage.sql.
{%- set consumers = usage_consumers() %}
with indicator_rows as (
    select
        source_id,
        source_row_number,
        as_of,
        {{ consumers['stg_inserjeunes__cfa']['reference_period'] }} as reference_period,
        {{ consumers['stg_inserjeunes__cfa']['reference_date'] }} as reference_date,
        'cfa' as grain,
        uai,
        uai_status,
        cfa_label as establishment_label,
        cast(null as varchar) as sise,
        cast(null as varchar) as certification_label,
        cast(null as integer) as leaver_count,
        further_study_rate,
        employment_rate_6_months,
        employment_rate_12_months,
        employment_rate_18_months,
        employment_rate_24_months,
        expected_employment_rate_6_months,
        employment_value_added_6_months,
        interrupted_contracts_share
    from {{ ref('stg_inserjeunes__cfa') }} as consumer_rows
    where {{ latest_load('stg_inserjeunes__cfa', 'consumer_rows') }}

    union all

    select
        source_id,
        source_row_number,
        as_of,
        {{ consumers['stg_insersup__formations']['reference_period'] }},
        {{ consumers['stg_insersup__formations']['reference_date'] }},
        'etablissement_diplome',
        uai,
        uai_status,
        establishment_name,
        sise,
        diploma_label,
        leaver_count,
        further_study_rate,
        employment_rate_6_months,
        employment_rate_12_months,
        employment_rate_18_months,
        employment_rate_24_months,
        null,
        null,
        null
    from {{ ref('stg_insersup__formations') }} as consumer_rows
    where {{ latest_load('stg_insersup__formations', 'consumer_rows') }}
        and {{ consumers['stg_insersup__formations']['filter'] }}
),

sise_cfd as (
    select sise_code as sise, min(cfd) as cfd, count(distinct cfd) as cfd_count
    from {{ ref('stg_bcn__formation_diplome_enquete_51') }} as consumer_rows
    where {{ latest_load('stg_bcn__formation_diplome_enquete_51', 'consumer_rows') }}
        and sise_code is not null and cfd is not null
    group by sise_code
),

resolved as (
    select
        indicator_rows.*,
        case when sise_cfd.cfd_count = 1 then sise_cfd.cfd end as cfd
    from indicator_rows
    left join sise_cfd on sise_cfd.sise = indicator_rows.sise
),

best_siret as (
    {{ resolve_uai_siret('resolved', ['source_id', 'source_row_number']) }}
),

rncp_links as (
    {{ resolve_unique_link(
        'resolved', ['source_id', 'source_row_number'], 'cfd', 'corr_cfd_rncp', 'cfd', 'rncp', "link.rule = 'asserted'"
    ) }}
),

registry as (
    select source_id, dataset from {{ source('raw', 'source_registry') }}
)

select
    resolved.source_id,
    registry.dataset,
    resolved.source_row_number,
    resolved.reference_period,
    resolved.reference_date,
    resolved.grain,
    resolved.uai,
    resolved.uai_status,
    resolved.establishment_label,
    best_siret.siret,
    coalesce(best_siret.siret_candidate_count, 0) as siret_candidate_count,
    best_siret.siret_confidence,
    resolved.sise,
    resolved.cfd,
    rncp_links.rncp,
    coalesce(rncp_links.rncp_candidate_count, 0) as rncp_candidate_count,
    resolved.certification_label,
    resolved.leaver_count,
    resolved.further_study_rate,
    resolved.employment_rate_6_months,
    resolved.employment_rate_12_months,
    resolved.employment_rate_18_months,
    resolved.employment_rate_24_months,
    resolved.expected_employment_rate_6_months,
    resolved.employment_value_added_6_months,
    resolved.interrupted_contracts_share,
    resolved.as_of
from resolved
left join best_siret
    on best_siret.source_id = resolved.source_id and best_siret.source_row_number = resolved.source_row_number
left join rncp_links
    on rncp_links.source_id = resolved.source_id and rncp_links.source_row_number = resolved.source_row_number
left join registry on registry.source_id = resolved.source_id
