-- InserSup (MESR-SIES): one row per establishment × SISE diploma × year per load. `etablissement` holds a UAI,
-- or an aggregate marker (`UNIV`, `all`), `diplome` a SISE code or `all`: markers are no identifiers, so they
-- leave the identifier and its status empty and set `is_aggregate`. Values are text with a decimal comma;
-- `nd` / `na` are null. The sample is an API fixture (format only, values not verified).
with source as (
    select
        *,
        case when upper(trim(etablissement)) not in ('UNIV', 'ALL') then etablissement end as establishment_code,
        case when upper(trim(diplome)) <> 'ALL' then diplome end as diploma_code
    from {{ incoming_loads(source('raw', 'insersup'), '_as_of') }} as insersup
)

select
    {{ lineage_columns('insersup') }},
    coalesce(upper(trim(etablissement)) in ('UNIV', 'ALL') or upper(trim(diplome)) = 'ALL', false) as is_aggregate,
    etablissement as establishment_raw,
    {{ normalize_uai('establishment_code') }} as uai,
    {{ uai_status('establishment_code') }} as uai_status,
    diplome as sise_raw,
    {{ normalize_sise('diploma_code') }} as sise,
    {{ sise_status('diploma_code') }} as sise_status,
    nullif(trim(libelle_diplome), '') as diploma_label,
    nullif(trim(type_diplome_long), '') as diploma_type,
    nullif(trim(denomination_principale), '') as establishment_name,
    nullif(trim(annee_universitaire), '') as academic_year,
    nullif(trim(promo), '') as cohort_years,
    {{ consumer_count('nb_inscrits') }} as enrolled_count,
    {{ consumer_count('nb_diplomes') }} as graduate_count,
    {{ consumer_count('nb_sortants') }} as leaver_count,
    {{ consumer_count('nb_poursuivants') }} as further_study_count,
    {{ consumer_number('taux_poursuivant') }} as further_study_rate
    {%- for months in [6, 12, 18, 24] %},
    {{ consumer_number('taux_in_dsn_' ~ months) }} as employment_rate_{{ months }}_months
    {%- endfor %}
from source
