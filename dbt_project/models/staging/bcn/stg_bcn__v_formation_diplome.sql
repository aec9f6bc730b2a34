-- BCN V_FORMATION_DIPLOME: codes preparable by apprenticeship (N_FORMATION_DIPLOME ∪ ENQUETE_51), one row per
-- CFD per load. No lineage columns in this view; column names match stg_bcn__formation_diplome.
with source as (
    select * from {{ source('raw', 'bcn_v_formation_diplome') }}
)

select
    {{ lineage_columns('bcn_v_formation_diplome') }},
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
    nullif(trim(commentaire), '') as comment,
    {{ parse_source_date('date_intervention') }} as source_updated_on,
    case when trim(niveau_qualification_rncp) in ('00', '99', 'XX') then null
        else nullif(trim(niveau_qualification_rncp), '') end as rncp_level
from source
