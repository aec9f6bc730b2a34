{#- Adapter-specific SQL lives here, behind adapter.dispatch, so marts stay portable (DuckDB now, PostgreSQL later). -#}

{% macro regex_match(expression, pattern) -%}
    {{ return(adapter.dispatch('regex_match')(expression, pattern)) }}
{%- endmacro %}
{% macro duckdb__regex_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{%- endmacro %}
{% macro postgres__regex_match(expression, pattern) -%}
    ({{ expression }} ~ '^(?:{{ pattern }})$')
{%- endmacro %}

{#- Capture group `group` (from 1) of `pattern` in `expression`; null when the pattern does not match. -#}
{% macro regex_group(expression, pattern, group) -%}
    {{ return(adapter.dispatch('regex_group')(expression, pattern, group)) }}
{%- endmacro %}
{% macro duckdb__regex_group(expression, pattern, group) -%}
    nullif(regexp_extract({{ expression }}, '{{ pattern }}', {{ group }}), '')
{%- endmacro %}
{% macro postgres__regex_group(expression, pattern, group) -%}
    (regexp_match({{ expression }}, '{{ pattern }}'))[{{ group }}]
{%- endmacro %}

{#- Dates as published by the sources: dd/mm/yyyy (BCN, ACCE) or ISO yyyy-mm-dd (annuaire); else null. -#}
{% macro parse_source_date(expression) -%}
    {{ return(adapter.dispatch('parse_source_date')(expression)) }}
{%- endmacro %}
{% macro duckdb__parse_source_date(expression) -%}
    coalesce(
        cast(try_strptime(trim({{ expression }}), '%d/%m/%Y') as date),
        cast(try_strptime(trim({{ expression }}), '%Y-%m-%d') as date)
    )
{%- endmacro %}
{% macro postgres__parse_source_date(expression) -%}
    case
        when trim({{ expression }}) ~ '^\d{2}/\d{2}/\d{4}$' then to_date(trim({{ expression }}), 'DD/MM/YYYY')
        when trim({{ expression }}) ~ '^\d{4}-\d{2}-\d{2}$' then to_date(trim({{ expression }}), 'YYYY-MM-DD')
    end
{%- endmacro %}

{#- Excel serial day numbers (epoch 1899-12-30), left by xlsx→csv conversions (DEPP CFA list). -#}
{% macro excel_serial_date(expression) -%}
    case when {{ regex_match('trim(' ~ expression ~ ')', '[0-9]{1,6}') }}
        then cast(date '1899-12-30' + cast(trim({{ expression }}) as integer) as date) end
{%- endmacro %}

{#- A stable fingerprint of a record's tracked columns, for change detection in history. -#}
{% macro record_hash(columns) -%}
    md5(concat_ws('|'{% for column in columns %}, coalesce(cast({{ column }} as varchar), '~'){% endfor %}))
{%- endmacro %}

{% macro as_of_date() -%}
    cast('{{ var("as_of") }}' as date)
{%- endmacro %}

{#- Distinct values of a column as one sorted, comma-separated text (aggregate). -#}
{% macro sorted_list(expression) -%}
    string_agg(distinct {{ expression }}, ', ' order by {{ expression }})
{%- endmacro %}

{% macro add_days(date_expression, days) -%}
    cast({{ date_expression }} + {{ days }} as date)
{%- endmacro %}

{#- The lineage every staging model carries: which source, which load, which file and line. -#}
{% macro lineage_columns(source_id) -%}
    '{{ source_id }}' as source_id,
    _as_of as as_of,
    _source_file as source_file,
    _sha256 as source_sha256,
    _row_number as source_row_number
{%- endmacro %}

{#- A diploma label without its option, year or type suffix: the shared stem of a family of options
    ("SERVICES INFORMATIQUES AUX ORGANISATIONS OPTION A … (BTS)" → "SERVICES INFORMATIQUES AUX ORGANISATIONS"). -#}
{% macro label_stem(expression) -%}
    trim(regexp_replace(upper({{ expression }}),
        '\s+(OPTION\s.*|OPT\.\s?.*|(BTS |CAP |BAC PRO )?[0-9](ERE|EME) ANNEE.*|ANNEE COMMUNE.*|\(.*\))$', ''))
{%- endmacro %}

{#- Letters without their accents (DuckDB strip_accents; PostgreSQL without the unaccent extension). -#}
{% macro fold_accents(expression) -%}
    {{ return(adapter.dispatch('fold_accents')(expression)) }}
{%- endmacro %}
{% macro duckdb__fold_accents(expression) -%}
    strip_accents({{ expression }})
{%- endmacro %}
{% macro postgres__fold_accents(expression) -%}
    translate({{ expression }}, 'àâäéèêëîïôöùûüÿçÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇ', 'aaaeeeeiioouuuycAAAEEEEIIOOUUUYC')
{%- endmacro %}

{#- A label reduced to what two producers write alike: stem without option or year, no accents, no
    punctuation, no leading diploma abbreviation ("BTS services informatiques aux organisations option A …",
    "SERVICES INFORMATIQUES AUX ORGANISATIONS BTS 1ERE ANNEE" → "SERVICES INFORMATIQUES AUX ORGANISATIONS"). -#}
{% macro comparable_label(expression) -%}
    trim(regexp_replace(
        trim(regexp_replace({{ label_stem(fold_accents(expression)) }}, '[^A-Z0-9]+', ' ', 'g')),
        '^(CAPA|CAP|BTSA|BTS|BPA|BP|BAC PRO|MC|CS|BMA|DMA|DNMADE|BUT|DUT|TP|LICENCE PROFESSIONNELLE|TITRE PROFESSIONNEL) ',
        ''))
{%- endmacro %}

{#- Similarity of two labels between 0 and 1 (DuckDB Jaro-Winkler; PostgreSQL needs the pg_trgm extension). -#}
{% macro label_similarity(left, right) -%}
    {{ return(adapter.dispatch('label_similarity')(left, right)) }}
{%- endmacro %}
{% macro duckdb__label_similarity(left, right) -%}
    jaro_winkler_similarity({{ left }}, {{ right }})
{%- endmacro %}
{% macro postgres__label_similarity(left, right) -%}
    similarity({{ left }}, {{ right }})
{%- endmacro %}
