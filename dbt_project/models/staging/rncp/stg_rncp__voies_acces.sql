-- RNCP/RS CSV export, VoixdAccès file: one row per access route of a fiche per load (sources.md §2.8).
with source as (
    select * from {{ incoming_loads(source('raw', 'rncp_voies_acces'), '_as_of') }} as rncp_voies_acces
)

select
    {{ lineage_columns('rncp_voies_acces') }},
    numero_fiche as rncp_code_raw,
    {{ normalize_rncp('numero_fiche') }} as rncp_code,
    {{ rncp_status('numero_fiche') }} as rncp_code_status,
    nullif(trim(si_jury), '') as access_route_label,
    {{ rncp_access_route('si_jury') }} as access_route,
    coalesce({{ rncp_access_route('si_jury') }} = 'apprentissage', false) as is_apprenticeship
from source
