-- One row per legal unit (SIREN) met in the correspondences: name, establishments, sites, NDAs, Qualiopi.
-- Sites (dim_site.siren) and establishments hang from it: the organisme → site hierarchy.
with latest_referentiel as (
    select siren, siret, name, has_qualiopi, is_active, source_id
    from {{ ref('stg_referentiel__reseaux') }}
    where as_of = (select max(as_of) from {{ ref('stg_referentiel__reseaux') }})
    union all
    select siren, siret, name, has_qualiopi, is_active, source_id
    from {{ ref('stg_referentiel__organismes') }}
    where as_of = (select max(as_of) from {{ ref('stg_referentiel__organismes') }})
),

links as (
    select siren, siret, uai from {{ ref('corr_uai_siret') }}
    where is_current and confidence not in ('rejected', 'invalid') and valid_to is null
),

ndas as (
    select siren, siret, nda from {{ ref('corr_siret_nda') }}
    where is_current and not is_previous_nda
),

sirets as (
    select siren, siret from latest_referentiel where siren is not null
    union select siren, siret from links
    union select siren, siret from ndas
),

register_names as (
    -- Fallback name: the register name of a site linked to the organisme (first by UAI).
    select links.siren, min(sites.name) as name
    from links
    inner join {{ ref('dim_site') }} as sites on sites.uai = links.uai
    group by links.siren
)

select
    sirets.siren,
    coalesce(max(latest_referentiel.name), max(register_names.name)) as name,
    count(distinct sirets.siret) as siret_count,
    count(distinct links.uai) as site_count,
    {{ sorted_list('ndas.nda') }} as ndas,
    -- Unknown (null) when no Référentiel source describes the organisme, rather than false.
    max(case when latest_referentiel.has_qualiopi then 1 when not latest_referentiel.has_qualiopi then 0 end) = 1
        as has_qualiopi,
    max(case when latest_referentiel.is_active then 1 when not latest_referentiel.is_active then 0 end) = 1
        as has_active_establishment,
    {{ sorted_list('latest_referentiel.source_id') }} as referentiel_sources
from sirets
left join latest_referentiel on latest_referentiel.siret = sirets.siret
left join links on links.siret = sirets.siret
left join ndas on ndas.siret = sirets.siret
left join register_names on register_names.siren = sirets.siren
where sirets.siren is not null
group by sirets.siren
