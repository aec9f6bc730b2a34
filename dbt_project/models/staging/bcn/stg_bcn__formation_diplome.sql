-- BCN N_FORMATION_DIPLOME: one row per CFD per load; lineage codes normalised like the CFD itself.
with source as (
    select * from {{ source('raw', 'bcn_n_formation_diplome') }}
)

select
    {{ lineage_columns('bcn_n_formation_diplome') }},
    formation_diplome as cfd_raw,
    {{ normalize_cfd('formation_diplome') }} as cfd,
    {{ cfd_status('formation_diplome') }} as cfd_status,
    nullif(trim(niveau_formation_diplome), '') as diploma_type_code,
    nullif(trim(groupe_specialite), '') as specialty_group_code,
    nullif(trim(lettre_specialite), '') as specialty_letter,
    nullif(trim(libelle_court), '') as short_label,
    nullif(trim(libelle_long_200), '') as label,
    {{ parse_source_date('date_ouverture') }} as opened_on,
    {{ parse_source_date('date_fermeture') }} as closed_on,
    nullif(trim(date_premiere_session), '') as first_session_year,
    nullif(trim(date_derniere_session), '') as last_session_year,
    nullif(trim(nature_formation_diplome), '') as nature_code,
    nullif(trim(gestionnaire_formation_diplome), '') as manager,
    {{ parse_source_date('date_intervention') }} as source_updated_on,
    case when trim(niveau_qualification_rncp) in ('00', '99', 'XX') then null
        else nullif(trim(niveau_qualification_rncp), '') end as rncp_level,
    {{ cfd_list(['ancien_diplome_1', 'ancien_diplome_2', 'ancien_diplome_3', 'ancien_diplome_4',
                 'ancien_diplome_5', 'ancien_diplome_6', 'ancien_diplome_7']) }} as previous_cfds,
    {{ cfd_list(['nouveau_diplome_1', 'nouveau_diplome_2', 'nouveau_diplome_3', 'nouveau_diplome_4',
                 'nouveau_diplome_5', 'nouveau_diplome_6', 'nouveau_diplome_7']) }} as next_cfds
from source
