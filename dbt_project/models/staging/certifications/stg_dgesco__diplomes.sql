-- DGESCO « liste des diplômes professionnels »: one row per specialty or option of a vocational diploma and
-- per load. The diploma code is written `NNN-NNNNN L` (CFD with a dash, then the lettre de spécialité), 68
-- rows without the dash (`50025224R`, `56133605 T`): both are brought to `NNN-NNNNN L` before the shared
-- `normalize_cfd`, which removes the dash and keeps 8 characters (status `normalised`). The RNCP number is
-- digits only (`35340` → RNCP35340); `en cours` is kept and flagged `invalid_format`.
with source as (
    select
        *,
        {{ clean_code('code_diplome') }} as code_clean
    from {{ incoming_loads(source('raw', 'dgesco_diplomes'), '_as_of') }} as dgesco_diplomes
),

coded as (
    select
        *,
        -- `50025224R` / `56133605 T` → `500-25224 R`; `320-32613 T` and other forms unchanged.
        case
            when {{ regex_match('code_clean', '[0-9]{8} ?[A-Z]') }}
                then substr(code_clean, 1, 3) || '-' || substr(code_clean, 4, 5) || ' ' || right(code_clean, 1)
            else code_clean
        end as code_dgesco
    from source
)

select
    {{ lineage_columns('dgesco_diplomes') }},
    code_diplome as code_raw,
    {{ normalize_cfd('code_dgesco') }} as cfd,
    {{ cfd_status('code_dgesco') }} as cfd_status,
    case when {{ regex_match('code_clean', '.*[0-9] ?[A-Z]') }} then right(code_clean, 1) end as specialty_letter,
    code_rncp as rncp_raw,
    {{ normalize_rncp('code_rncp') }} as rncp,
    {{ rncp_status('code_rncp') }} as rncp_status,
    {{ _kit_text('diplome') }} as diploma_type,
    {{ _kit_text('niveau') }} as level_label,
    {{ _kit_european_level('niveau') }} as european_level,
    {{ _kit_text('intitule_de_la_specialite_et_options') }} as specialty_label,
    -- From the word « option(s) » to the end (`option A solutions d'infrastructures, systèmes et réseaux`).
    case
        when strpos(lower(replace(intitule_de_la_specialite_et_options, chr(160), ' ')), ' option') > 0
            then trim(substr(
                replace(intitule_de_la_specialite_et_options, chr(160), ' '),
                strpos(lower(replace(intitule_de_la_specialite_et_options, chr(160), ' ')), ' option') + 1
            ))
    end as option_label,
    {{ _kit_text('commission_professionnelle_consultative') }} as cpc,
    {{ _kit_text('secteur') }} as sector,
    {{ _kit_text('famille_de_metiers') }} as job_family,
    {{ parse_source_date('date_de_l_arrete_de_creation') }} as created_by_decree_on,
    case when {{ regex_match('trim(premiere_session)', '[0-9]{4}') }} then cast(trim(premiere_session) as integer) end
        as first_session_year,
    case when {{ regex_match('trim(derniere_session)', '[0-9]{4}') }} then cast(trim(derniere_session) as integer) end
        as last_session_year,
    case when {{ regex_match('trim(session_supplementaire)', '[0-9]{4}') }}
        then cast(trim(session_supplementaire) as integer) end as extra_session_year,
    {{ _kit_text('commentaire') }} as comment
from coded
