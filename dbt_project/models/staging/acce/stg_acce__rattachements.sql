-- Mother/daughter UAI links of the BCE, from both ACCE files, with the BCE record of the linked UAI.
{%- set files = [
    {'source': 'acce_uai_mere', 'linked': 'numero_uai_mere', 'side': 'mere'},
    {'source': 'acce_uai_fille', 'linked': 'numero_uai_fille', 'side': 'fille'},
] %}
{% for file in files %}
select
    {{ lineage_columns(file.source) }},
    found_uai,
    linked_uai,
    '{{ file.side }}' as linked_side,
    {% if file.side == 'mere' -%}
    linked_uai as mother_uai,
    found_uai as daughter_uai,
    {%- else -%}
    found_uai as mother_uai,
    linked_uai as daughter_uai,
    {%- endif %}
    nullif(trim(type_rattachement), '') as link_type,
    {{ uai_status(file.linked, 'linked_uai') }} as linked_uai_status,
    nullif(trim(nature_uai), '') as linked_nature_code,
    nullif(trim(coalesce(appellation_officielle, denomination_principale)), '') as linked_name,
    numero_siren_siret_uai as linked_siren_siret_raw,
    {{ siren_siret_columns('numero_siren_siret_uai', 'siret_normalised') }},
    {{ parse_source_date('date_ouverture') }} as linked_opened_on,
    {{ parse_source_date('date_fermeture') }} as linked_closed_on
from (
    -- identifiers normalised once per row, read by the checks above (macros/identifiers.sql)
    select
        *,
        {{ normalize_uai('numero_uai_trouve') }} as found_uai,
        {{ normalize_uai(file.linked) }} as linked_uai,
        {{ normalize_siret('numero_siren_siret_uai') }} as siret_normalised
    from {{ incoming_loads(source('raw', file.source), '_as_of') }} as load_rows
) as load_rows
{% if not loop.last %}union all{% endif %}
{%- endfor %}
