-- BCN N_FORMATION_DIPLOME_ENQUETE_51: apprenticeship diplomas and titles absent from N_FORMATION_DIPLOME (titres
-- homologués, licences pro, masters…), one row per CFD per load. The RNCP number, when given, is only in the
-- free-text comment (kept as published).
with source as (
    select * from {{ incoming_loads(source('raw', 'bcn_n_formation_diplome_enquete_51'), '_as_of') }} as bcn_n_formation_diplome_enquete_51
)

select
    {{ lineage_columns('bcn_n_formation_diplome_enquete_51') }},
    {{ bcn_diploma_columns(with_comment=true) }},
    nullif(trim(diplome_sise), '') as sise_code,
    nullif(trim(habilitation_origine), '') as original_accreditation,
    numero_uai as uai_raw,
    {{ normalize_uai('numero_uai') }} as uai,
    {{ uai_status('numero_uai') }} as uai_status
from source
