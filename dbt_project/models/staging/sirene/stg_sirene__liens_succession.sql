-- StockEtablissementLiensSuccession: one row per dated link per load. Links may alternate back and forth
-- (cycles, correspondences.md §3): nothing is resolved here, see int_siret_successor_chains.
with source as (
    select * from {{ incoming_loads(source('raw', 'sirene_liens_succession'), '_as_of') }} as sirene_liens_succession
),

normalised as (
    -- normalised once per row (millions of rows): the status checks read these columns
    select
        *,
        {{ normalize_siret('siretetablissementpredecesseur') }} as predecessor_siret,
        {{ normalize_siret('siretetablissementsuccesseur') }} as successor_siret
    from source
)

select
    {{ lineage_columns('sirene_liens_succession') }},
    siretetablissementpredecesseur as predecessor_siret_raw,
    predecessor_siret,
    {{ siret_status('siretetablissementpredecesseur', 'predecessor_siret') }} as predecessor_siret_status,
    siretetablissementsuccesseur as successor_siret_raw,
    successor_siret,
    {{ siret_status('siretetablissementsuccesseur', 'successor_siret') }} as successor_siret_status,
    {{ parse_source_date('dateliensuccession') }} as succession_date,
    {{ sirene_boolean('transfertsiege') }} as is_head_office_transfer,
    {{ sirene_boolean('continuiteeconomique') }} as has_economic_continuity,
    {{ parse_sirene_timestamp('datederniertraitementliensuccession') }} as last_processed_at
from normalised
