{#-
  MEF identifiers of the BCN (docs: identifiers.md §6). Same statuses as identifiers.sql (valid, normalised,
  invalid_format, placeholder), no check key.
    MEF (10 digits)  = dispositif (3) + CFD[3:8] (5) + durée (1) + année (1). Dispositif codes start with 0
                       (000…099), so a 9-digit value lost its leading zero to a spreadsheet: left-padded to 10.
    MEF_STAT_11      11 characters, last 5 = CFD[3:8]: digits, except the 3rd position, which holds a letter in
                       the certificats de spécialisation created in 2024 (`23K00032601` for CFD 46132601,
                       `23J00022105` for 56122105, real N_MEF rows). Never padded: a 10-digit value is most likely
                       a MEF 10 given in the wrong column, not a MEF_STAT_11 that lost a zero (invalid_format).
  The CFD of a MEF comes from N_MEF.FORMATION_DIPLOME: the MEF does not carry CFD[0:3], never rebuild it.
-#}

{% macro normalize_mef(expression) -%}
    {{ _padded_code(expression, '[0-9]{9}', 10) }}
{%- endmacro %}

{% macro mef_status(expression) -%}
    {{ _identifier_status(expression, normalize_mef(expression), '[0-9]{10}', none) }}
{%- endmacro %}

{% macro normalize_mef_stat_11(expression) -%}
    case when {{ clean_code(expression) }} not in {{ placeholder_values() }} then {{ clean_code(expression) }} end
{%- endmacro %}

{% macro mef_stat_11_status(expression) -%}
    {{ _identifier_status(expression, normalize_mef_stat_11(expression), '[0-9]{2}[0-9A-Z][0-9]{8}', none) }}
{%- endmacro %}

{#- A small non-negative integer written as digits (durations, years of a cycle); anything else is null. -#}
{% macro digits_to_int(expression) -%}
    case when {{ regex_match('trim(' ~ expression ~ ')', '[0-9]{1,4}') }} then cast(trim({{ expression }}) as integer) end
{%- endmacro %}
