{#-
  JSON and list helpers, behind adapter.dispatch like portable.sql (DuckDB now, PostgreSQL later).
  The raw loads keep nested JSON arrays as text (orchestration/ingest/records.py): staging unnests them here.
-#}

{#- A set-returning expression, one row per element of a JSON array held as text, numbered from 1.
    Use it as: `cross join lateral {{ json_array_elements('col') }} as alias(element, element_rank)`.
    A null, or anything that is not an array, gives no row. -#}
{% macro json_array_elements(expression) -%}
    {{ return(adapter.dispatch('json_array_elements')(expression)) }}
{%- endmacro %}
{% macro duckdb__json_array_elements(expression) -%}
    unnest(case when json_type(json({{ expression }})) = 'ARRAY' then cast(json({{ expression }}) as json[]) end)
        with ordinality
{%- endmacro %}
{% macro postgres__json_array_elements(expression) -%}
    jsonb_array_elements(case when jsonb_typeof(cast({{ expression }} as jsonb)) = 'array'
        then cast({{ expression }} as jsonb) end) with ordinality
{%- endmacro %}

{#- The scalar at `path` (a list of object keys) of a JSON value, as text (booleans as 'true'/'false');
    null when the path is missing. -#}
{% macro json_text(expression, path) -%}
    {{ return(adapter.dispatch('json_text')(expression, path)) }}
{%- endmacro %}
{% macro duckdb__json_text(expression, path) -%}
    json_extract_string({{ expression }}, '$.{{ path | join(".") }}')
{%- endmacro %}
{% macro postgres__json_text(expression, path) -%}
    (cast({{ expression }} as jsonb) #>> '{ {{- path | join(",") -}} }')
{%- endmacro %}

{#- The strings of the JSON array at `path` of a JSON value, sorted and joined with `separator`;
    null when the array is missing or empty. -#}
{% macro json_string_list(expression, path, separator=', ') -%}
    {{ return(adapter.dispatch('json_string_list')(expression, path, separator)) }}
{%- endmacro %}
{% macro duckdb__json_string_list(expression, path, separator) -%}
    nullif(array_to_string(list_sort(json_extract_string({{ expression }}, '$.{{ path | join(".") }}[*]')),
        '{{ separator }}'), '')
{%- endmacro %}
{% macro postgres__json_string_list(expression, path, separator) -%}
    (select string_agg(item, '{{ separator }}' order by item)
     from jsonb_array_elements_text(case when jsonb_typeof(cast({{ expression }} as jsonb) #> '{ {{- path | join(",") -}} }')
         = 'array' then cast({{ expression }} as jsonb) #> '{ {{- path | join(",") -}} }' end) as items(item))
{%- endmacro %}

{#- A set-returning expression, one row per piece of a text split on a regular expression, numbered from 1.
    Use it as: `cross join lateral {{ split_by_regex('col', '[,;]') }} as alias(piece, piece_rank)`.
    Empty pieces are returned too: filter them out. -#}
{% macro split_by_regex(expression, pattern) -%}
    {{ return(adapter.dispatch('split_by_regex')(expression, pattern)) }}
{%- endmacro %}
{% macro duckdb__split_by_regex(expression, pattern) -%}
    unnest(string_split_regex({{ expression }}, '{{ pattern }}')) with ordinality
{%- endmacro %}
{% macro postgres__split_by_regex(expression, pattern) -%}
    regexp_split_to_table({{ expression }}, '{{ pattern }}') with ordinality
{%- endmacro %}
