-- StockEtablissementHistorique: one row per SIRET period per load. The file has no public sample, so this
-- model is empty in offline sample mode and everything downstream must work with 0 rows.
with source as (
    select * from {{ incoming_loads(source('raw', 'sirene_etablissement_historique'), '_as_of') }} as sirene_etablissement_historique
),

normalised as (
    -- normalised once per row (millions of rows): the status checks read these columns
    select *, {{ normalize_siret('siret') }} as siret_normalised, {{ clean_code('siren') }} as siren_normalised
    from source
)

select
    {{ lineage_columns('sirene_etablissement_historique') }},
    siret as siret_raw,
    siret_normalised as siret,
    {{ siret_status('siret', 'siret_normalised') }} as siret_status,
    siren as siren_raw,
    siren_normalised as siren,
    {{ siren_status('siren', 'siren_normalised') }} as siren_status,
    {{ parse_source_date('datedebut') }} as valid_from,
    -- an empty dateFin marks the current (open) period
    {{ parse_source_date('datefin') }} as valid_to,
    nullif(trim(datefin), '') is null as is_current_period,
    {{ clean_code('etatadministratifetablissement') }} as administrative_state,
    {{ clean_code('etatadministratifetablissement') }} = 'F' as is_closed,
    {{ sirene_boolean('changementetatadministratifetablissement') }} as is_state_change
from normalised
