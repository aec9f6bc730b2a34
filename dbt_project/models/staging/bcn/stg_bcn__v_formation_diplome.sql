-- BCN V_FORMATION_DIPLOME: codes preparable by apprenticeship (N_FORMATION_DIPLOME ∪ ENQUETE_51), one row per
-- CFD per load. No lineage columns in this view; column names match stg_bcn__formation_diplome.
with source as (
    select * from {{ incoming_loads(source('raw', 'bcn_v_formation_diplome'), '_as_of') }} as bcn_v_formation_diplome
)

select
    {{ lineage_columns('bcn_v_formation_diplome') }},
    {{ bcn_diploma_columns(with_comment=true) }}
from source
