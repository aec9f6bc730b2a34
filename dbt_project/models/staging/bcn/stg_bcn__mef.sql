-- BCN N_MEF: one row per MEF per load. The CFD comes from the FORMATION_DIPLOME column (the MEF does not carry
-- CFD[0:3]: never rebuilt from the MEF); the MEF structure is only checked (identifiers.md §6).
with source as (
    select * from {{ incoming_loads(source('raw', 'bcn_n_mef'), '_as_of') }} as bcn_n_mef
),

typed as (
    select
        {{ lineage_columns('bcn_n_mef') }},
        mef as mef_raw,
        {{ normalize_mef('mef') }} as mef,
        {{ mef_status('mef') }} as mef_status,
        mef_stat_11 as mef_stat_11_raw,
        {{ normalize_mef_stat_11('mef_stat_11') }} as mef_stat_11,
        {{ mef_stat_11_status('mef_stat_11') }} as mef_stat_11_status,
        {{ clean_code('mef_stat_9') }} as mef_stat_9,
        formation_diplome as cfd_raw,
        {{ normalize_cfd('formation_diplome') }} as cfd,
        {{ cfd_status('formation_diplome') }} as cfd_status,
        {{ clean_code('dispositif_formation') }} as dispositif_code,
        {{ digits_to_int('duree_dispositif') }} as duration_years,
        {{ digits_to_int('annee_dispositif') }} as cycle_year,
        nullif(trim(libelle_court), '') as short_label,
        nullif(trim(libelle_long), '') as label,
        nullif(trim(libelle_edition), '') as edition_label,
        {{ parse_source_date('date_ouverture') }} as opened_on,
        {{ parse_source_date('date_fermeture') }} as closed_on,
        nullif(trim(statut_mef), '') as mef_state_code,
        case upper(trim(mef_inscription_scolarite)) when 'O' then true when 'N' then false end
            as is_school_enrolment,
        {{ parse_source_date('date_intervention') }} as source_updated_on
    from source
)

select
    *,
    -- MEF = dispositif (3) + CFD[3:8] (5) + durée (1) + année (1); MEF_STAT_11 ends with CFD[3:8]
    (
        substr(mef, 1, 3) = dispositif_code
        and substr(mef, 4, 5) = substr(cfd, 4, 5)
        and substr(mef, 9, 1) = cast(duration_years as varchar)
        and substr(mef, 10, 1) = cast(cycle_year as varchar)
        and substr(mef_stat_11, 7, 5) = substr(cfd, 4, 5)
    ) as is_structure_consistent
from typed
