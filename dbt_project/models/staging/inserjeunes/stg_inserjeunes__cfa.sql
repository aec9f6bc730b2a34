-- InserJeunes per CFA (DEPP + DARES): one row per CFA (UAI) × millésime per load. The millésime cumulates two
-- cohorts (`cumul 2022-2023`); rates are published as floats (`29.0`), empty when masked (fewer than 20
-- apprentices). The UAI is the file's only identifier.
with source as (
    select * from {{ incoming_loads(source('raw', 'inserjeunes_cfa'), '_as_of') }} as inserjeunes_cfa
)

select
    {{ lineage_columns('inserjeunes_cfa') }},
    nullif(trim(annee), '') as millesime,
    case when {{ regex_match('trim(annee)', 'cumul [0-9]{4}-[0-9]{4}') }}
        then cast(substr(trim(annee), 7, 4) as integer) end as first_cohort_year,
    case when {{ regex_match('trim(annee)', 'cumul [0-9]{4}-[0-9]{4}') }}
        then cast(substr(trim(annee), 12, 4) as integer) end as last_cohort_year,
    {{ consumer_identifier_columns('uai', 'uai') }},
    nullif(trim(libelle), '') as cfa_label,
    nullif(trim(region), '') as region_name,
    {{ consumer_number('devenir_part_poursuite_etudes') }} as further_study_share,
    {{ consumer_number('devenir_part_en_emploi_6_mois') }} as employment_6_months_share,
    {{ consumer_number('devenir_part_autre_situation_6_mois') }} as other_situation_6_months_share,
    {{ consumer_number('part_contrats_apprentissage_interrompus') }} as interrupted_contracts_share,
    {{ consumer_number('taux_poursuite_etudes') }} as further_study_rate,
    {{ consumer_number('taux_emploi_6_mois') }} as employment_rate_6_months,
    {{ consumer_number('taux_emploi_6_mois_attendu') }} as expected_employment_rate_6_months,
    {{ consumer_number('va_emploi_6_mois') }} as employment_value_added_6_months,
    {{ consumer_number('taux_emploi_12_mois') }} as employment_rate_12_months,
    {{ consumer_number('taux_emploi_18_mois') }} as employment_rate_18_months,
    {{ consumer_number('taux_emploi_24_mois') }} as employment_rate_24_months
from source
