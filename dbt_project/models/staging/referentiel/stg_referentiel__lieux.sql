-- Référentiel UAI-SIRET: one row per training site (lieu de formation) of each organisme per load.
-- `lieu_rank` is the position in the API array: the site code ("lon_lat") is not unique within an
-- organisme (two UAIs at the same address), so it cannot serve as a key.
with source as (
    select * from {{ incoming_loads(source('raw', 'referentiel_organismes'), '_as_of') }} as referentiel_organismes
),

lieux as (
    select
        source.*,
        sites.element,
        sites.element_rank
    from source
    cross join lateral {{ json_array_elements('source.lieux_de_formation') }} as sites(element, element_rank)
),

extracted as (
    select
        _as_of, _source_file, _sha256, _row_number, siret,
        cast(element_rank as integer) as lieu_rank,
        {{ json_text('element', ['code']) }} as lieu_code,
        {{ json_text('element', ['uai']) }} as uai_text,
        {{ json_text('element', ['uai_fiable']) }} as uai_fiable_text,
        {{ json_text('element', ['siret']) }} as lieu_siret_text,
        {{ json_text('element', ['adresse', 'label']) }} as address_label,
        {{ json_text('element', ['adresse', 'code_insee']) }} as commune_code,
        {{ json_text('element', ['adresse', 'localite']) }} as commune_name,
        {{ json_text('element', ['adresse', 'code_postal']) }} as postal_code,
        {{ json_text('element', ['adresse', 'departement', 'code']) }} as department_code,
        {{ json_text('element', ['adresse', 'region', 'code']) }} as region_code,
        {{ json_text('element', ['adresse', 'academie', 'code']) }} as academy_code
    from lieux
),

normalised as (
    -- identifiers normalised once per row, read by the checks below (macros/identifiers.sql)
    select
        *,
        {{ normalize_siret('siret') }} as organisme_siret_normalised,
        {{ normalize_uai('uai_text') }} as uai_normalised,
        {{ normalize_siret('lieu_siret_text') }} as lieu_siret_normalised
    from extracted
)

select
    {{ lineage_columns('referentiel_organismes') }},
    siret as organisme_siret_raw,
    organisme_siret_normalised as organisme_siret,
    {{ siret_status('siret', 'organisme_siret_normalised') }} as organisme_siret_status,
    lieu_rank,
    nullif(trim(lieu_code), '') as lieu_code,
    uai_text as uai_raw,
    uai_normalised as uai,
    {{ uai_status('uai_text', 'uai_normalised') }} as uai_status,
    -- uai_fiable: the formation is published in Parcoursup/Affelnet or the UAI was edited by hand (REF).
    case lower(trim(uai_fiable_text)) when 'true' then true when 'false' then false end as is_uai_reliable,
    lieu_siret_text as lieu_siret_raw,
    lieu_siret_normalised as lieu_siret,
    {{ siret_status('lieu_siret_text', 'lieu_siret_normalised') }} as lieu_siret_status,
    nullif(trim(address_label), '') as address_label,
    nullif(trim(commune_code), '') as commune_code,
    nullif(trim(commune_name), '') as commune_name,
    nullif(trim(postal_code), '') as postal_code,
    nullif(trim(department_code), '') as department_code,
    nullif(trim(region_code), '') as region_code,
    nullif(trim(academy_code), '') as academy_code
from normalised
