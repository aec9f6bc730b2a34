-- BCN N_DISPOSITIF_FORMATION: training schemes (MEF[0:3]), one row per code per load.
with source as (
    select * from {{ incoming_loads(source('raw', 'bcn_n_dispositif_formation'), '_as_of') }} as bcn_n_dispositif_formation
)

select
    {{ lineage_columns('bcn_n_dispositif_formation') }},
    {{ clean_code('dispositif_formation') }} as dispositif_code,
    {{ clean_code('niveau_formation_diplome') }} as diploma_type_code,
    nullif(trim(libelle_court), '') as short_label,
    nullif(trim(libelle_long), '') as label,
    {{ parse_source_date('date_ouverture') }} as opened_on,
    {{ parse_source_date('date_fermeture') }} as closed_on,
    {{ parse_source_date('date_intervention') }} as source_updated_on
from source
