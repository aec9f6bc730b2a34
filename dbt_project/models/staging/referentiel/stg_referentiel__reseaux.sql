-- Référentiel UAI-SIRET network exports (EN, GRETA, MFR): one row per organisme per network per load.
-- The three files share one layout; they are the sample's only carrier of NDA values. A SIRET can appear in
-- several networks (EN and GRETA share lycées) and, rarely, twice in one export (an MFR stub row): kept.
{%- set networks = ['en', 'greta', 'mfr'] %}

with source as (
    {%- for network in networks %}
    select '{{ network }}' as network, 'referentiel_reseau_{{ network }}' as source_id, *
    from {{ incoming_loads(source('raw', 'referentiel_reseau_' ~ network), '_as_of') }} as load_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    source_id,
    network,
    _as_of as as_of,
    _source_file as source_file,
    _sha256 as source_sha256,
    _row_number as source_row_number,
    siret as siret_raw,
    {{ siren_siret_columns('siret') }},
    uai_validee as uai_validated_raw,
    {{ normalize_uai('uai_validee') }} as uai_validated,
    {{ uai_status('uai_validee') }} as uai_validated_status,
    uai_probable as uai_probable_raw,
    {{ normalize_uai('uai_probable') }} as uai_probable,
    {{ uai_status('uai_probable') }} as uai_probable_status,
    -- Overseas NDAs exported as numbers lost their leading 0 (10 characters): padded back to 11.
    numero_declaration_activite as nda_raw,
    {{ normalize_nda('numero_declaration_activite') }} as nda,
    {{ nda_status('numero_declaration_activite') }} as nda_status,
    case lower(trim(qualiopi)) when 'oui' then true when 'non' then false end as has_qualiopi,
    nullif(trim(etat_administratif), '') as administrative_state,
    case lower(trim(etat_administratif)) when 'actif' then true when 'fermé' then false end as is_active,
    nullif(trim(nature), '') as nature,
    nullif(trim(raison_sociale), '') as name,
    nullif(trim(enseigne), '') as trade_name,
    -- dd/mm/yyyy (EN, GRETA) or ISO (MFR) depending on the export.
    {{ parse_source_date('date_d_import') }} as imported_on
from source
