-- BCN N_FORMATION_DIPLOME: one row per CFD per load; lineage codes normalised like the CFD itself.
with source as (
    select * from {{ incoming_loads(source('raw', 'bcn_n_formation_diplome'), '_as_of') }} as bcn_n_formation_diplome
)

select
    {{ lineage_columns('bcn_n_formation_diplome') }},
    {{ bcn_diploma_columns() }},
    {{ cfd_list(['ancien_diplome_1', 'ancien_diplome_2', 'ancien_diplome_3', 'ancien_diplome_4',
                 'ancien_diplome_5', 'ancien_diplome_6', 'ancien_diplome_7']) }} as previous_cfds,
    {{ cfd_list(['nouveau_diplome_1', 'nouveau_diplome_2', 'nouveau_diplome_3', 'nouveau_diplome_4',
                 'nouveau_diplome_5', 'nouveau_diplome_6', 'nouveau_diplome_7']) }} as next_cfds
from source
