-- BCN N_LIEN_FORMATION_GROUPE: membership of a CFD in an option group, one row per (group, CFD) per load.
with source as (
    select * from {{ incoming_loads(source('raw', 'bcn_n_lien_formation_groupe'), '_as_of') }} as bcn_n_lien_formation_groupe
)

select
    {{ lineage_columns('bcn_n_lien_formation_groupe') }},
    {{ clean_code('groupe_formation') }} as group_code,
    formation_diplome as cfd_raw,
    {{ normalize_cfd('formation_diplome') }} as cfd,
    {{ cfd_status('formation_diplome') }} as cfd_status,
    {{ parse_source_date('date_ouverture') }} as opened_on,
    {{ parse_source_date('date_fermeture') }} as closed_on,
    {{ parse_source_date('date_intervention') }} as source_updated_on
from source
