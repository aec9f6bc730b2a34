{#-
  Identifier normalisation and validation (docs: README, section "Identifiants").
  Each identifier gets a normalised value and a status:
    valid           well formed, check passes, unchanged
    normalised      well formed after a documented normalisation (trim, upper case, lost leading zeros)
    invalid_format  does not match the format after normalisation (kept, flagged)
    invalid_check   well formed but the check letter / Luhn key fails (kept, flagged, never repaired)
    placeholder     a known filler value (0000000A, 99999999999999, NR…): normalised value is null
  Invalid values are kept: flag, never drop. Only portable SQL here; regex goes through regex_match().
-#}

{% macro clean_code(expression) -%}
    nullif(upper(trim(replace(replace({{ expression }}, chr(9), ''), chr(160), ''))), '')
{%- endmacro %}

{% macro placeholder_values() -%}
    ('0000000A', '0000000N', '99999999999999', '00000000', 'NR', 'SQWQ', 'NC', 'ND', 'NA', '[ND]', 'A COMPLETER')
{%- endmacro %}

{#- Value of the digit at 1-based position `position`, or -1 when it is not a digit (no cast errors); `values`
    lists the digits in the order of the values they stand for (a digit's value is its position in it). -#}
{% macro digit_at(expression, position, values='0123456789') -%}
    (strpos('{{ values }}', substr({{ expression }}, {{ position }}, 1)) - 1)
{%- endmacro %}

{#- Luhn sum check over a string of `length` digits (SIREN 9, SIRET 14). A doubled digit's contribution (2d, or
    2d − 9 above 9) is its position in '0516273849', so each digit is read once. -#}
{% macro luhn_valid(expression, length) -%}
    ((
    {%- for position in range(1, length + 1) %}
        {%- if (length - position + 1) % 2 == 0 %}
        {{ digit_at(expression, position, '0516273849') }}
        {%- else %}
        {{ digit_at(expression, position) }}
        {%- endif %}{% if not loop.last %} +{% endif %}
    {%- endfor %}
    ) % 10 = 0)
{%- endmacro %}

{#- La Poste (SIREN 356000000): its SIRETs are valid when the plain sum of their 14 digits is a multiple of 5. -#}
{% macro la_poste_valid(expression) -%}
    (substr({{ expression }}, 1, 9) = '356000000' and (
    {%- for position in range(1, 15) %}{{ digit_at(expression, position) }}{% if not loop.last %} + {% endif %}{% endfor -%}
    ) % 5 = 0)
{%- endmacro %}

{#- Shared CASE skeleton of every status; `check` may be none for identifiers without a check key. -#}
{% macro _identifier_status(raw, normalised, pattern, check) -%}
    case
        when {{ clean_code(raw) }} is null then null
        when {{ clean_code(raw) }} in {{ placeholder_values() }} then 'placeholder'
        when not {{ regex_match(normalised, pattern) }} then 'invalid_format'
        {%- if check %}
        when not {{ check }} then 'invalid_check'
        {%- endif %}
        when {{ normalised }} <> {{ raw }} then 'normalised'
        else 'valid'
    end
{%- endmacro %}

{#- Left-pad a numeric value that lost its leading zeros; placeholders become null. -#}
{% macro _padded_code(expression, numeric_pattern, width) -%}
    case
        when {{ clean_code(expression) }} in {{ placeholder_values() }} then null
        when {{ regex_match(clean_code(expression), numeric_pattern) }}
            then lpad({{ clean_code(expression) }}, {{ width }}, '0')
        else {{ clean_code(expression) }}
    end
{%- endmacro %}

{# ---- UAI: 7 digits + check letter, letter = ABCDEFGHJKLMNPRSTUVWXYZ[int(digits) mod 23] ---- #}
{% macro normalize_uai(expression) -%}
    {{ _padded_code(expression, '[0-9]{1,6}[A-Z]', 8) }}
{%- endmacro %}

{#- Read after the format check (a CASE branch): the seven digits are digits. -#}
{% macro uai_check_valid(expression) -%}
    (substr('ABCDEFGHJKLMNPRSTUVWXYZ', (cast(substr({{ expression }}, 1, 7) as integer) % 23) + 1, 1)
        = substr({{ expression }}, 8, 1))
{%- endmacro %}

{#- `normalised`: a column already holding normalize_uai(expression) (see siret_status). -#}
{% macro uai_status(expression, normalised=none) -%}
    {%- set normalised = normalised or normalize_uai(expression) -%}
    {{ _identifier_status(expression, normalised, '[0-9]{7}[A-Z]', uai_check_valid(normalised)) }}
{%- endmacro %}

{# ---- SIRET: 14 digits, Luhn, or La Poste's rule; a 13-digit value lost its leading zero ---- #}
{% macro normalize_siret(expression) -%}
    {{ _padded_code(expression, '[0-9]{13}', 14) }}
{%- endmacro %}

{#- `normalised`: a column already holding normalize_siret(expression), computed once per row in a CTE of the
    model: the checks then read that column instead of recomputing the normalisation at each digit (DuckDB does
    not share subexpressions across CASE branches): half the time of the ACCE staging at national scale. -#}
{% macro siret_status(expression, normalised=none) -%}
    {%- set normalised = normalised or normalize_siret(expression) -%}
    {{ _identifier_status(expression, normalised, '[0-9]{14}',
        '(' ~ luhn_valid(normalised, 14) ~ ' or ' ~ la_poste_valid(normalised) ~ ')') }}
{%- endmacro %}

{# ---- SIREN: 9 digits, Luhn ---- #}
{% macro siren_status(expression, normalised=none) -%}
    {%- set normalised = normalised or clean_code(expression) -%}
    {{ _identifier_status(expression, normalised, '[0-9]{9}', luhn_valid(normalised, 9)) }}
{%- endmacro %}

{#- A "SIREN or SIRET" column (ACCE, annuaire): 9 digits is a SIREN, anything else is read as a SIRET. -#}
{% macro is_siren_only(expression) -%}
    coalesce({{ regex_match(clean_code(expression), '[0-9]{9}') }}, false)
{%- endmacro %}

{# ---- CFD: 8 characters [A-Z0-9]{3}[0-9]{3}[A-Z0-9]{2}; 7 digits lost a leading zero;
        DGESCO writes NNN-NNNNN L ---- #}
{% macro normalize_cfd(expression) -%}
    case
        when {{ clean_code(expression) }} in {{ placeholder_values() }} then null
        when {{ regex_match(clean_code(expression), '[0-9]{7}') }} then lpad({{ clean_code(expression) }}, 8, '0')
        when {{ regex_match(clean_code(expression), '[0-9]{3}-[0-9]{5} ?[A-Z]?') }}
            then substr(replace({{ clean_code(expression) }}, '-', ''), 1, 8)
        else {{ clean_code(expression) }}
    end
{%- endmacro %}

{% macro cfd_status(expression) -%}
    {{ _identifier_status(expression, normalize_cfd(expression), '[A-Z0-9]{3}[0-9]{3}[A-Z0-9]{2}', none) }}
{%- endmacro %}

{#- A "SIREN or SIRET" column split into siren / siret with their statuses (9 digits = a SIREN alone);
    `normalised`: a column already holding normalize_siret(expression) (see siret_status). -#}
{% macro siren_siret_columns(expression, normalised=none) -%}
    {%- set siret = normalised or normalize_siret(expression) -%}
    case when not {{ is_siren_only(expression) }} then {{ siret }} end as siret,
    case when not {{ is_siren_only(expression) }} then {{ siret_status(expression, siret) }} end as siret_status,
    case
        when {{ is_siren_only(expression) }} then {{ clean_code(expression) }}
        when {{ regex_match(siret, '[0-9]{14}') }} then substr({{ siret }}, 1, 9)
    end as siren,
    case
        when {{ is_siren_only(expression) }} then {{ siren_status(expression) }}
        when {{ regex_match(siret, '[0-9]{14}') }}
            then {{ siren_status('substr(' ~ siret ~ ', 1, 9)') }}
    end as siren_status
{%- endmacro %}

{#- Lineage columns (ANCIEN_DIPLOME_1..7) as one space-separated list of normalised CFDs, in column order. -#}
{% macro cfd_list(columns) -%}
    nullif(concat_ws(' '{% for column in columns %}, {{ normalize_cfd(column) }}{% endfor %}), '')
{%- endmacro %}

{% macro uai_sector(expression) -%}
    case upper(trim({{ expression }}))
        when 'PU' then 'public' when 'PUBLIC' then 'public' when 'PR' then 'privé' when 'PRIVE' then 'privé'
        when 'PRIVÉ' then 'privé'
    end
{%- endmacro %}

{# ---- NDA (déclaration d'activité): 11 characters ^\d{4}[0-9P]\d{6}$, no check key; overseas NDAs that
        lost their leading 0 have 10 characters ---- #}
{% macro normalize_nda(expression) -%}
    {{ _padded_code(expression, '[0-9]{3}[0-9P][0-9]{6}', 11) }}
{%- endmacro %}

{% macro nda_status(expression) -%}
    {{ _identifier_status(expression, normalize_nda(expression), '[0-9]{4}[0-9P][0-9]{6}', none) }}
{%- endmacro %}
