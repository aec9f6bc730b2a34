-- Référentiel UAI-SIRET: one row per candidate UAI (uai_potentiels) of each organisme per load.
-- Candidates come from SIFA-RAMSESE, the Catalogue, DECA, ONISEP, Tableau de bord…: evidence, not validation.
with source as (
    select * from {{ incoming_loads(source('raw', 'referentiel_organismes'), '_as_of') }} as referentiel_organismes
),

candidates as (
    select
        source._as_of, source._source_file, source._sha256, source._row_number, source.siret,
        cast(potentiels.element_rank as integer) as candidate_rank,
        {{ json_text('potentiels.element', ['uai']) }} as uai_text,
        {{ json_string_list('potentiels.element', ['sources']) }} as candidate_sources
    from source
    cross join lateral {{ json_array_elements('source.uai_potentiels') }} as potentiels(element, element_rank)
),

normalised as (
    -- identifiers normalised once per row, read by the checks below (macros/identifiers.sql)
    select
        *,
        {{ normalize_siret('siret') }} as organisme_siret_normalised,
        {{ normalize_uai('uai_text') }} as uai_normalised
    from candidates
)

select
    {{ lineage_columns('referentiel_organismes') }},
    siret as organisme_siret_raw,
    organisme_siret_normalised as organisme_siret,
    {{ siret_status('siret', 'organisme_siret_normalised') }} as organisme_siret_status,
    candidate_rank,
    uai_text as uai_raw,
    uai_normalised as uai,
    {{ uai_status('uai_text', 'uai_normalised') }} as uai_status,
    candidate_sources
from normalised
