-- DEPP list of CFAs under regional agreement; `date_ouverture` holds Excel serial day numbers.
with source as (
    select * from {{ incoming_loads(source('raw', 'depp_cfa_sous_convention'), '_as_of') }} as depp_cfa_sous_convention
)

select
    {{ lineage_columns('depp_cfa_sous_convention') }},
    numero_uai as uai_raw,
    {{ normalize_uai('numero_uai') }} as uai,
    {{ uai_status('numero_uai') }} as uai_status,
    {{ normalize_uai('numero_uai') }} as record_key,
    false as is_multi_line,
    nullif(trim(concat_ws(' ', nullif(trim(denomination_principale), ''), nullif(trim(patronyme_uai), ''))), '')
        as name,
    nullif(trim(nature_uai), '') as nature_code,
    cast(null as varchar) as nature_label,
    cast(null as varchar) as state,
    {{ uai_sector('secteur_public_prive') }} as sector,
    numero_siren_siret_uai as siren_siret_raw,
    {{ siren_siret_columns('numero_siren_siret_uai') }},
    coalesce({{ parse_source_date('date_ouverture') }}, {{ excel_serial_date('date_ouverture') }}) as opened_on,
    coalesce({{ parse_source_date('date_fermeture') }}, {{ excel_serial_date('date_fermeture') }}) as closed_on,
    nullif(trim(commune), '') as commune_code,
    nullif(trim(commune_libe), '') as commune_name,
    nullif(trim(code_postal_uai), '') as postal_code,
    cast(null as varchar) as academy_code
from source
