{#-
  Private helpers of the certification staging models (Kit apprentissage, Certif Info, NPEC, DGESCO list):
  free text, oui/non flags, levels, amounts and RNCP lists as the files publish them. RNCP / RS codes
  themselves go through the shared `normalize_rncp` / `rncp_status` (macros/rncp.sql).
-#}

{#- A free-text cell: trimmed, NBSP as space, the quotes of a CSV field read unquoted removed
    (`"AÉRONAUTIQUE OPTION ""AVIONIQUE"""` → `AÉRONAUTIQUE OPTION "AVIONIQUE"`), placeholders → null. -#}
{% macro _kit_text(expression) -%}
    case
        when upper(trim({{ expression }})) in {{ placeholder_values() }} then null
        when trim({{ expression }}) like '"%"' and length(trim({{ expression }})) > 1
            then nullif(trim(replace(substr(trim({{ expression }}), 2, length(trim({{ expression }})) - 2), '""', '"')), '')
        else nullif(trim(replace({{ expression }}, chr(160), ' ')), '')
    end
{%- endmacro %}

{#- `oui` / `non` (any case) → boolean; `NR` and anything else → null. -#}
{% macro _kit_yes_no(expression) -%}
    case lower(trim({{ expression }})) when 'oui' then true when 'non' then false end
{%- endmacro %}

{#- European level written `niveau3` (Kit v1.0–v3.0), `Niveau 3` (later), `NIV3` (RNCP) or `3` → 3; else null. -#}
{% macro _kit_european_level(expression) -%}
    case
        when {{ regex_match("replace(lower(trim(" ~ expression ~ ")), ' ', '')", '(niveau|niv)?[1-8]') }}
            then cast(right(trim({{ expression }}), 1) as integer)
    end
{%- endmacro %}

{#- An amount in euros as published (`9497`, `9 497 €`, `9 497,50`) → decimal; `NC`/`NR` and text → null. -#}
{% macro _kit_amount(expression) -%}
    {%- set cleaned = "replace(replace(replace(replace(trim(" ~ expression ~ "), ' ', ''), chr(160), ''), '€', ''), ',', '.')" -%}
    case when {{ regex_match(cleaned, '[0-9]+([.][0-9]+)?') }} then cast({{ cleaned }} as decimal(12, 2)) end
{%- endmacro %}

{#- A list cell (`RNCP39523|RNCP39522`) → normalised RNCP codes separated by spaces, in published order. -#}
{% macro _kit_rncp_list(expression) -%}
    case
        when upper(trim({{ expression }})) in {{ placeholder_values() }} then null
        else nullif(trim(replace(replace(replace(upper({{ expression }}), '|', ' '), ',', ' '), '  ', ' ')), '')
    end
{%- endmacro %}
