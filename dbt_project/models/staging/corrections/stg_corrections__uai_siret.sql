-- Reviewed decisions of territorial referents; malformed rows fail the error-severity tests (named row).
select
    {{ lineage_columns('corrections_uai_siret') }},
    uai as uai_raw,
    {{ normalize_uai('uai') }} as uai,
    {{ uai_status('uai') }} as uai_status,
    siret as siret_raw,
    {{ normalize_siret('siret') }} as siret,
    {{ siret_status('siret') }} as siret_status,
    lower(trim(decision)) as decision,
    nullif(trim(author), '') as author,
    nullif(trim(organisation), '') as organisation,
    {{ parse_source_date('decided_on') }} as decided_on,
    decided_on as decided_on_raw,
    nullif(trim(justification), '') as justification
from {{ incoming_loads(source('raw', 'corrections_uai_siret'), '_as_of') }} as corrections_uai_siret
