{#-
  RNCP / RS codes and the France compétences exports (docs: identifiers.md §7, sources.md §2.8–2.9).
  Every macro here is prefixed `rncp` (macro names are global to the project).
-#}

{#- Normalised RNCP/RS code: cleaned (trim, TAB/NBSP, upper case, inner spaces removed: `RNCP 35340`); digits
    only (Certif Info, DGESCO, Kit) get the prefix `digits_prefix` ('RNCP', or 'RS' for an RS column);
    placeholders (`NR`…) become null; anything else is kept as cleaned, for the status to flag. -#}
{% macro normalize_rncp(expression, digits_prefix='RNCP') -%}
    case
        when {{ clean_code(expression) }} in {{ placeholder_values() }} then null
        when {{ regex_match('replace(' ~ clean_code(expression) ~ ", ' ', '')", '[0-9]+') }}
            then '{{ digits_prefix }}' || replace({{ clean_code(expression) }}, ' ', '')
        else replace({{ clean_code(expression) }}, ' ', '')
    end
{%- endmacro %}

{#- Status of an RNCP/RS code (`valid`, `normalised`, `invalid_format`, `placeholder`): format ^(RNCP|RS)[0-9]+$
    after normalisation; no check key exists (existence in the export is a separate question). -#}
{% macro rncp_status(expression, digits_prefix='RNCP') -%}
    {{ _identifier_status(expression, normalize_rncp(expression, digits_prefix), '(RNCP|RS)[0-9]+', none) }}
{%- endmacro %}

{#- Répertoire of a normalised code: 'RNCP' or 'RS'; null when the code is not well formed. -#}
{% macro rncp_kind(normalised) -%}
    case
        when {{ regex_match(normalised, 'RNCP[0-9]+') }} then 'RNCP'
        when {{ regex_match(normalised, 'RS[0-9]+') }} then 'RS'
    end
{%- endmacro %}

{#- European level NIV3..NIV8 → '03'..'08' (the BCN NIVEAU_QUALIFICATION_RNCP form); `REPRISE` (pre-2019
    fiches), `AUCUN`, empty (RS fiches) and anything else → null. -#}
{% macro rncp_european_level(expression) -%}
    case when {{ regex_match('upper(trim(' ~ expression ~ '))', 'NIV[1-8]') }}
        then '0' || substr(trim({{ expression }}), 4, 1) end
{%- endmacro %}

{#- Yes/no flags of the exports: `Oui`/`Non` (XML, CSV flags) and `ACTIVE`/`INACTIVE` (CSV `Actif`); anything
    else (empty, typo) is unknown, not false. -#}
{% macro rncp_boolean(expression) -%}
    case upper(trim({{ expression }}))
        when 'OUI' then true when 'ACTIVE' then true
        when 'NON' then false when 'INACTIVE' then false
    end
{%- endmacro %}

{#- Access route (CSV `Si_Jury`) → stable code. The published labels use the typographic apostrophe (’);
    the straight one is accepted too. Unknown labels → null (flagged by a test, never guessed). -#}
{% macro rncp_access_route(expression) -%}
    case replace(lower(trim({{ expression }})), '’', '''')
        when 'par expérience' then 'experience'
        when 'par candidature individuelle' then 'candidature_individuelle'
        when 'en contrat d''apprentissage' then 'apprentissage'
        when 'en contrat de professionnalisation' then 'professionnalisation'
        when 'après un parcours de formation continue' then 'formation_continue'
        when 'après un parcours de formation sous statut d''élève ou d''étudiant' then 'formation_initiale'
    end
{%- endmacro %}

{#- The text of a JSON scalar (an element from json_array_elements): strings without their quotes. -#}
{% macro rncp_json_scalar_text(expression) -%}
    {{ return(adapter.dispatch('rncp_json_scalar_text')(expression)) }}
{%- endmacro %}
{% macro duckdb__rncp_json_scalar_text(expression) -%}
    json_extract_string({{ expression }}, '$')
{%- endmacro %}
{% macro postgres__rncp_json_scalar_text(expression) -%}
    (cast({{ expression }} as jsonb) #>> '{}')
{%- endmacro %}
