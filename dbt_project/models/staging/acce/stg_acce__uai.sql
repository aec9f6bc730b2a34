-- ACCE_UAI: one row per UAI per load, identifiers normalised and flagged (never dropped).
with source as (
    select * from {{ incoming_loads(source('raw', 'acce_uai'), '_as_of') }} as acce_uai
),

normalised as (
    -- once per row, read by the checks below (macros/identifiers.sql)
    select
        *,
        {{ normalize_uai('numero_uai') }} as uai_normalised,
        {{ normalize_siret('numero_siren_siret_uai') }} as siret_normalised
    from source
)

select
    {{ lineage_columns('acce_uai') }},
    numero_uai as uai_raw,
    uai_normalised as uai,
    {{ uai_status('numero_uai', 'uai_normalised') }} as uai_status,
    uai_normalised as record_key,
    false as is_multi_line,
    nullif(trim(coalesce(appellation_officielle, denomination_principale)), '') as name,
    nullif(trim(nature_uai), '') as nature_code,
    nullif(trim(nature_uai_libe), '') as nature_label,
    case trim(etat_etablissement)
        when '1' then 'ouvert' when '2' then 'à fermer' when '3' then 'à ouvrir' when '4' then 'fermé'
    end as state,
    {{ uai_sector('secteur_public_prive') }} as sector,
    numero_siren_siret_uai as siren_siret_raw,
    {{ siren_siret_columns('numero_siren_siret_uai', 'siret_normalised') }},
    {{ parse_source_date('date_ouverture') }} as opened_on,
    {{ parse_source_date('date_fermeture') }} as closed_on,
    nullif(trim(commune), '') as commune_code,
    nullif(trim(commune_libe), '') as commune_name,
    nullif(trim(code_postal_uai), '') as postal_code,
    nullif(trim(academie), '') as academy_code
from normalised
