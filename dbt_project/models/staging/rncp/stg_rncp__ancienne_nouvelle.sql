-- RNCP/RS CSV export, Ancienne_Nouvelle_Certification file: one row per declaration per load. A row is written
-- on a fiche and names the certification it replaces and/or the one replacing it; the same link is usually
-- declared on both fiches (correspondences.md §7). Links are built in the lineage_rncp mart.
with source as (
    select * from {{ incoming_loads(source('raw', 'rncp_ancienne_nouvelle'), '_as_of') }} as rncp_ancienne_nouvelle
)

select
    {{ lineage_columns('rncp_ancienne_nouvelle') }},
    numero_fiche as rncp_code_raw,
    {{ normalize_rncp('numero_fiche') }} as rncp_code,
    {{ rncp_status('numero_fiche') }} as rncp_code_status,
    ancienne_certification as old_code_raw,
    {{ normalize_rncp('ancienne_certification') }} as old_code,
    {{ rncp_status('ancienne_certification') }} as old_code_status,
    nouvelle_certification as new_code_raw,
    {{ normalize_rncp('nouvelle_certification') }} as new_code,
    {{ rncp_status('nouvelle_certification') }} as new_code_status
from source
