{#-
  Consumer datasets (InserJeunes, InserSup, Parcoursup, Affelnet, constat de rentrée, catalogue): the columns
  of their identifiers and the numbers as they publish them. Every macro here is prefixed `consumer`, except
  the SISE pair, named like the other identifiers (identifiers.sql).
-#}

{#- Raw, normalised and status columns of an identifier, `<prefix>_raw`, `<prefix>`, `<prefix>_status`, through
    the shared `normalize_<kind>` / `<kind>_status` macros (kind: uai, siret, cfd, mef_stat_11, nda, sise). -#}
{% macro consumer_identifier_columns(kind, expression, prefix=none) -%}
    {%- set name = prefix or kind -%}
    {{ expression }} as {{ name }}_raw,
    {{ context['normalize_' ~ kind](expression) }} as {{ name }},
    {{ context[kind ~ '_status'](expression) }} as {{ name }}_status
{%- endmacro %}

{#- SISE diploma code (InserSup, BCN N_FORMATION_DIPLOME_ENQUETE_51): 7 digits, no check key
    (identifiers.md §9). -#}
{% macro normalize_sise(expression) -%}
    case when {{ clean_code(expression) }} not in {{ placeholder_values() }} then {{ clean_code(expression) }} end
{%- endmacro %}

{% macro sise_status(expression) -%}
    {{ _identifier_status(expression, normalize_sise(expression), '[0-9]{7}', none) }}
{%- endmacro %}

{#- A value as published: `29.0`, `-2.0`, `54,6` (decimal comma) → decimal; masked or missing (empty, `nd`,
    `na`, `*`) → null. -#}
{% macro consumer_number(expression) -%}
    {%- set cleaned = "replace(trim(" ~ expression ~ "), ',', '.')" -%}
    case when {{ regex_match(cleaned, '-?[0-9]+([.][0-9]+)?') }} then cast({{ cleaned }} as decimal(14, 2)) end
{%- endmacro %}

{#- A count as published (`535`, or `29.0` in the float-typed exports) → integer; anything else → null. -#}
{% macro consumer_count(expression) -%}
    case when {{ regex_match('trim(' ~ expression ~ ')', '[0-9]{1,9}([.]0+)?') }}
        then cast(split_part(trim({{ expression }}), '.', 1) as integer) end
{%- endmacro %}

{#- `true`/`false` of the JSON APIs, `O`/`N` and `VRAI`/`FAUX` of the CSV files → boolean; else null. -#}
{% macro consumer_flag(expression) -%}
    case upper(trim({{ expression }}))
        when 'TRUE' then true when 'O' then true when 'VRAI' then true
        when 'FALSE' then false when 'N' then false when 'FAUX' then false
    end
{%- endmacro %}
