{#- Cartography of the identifiers (models/marts/usages/carto_*.sql). -#}

{#- Distinct valid or normalised codes known in the latest load, per identifier (identifier, code): the universe
    behind carto_nodes.code_count and carto_edges.coverage_percent. Current versions of the published marts only. -#}
{% macro carto_identifier_codes() -%}
    select 'uai' as identifier, uai as code from {{ ref('uai_records') }}
    where is_current and uai_status in ('valid', 'normalised')
    union
    select 'uai', uai from {{ ref('dim_site') }} where uai is not null
    union
    select 'siret', siret from {{ ref('corr_uai_siret') }} where is_current and siret is not null
    union
    select 'siret', siret from {{ ref('dim_site') }} where siret is not null
    union
    select 'siret', siret from {{ ref('corr_siret_nda') }}
    where is_current and siret_status in ('valid', 'normalised')
    union
    select 'siret', predecessor_siret from {{ ref('corr_siret_succession') }}
    where is_current and predecessor_siret_status in ('valid', 'normalised')
    union
    select 'siret', successor_siret from {{ ref('corr_siret_succession') }}
    where is_current and successor_siret_status in ('valid', 'normalised')
    union
    select 'siren', siren from {{ ref('dim_organisme') }} where siren is not null
    union
    select kind, code from {{ ref('dim_certification') }} where kind in ('cfd', 'rncp', 'rs')
    union
    select 'mef', mef from {{ ref('corr_mef_cfd') }} where is_current and mef_status in ('valid', 'normalised')
    union
    select 'mef_stat_11', mef_stat_11 from {{ ref('corr_mef_cfd') }}
    where is_current and mef_stat_11_status in ('valid', 'normalised')
    union
    select 'nda', nda from {{ ref('corr_siret_nda') }} where is_current and nda_status in ('valid', 'normalised')
    union
    select 'certif_info', certif_info_id from {{ ref('stg_certif_info__certifications') }}
    where certif_info_id_status in ('valid', 'normalised')
        and as_of = (select max(as_of) from {{ ref('stg_certif_info__certifications') }})
{%- endmacro %}

{#- One row of carto_edges: the current links of a published SCD2 correspondence table, measured. Needs a `codes`
    relation (identifier, code) in scope, built by carto_identifier_codes(). -#}
{% macro carto_edge(table_name, from_identifier, to_identifier, from_column, to_column) -%}
    {%- set relation = ref(table_name) -%}
    select
        '{{ from_identifier }}' as from_identifier,
        '{{ to_identifier }}' as to_identifier,
        '{{ table_name }}' as table_name,
        (
            select {{ sorted_list('trim(pieces.piece)') }}
            from {{ relation }} as links
            cross join lateral {{ split_by_regex('links.sources', ',') }} as pieces(piece, piece_rank)
            where links.is_current and links.sources is not null and trim(pieces.piece) <> ''
        ) as sources,
        (select count(*) from {{ relation }} where is_current) as link_count,
        (
            select count(*) from (
                select {{ from_column }} from {{ relation }} where is_current
                group by {{ from_column }} having count(distinct {{ to_column }}) > 1
            ) as multi
        ) as from_codes_with_several_links,
        (
            select count(*) from (
                select {{ to_column }} from {{ relation }} where is_current
                group by {{ to_column }} having count(distinct {{ from_column }}) > 1
            ) as multi
        ) as to_codes_with_several_links,
        (
            select count(distinct links.{{ from_column }})
            from {{ relation }} as links
            inner join codes on codes.identifier = '{{ from_identifier }}' and codes.code = links.{{ from_column }}
            where links.is_current
        ) as covered_code_count,
        (select max(known_from) from {{ relation }} where is_current) as last_known_from
{%- endmacro %}
