-- Cartography edges: one row per published correspondence table (all SCD2), measured on its current links.
{%- set edges = [
    ('corr_uai_siret', 'uai', 'siret', 'uai', 'siret'),
    ('corr_uai_uai', 'uai', 'uai', 'mother_uai', 'daughter_uai'),
    ('corr_siret_succession', 'siret', 'siret', 'predecessor_siret', 'successor_siret'),
    ('corr_siret_nda', 'siret', 'nda', 'siret', 'nda'),
    ('corr_cfd_rncp', 'cfd', 'rncp', 'cfd', 'rncp'),
    ('corr_mef_cfd', 'mef', 'cfd', 'mef', 'cfd'),
    ('lineage_cfd', 'cfd', 'cfd', 'old_cfd', 'new_cfd'),
    ('lineage_rncp', 'rncp', 'rncp', 'old_code', 'new_code'),
] %}
with codes as (
    {{ carto_identifier_codes() }}
),

universe as (
    select identifier, count(*) as code_count from codes group by identifier
),

edges as (
{%- for table_name, from_identifier, to_identifier, from_column, to_column in edges %}
    {{ carto_edge(table_name, from_identifier, to_identifier, from_column, to_column) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
{%- endfor %}
)

select
    cast(edges.from_identifier as varchar) as from_identifier,
    cast(edges.to_identifier as varchar) as to_identifier,
    cast(edges.table_name as varchar) as table_name,
    edges.sources,
    cast(edges.link_count as bigint) as link_count,
    case
        when edges.from_codes_with_several_links > 0 and edges.to_codes_with_several_links > 0 then 'n:n'
        when edges.from_codes_with_several_links > 0 then '1:n'
        when edges.to_codes_with_several_links > 0 then 'n:1'
        else '1:1'
    end as observed_cardinality,
    cast(coalesce(universe.code_count, 0) as bigint) as from_code_count,
    case
        when universe.code_count > 0 then round(100.0 * edges.covered_code_count / universe.code_count, 1)
    end as coverage_percent,
    true as is_historised,
    edges.last_known_from
from edges
left join universe on universe.identifier = edges.from_identifier
