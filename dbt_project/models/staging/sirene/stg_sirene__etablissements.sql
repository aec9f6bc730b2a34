-- StockEtablissement: one row per SIRET per load (current state of the establishment), identifiers
-- normalised and flagged (never dropped), dates and booleans typed.
with source as (
    select * from {{ incoming_loads(source('raw', 'sirene_etablissement'), '_as_of') }} as sirene_etablissement
),

normalised as (
    -- normalised once per row (millions of rows): the status checks read these columns
    select *, {{ normalize_siret('siret') }} as siret_normalised, {{ clean_code('siren') }} as siren_normalised
    from source
)

select
    {{ lineage_columns('sirene_etablissement') }},
    siret as siret_raw,
    siret_normalised as siret,
    {{ siret_status('siret', 'siret_normalised') }} as siret_status,
    siren as siren_raw,
    siren_normalised as siren,
    {{ siren_status('siren', 'siren_normalised') }} as siren_status,
    {{ parse_source_date('datecreationetablissement') }} as created_on,
    {{ sirene_boolean('etablissementsiege') }} as is_head_office,
    -- dateDebut is the start of the *current* period, whatever changed then (état, enseigne, APE…)
    {{ parse_source_date('datedebut') }} as period_started_on,
    {{ clean_code('etatadministratifetablissement') }} as administrative_state,
    {{ clean_code('etatadministratifetablissement') }} = 'F' as is_closed,
    nullif(trim(enseigne1etablissement), '') as sign_name,
    nullif(trim(denominationusuelleetablissement), '') as usual_name,
    nullif(trim(activiteprincipaleetablissement), '') as activity_code,
    nullif(trim(codepostaletablissement), '') as postal_code,
    nullif(trim(codecommuneetablissement), '') as commune_code,
    nullif(trim(libellecommuneetablissement), '') as commune_name
from normalised
