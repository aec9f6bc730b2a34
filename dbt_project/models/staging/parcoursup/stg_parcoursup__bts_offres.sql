-- Parcoursup BTS offers (session 2022, Orion's copy): one row per line per load. The same UAI × MEF STAT 11 ×
-- status can appear on two lines (distinct formations: "réservée aux bacs pro", partnership track), so the
-- line, not the triple, is the record. Orion corrected some CFDs by hand (`CFD rectifié`, `Rectif`) and some
-- MEF STAT 11 (`MEFSTAT11_old` before correction): both values are kept and qualified.
with source as (
    select * from {{ incoming_loads(source('raw', 'parcoursup_bts_capacite'), '_as_of') }} as parcoursup_bts_capacite
)

select
    {{ lineage_columns('parcoursup_bts_capacite') }},
    {{ consumer_identifier_columns('uai', 'uai') }},
    nullif(trim(libelleformation), '') as formation_label,
    case lower(trim(statut)) when 'scolaire' then 'scolaire' when 'apprentissage' then 'apprentissage' end
        as enrolment_status,
    {{ consumer_count('capacitepsup') }} as capacity,
    {{ consumer_count('nb_voeux_confirmes') }} as confirmed_wish_count,
    {{ consumer_identifier_columns('mef_stat_11', 'mefstat11') }},
    {{ consumer_identifier_columns('mef_stat_11', 'mefstat11_old', 'original_mef_stat_11') }},
    {{ consumer_identifier_columns('cfd', 'cfd') }},
    {{ consumer_identifier_columns('cfd', 'cfd_rectifie', 'corrected_cfd') }},
    {{ consumer_flag('rectif') }} as is_cfd_corrected
from source
