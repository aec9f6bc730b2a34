-- The join path from a wish to a contract: for every offer of the latest load of Affelnet (wish key UAI × MEF
-- STAT 11), Parcoursup (UAI × MEF STAT 11, with a CFD) and the catalogue (cle_ministere_educatif, with its CFD and
-- gestionnaire UAI; remote mode only), follow the keys a contract carries (CFA SIRET + UAI, CFD, RNCP) on the
-- dataset's reference date: MEF STAT 11 → CFD (corr_mef_cfd, unless the offer publishes its CFD), CFD → RNCP
-- (corr_cfd_rncp), UAI → SIRET (corr_uai_siret). An offer can be followed end to end when every step finds at
-- least one link; otherwise the first broken step is named with the producer who can mend it.
{%- set consumers = usage_consumers() %}
{#- Each link step of the path and the identifier it starts from. -#}
{%- set link_steps = [('mef_stat_11_to_cfd', 'mef_stat_11'), ('cfd_to_rncp', 'cfd'), ('uai_to_siret', 'uai')] %}
{%- set uai_mef_key_check %}
        case when coalesce(uai_status, 'absent') not in ('valid', 'normalised') then 'uai'
            when coalesce(mef_stat_11_status, 'absent') not in ('valid', 'normalised') then 'mef_stat_11' end
            as wish_break_identifier,
        case when coalesce(uai_status, 'absent') not in ('valid', 'normalised') then uai_status
            else mef_stat_11_status end as wish_break_status
{%- endset %}
with offers as (
    select
        source_id,
        source_row_number,
        as_of,
        {{ consumers['stg_affelnet__offres']['reference_period'] }} as reference_period,
        {{ consumers['stg_affelnet__offres']['reference_date'] }} as reference_date,
        is_apprenticeship,
        'uai_mef_stat_11' as wish_key_type,
        cast(null as varchar) as cme,
        uai,
        mef_stat_11,
        cast(null as varchar) as published_cfd,
        {{ uai_mef_key_check }}
    from {{ ref('stg_affelnet__offres') }} as consumer_rows
    where {{ latest_load('stg_affelnet__offres', 'consumer_rows') }}

    union all

    select
        source_id,
        source_row_number,
        as_of,
        cast(as_of as varchar),
        as_of,
        enrolment_status = 'apprentissage',
        'uai_mef_stat_11',
        null,
        uai,
        mef_stat_11,
        coalesce(corrected_cfd, cfd),
        {{ uai_mef_key_check }}
    from {{ ref('stg_parcoursup__bts_offres') }} as consumer_rows
    where {{ latest_load('stg_parcoursup__bts_offres', 'consumer_rows') }}

    union all

    select
        source_id,
        source_row_number,
        as_of,
        cast(as_of as varchar),
        as_of,
        true,
        'cle_ministere_educatif',
        cme,
        uai,
        null,
        cfd,
        case when coalesce(cme_status, 'absent') <> 'valid' then 'cle_ministere_educatif'
            when coalesce(uai_status, 'absent') not in ('valid', 'normalised') then 'uai'
            when coalesce(cfd_status, 'absent') not in ('valid', 'normalised') then 'cfd' end,
        case when coalesce(cme_status, 'absent') <> 'valid' then cme_status
            when coalesce(uai_status, 'absent') not in ('valid', 'normalised') then uai_status
            else cfd_status end
    from {{ ref('stg_catalogue_apprentissage__formations') }} as consumer_rows
    where {{ latest_load('stg_catalogue_apprentissage__formations', 'consumer_rows') }}
),

mef_links as (
    {{ resolve_unique_link('offers', ['source_id', 'source_row_number'], 'mef_stat_11', 'corr_mef_cfd',
        'mef_stat_11', 'cfd') }}
),

with_cfd as (
    select
        offers.*,
        coalesce(offers.published_cfd, mef_links.cfd) as cfd,
        case when offers.published_cfd is not null then 'published' when mef_links.cfd is not null
            then 'mef_stat_11_to_cfd' end as cfd_origin,
        coalesce(mef_links.cfd_candidate_count, 0) as mef_cfd_candidate_count
    from offers
    left join mef_links
        on mef_links.source_id = offers.source_id and mef_links.source_row_number = offers.source_row_number
),

rncp_links as (
    {{ resolve_unique_link('with_cfd', ['source_id', 'source_row_number'], 'cfd', 'corr_cfd_rncp', 'cfd', 'rncp',
        "link.rule = 'asserted'") }}
),

siret_links as (
    {{ resolve_uai_siret('with_cfd', ['source_id', 'source_row_number']) }}
),

paths as (
    select
        with_cfd.*,
        rncp_links.rncp,
        coalesce(rncp_links.rncp_candidate_count, 0) as rncp_candidate_count,
        siret_links.siret,
        siret_links.siret_confidence,
        case
            when with_cfd.wish_break_identifier is not null then 'wish_key'
            when with_cfd.cfd is null then 'mef_stat_11_to_cfd'
            when rncp_links.rncp_candidate_count is null then 'cfd_to_rncp'
            when siret_links.siret is null then 'uai_to_siret'
        end as break_step
    from with_cfd
    left join rncp_links
        on rncp_links.source_id = with_cfd.source_id and rncp_links.source_row_number = with_cfd.source_row_number
    left join siret_links
        on siret_links.source_id = with_cfd.source_id and siret_links.source_row_number = with_cfd.source_row_number
),

diagnosed as (
    select
        paths.*,
        case paths.break_step
            when 'wish_key' then paths.wish_break_identifier
            {%- for step, column in link_steps %}
            when '{{ step }}' then '{{ column }}'
            {%- endfor %}
        end as break_identifier,
        case
            when paths.break_step = 'wish_key' and paths.wish_break_identifier = 'uai' then 'uai_to_siret'
            when paths.break_step = 'wish_key' then 'mef_stat_11_to_cfd'
            else paths.break_step
        end as correspondence,
        case
            when paths.break_step is null then null
            when paths.break_step = 'wish_key' and paths.wish_break_status is null then 'identifiant absent'
            when paths.break_step = 'wish_key' then 'identifiant invalide'
            {%- for step, column in link_steps %}
            when paths.break_step = '{{ step }}' and not ({{ code_known(step, 'paths.' ~ column) }}) then 'code inconnu'
            {%- endfor %}
            else 'pas de lien'
        end as reason
    from paths
),

routed as (
    select
        diagnosed.*,
        coalesce(registry.producer, 'Producteur du jeu ' || diagnosed.source_id) as consumer_producer,
        diagnosed.source_id as consumer_source_id,
        kit.source_id as kit_source_id,
        registry.dataset
    from diagnosed
    left join {{ source('raw', 'source_registry') }} as registry on registry.source_id = diagnosed.source_id
    left join {{ ref('int_kit_latest_versions') }} as kit on kit.as_of = diagnosed.as_of
)

select
    source_id,
    dataset,
    source_row_number,
    reference_period,
    reference_date,
    is_apprenticeship,
    wish_key_type,
    cme,
    uai,
    mef_stat_11,
    cfd,
    cfd_origin,
    rncp,
    rncp_candidate_count,
    siret,
    siret_confidence,
    break_step is null as is_followable,
    break_step,
    break_identifier,
    reason as break_reason,
    {{ usage_producer_columns() }},
    as_of
from routed
