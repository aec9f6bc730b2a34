-- Référentiel UAI-SIRET (API organismes): one row per organisme (SIRET) per load. The UAI here is the one
-- validated by a referent; candidates and training sites are unnested in the sibling models.
with source as (
    select * from {{ incoming_loads(source('raw', 'referentiel_organismes'), '_as_of') }} as referentiel_organismes
),

normalised as (
    -- identifiers normalised once per row, read by the checks below (macros/identifiers.sql)
    select
        *,
        {{ normalize_siret('siret') }} as siret_normalised,
        {{ normalize_uai('uai') }} as uai_normalised
    from source
)

select
    {{ lineage_columns('referentiel_organismes') }},
    siret as siret_raw,
    {{ siren_siret_columns('siret', 'siret_normalised') }},
    uai as uai_raw,
    uai_normalised as uai,
    {{ uai_status('uai', 'uai_normalised') }} as uai_status,
    nullif(trim(nature), '') as nature,
    nullif(trim(etat_administratif), '') as administrative_state,
    -- Unknown states stay null rather than being read as closed.
    case lower(trim(etat_administratif)) when 'actif' then true when 'fermé' then false end as is_active,
    -- Absent from the record (62 of 145 in the sample) means unknown, not "no Qualiopi".
    case lower(trim(qualiopi)) when 'true' then true when 'false' then false end as has_qualiopi,
    nullif(trim(raison_sociale), '') as name,
    numero_declaration_activite as nda_raw,
    {{ normalize_nda('numero_declaration_activite') }} as nda,
    {{ nda_status('numero_declaration_activite') }} as nda_status
from normalised
