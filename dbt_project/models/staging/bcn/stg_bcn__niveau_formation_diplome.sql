-- BCN N_NIVEAU_FORMATION_DIPLOME: diploma types / levels (CFD[0:3]), one row per code per load.
with source as (
    select * from {{ incoming_loads(source('raw', 'bcn_n_niveau_formation_diplome'), '_as_of') }} as bcn_n_niveau_formation_diplome
)

select
    {{ lineage_columns('bcn_n_niveau_formation_diplome') }},
    {{ clean_code('niveau_formation_diplome') }} as diploma_type_code,
    nullif(trim(niveau_interministeriel), '') as interministerial_level,
    nullif(trim(n_niveau_interministeriel_libelle_long), '') as interministerial_level_label,
    nullif(trim(libelle_court), '') as short_label,
    nullif(trim(libelle_100), '') as label,
    nullif(trim(ancien_niveau), '') as former_level,
    {{ parse_source_date('date_ouverture') }} as opened_on,
    {{ parse_source_date('date_fermeture') }} as closed_on,
    {{ parse_source_date('date_intervention') }} as source_updated_on,
    case when trim(niveau_qualification_rncp) in ('00', '99', 'XX') then null
        else nullif(trim(niveau_qualification_rncp), '') end as rncp_level
from source
