-- Constat de rentrée (DEPP): school enrolments per UAI × MEF STAT 11 (`Mef Bcp 11`) per load, school status only.
with source as (
    select * from {{ incoming_loads(source('raw', 'constat_rentree'), '_as_of') }} as constat_rentree
)

select
    {{ lineage_columns('constat_rentree') }},
    {{ consumer_count('rentree_scolaire') }} as school_year,
    {{ consumer_identifier_columns('uai', 'uai') }},
    {{ consumer_identifier_columns('mef_stat_11', 'mef_bcp_11') }},
    {{ consumer_count('nombre_d_eleves_total') }} as pupil_count
from source
