-- Tableau de bord de l'apprentissage: one row per (UAI, SIRET) couple sent by the CFAs' ERPs per load, with
-- the fiabilisation verdict. ERP input is hand-typed: placeholders (0000000N), bad check letters and
-- SIRETs missing a digit are kept and flagged.
with source as (
    select * from {{ incoming_loads(source('raw', 'tdb_fiabilisation'), '_as_of') }} as tdb_fiabilisation
),

normalised as (
    -- identifiers normalised once per row, read by the checks below (macros/identifiers.sql)
    select
        *,
        {{ normalize_uai('uai') }} as uai_normalised,
        {{ normalize_siret('siret') }} as siret_normalised,
        {{ normalize_uai('uai_fiable') }} as uai_reliable_normalised,
        {{ normalize_siret('siret_fiable') }} as siret_reliable_normalised
    from source
)

select
    {{ lineage_columns('tdb_fiabilisation') }},
    uai as uai_raw,
    uai_normalised as uai,
    {{ uai_status('uai', 'uai_normalised') }} as uai_status,
    siret as siret_raw,
    {{ siren_siret_columns('siret', 'siret_normalised') }},
    -- The corrected couple: only set for A_FIABILISER (and equal to the input when that side was right).
    uai_fiable as uai_reliable_raw,
    uai_reliable_normalised as uai_reliable,
    {{ uai_status('uai_fiable', 'uai_reliable_normalised') }} as uai_reliable_status,
    siret_fiable as siret_reliable_raw,
    siret_reliable_normalised as siret_reliable,
    {{ siret_status('siret_fiable', 'siret_reliable_normalised') }} as siret_reliable_status,
    nullif(upper(trim(type)), '') as verdict,
    case when {{ regex_match('trim(rule_id)', '[0-9]{1,4}') }} then cast(trim(rule_id) as integer) end as rule_id
from normalised
