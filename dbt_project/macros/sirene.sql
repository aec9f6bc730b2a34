{#- Typing helpers for the INSEE Sirene stock files (docs: sources.md §1.1). -#}

{#- Sirene booleans are written `true` / `false`; anything else (empty, typo) is unknown, not false. -#}
{% macro sirene_boolean(expression) -%}
    case lower(trim({{ expression }})) when 'true' then true when 'false' then false end
{%- endmacro %}

{#- Sirene processing timestamps (`dateDernierTraitement…`): ISO with `T` or a space, optional fractional
    seconds, or a plain date (read as midnight); else null. -#}
{% macro parse_sirene_timestamp(expression) -%}
    {{ return(adapter.dispatch('parse_sirene_timestamp')(expression)) }}
{%- endmacro %}
{% macro duckdb__parse_sirene_timestamp(expression) -%}
    try_strptime(trim({{ expression }}), ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f',
                                          '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d'])
{%- endmacro %}
{% macro postgres__parse_sirene_timestamp(expression) -%}
    case when trim({{ expression }}) ~ '^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}:\d{2}(\.\d+)?)?$'
        then cast(replace(trim({{ expression }}), 'T', ' ') as timestamp) end
{%- endmacro %}
