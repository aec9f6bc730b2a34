{#-
  The catalogue's offer key `cle_ministere_educatif` (CME, identifiers.md §8), e.g.
  `082581P012X1300279230016313002792300171-33063#L01`: Certif Info id on 6 digits, a 5-character code, the
  gestionnaire SIRET, the formateur SIRET, `-` the INSEE commune of the site (`99999` for distance learning),
  `#` the site index (`L01`, `LAD`). Parsed by pattern, not by position from the end (VA's slicing breaks when
  the suffix changes length): a key that does not match yields null parts.
-#}

{% macro cme_pattern() -%}
    ^([0-9]{6})([0-9A-Z]{5})([0-9]{14})([0-9]{14})-([0-9][0-9AB][0-9]{3})#([0-9A-Z]+)$
{%- endmacro %}

{#- The cleaned key (`cme`) and its parts, as columns; the statuses are computed on these columns. -#}
{% macro cme_parts(expression) -%}
    {%- set cleaned = clean_code(expression) -%}
    {{ cleaned }} as cme,
    {%- for name in ['certif_info_id', 'offer_code', 'gestionnaire_siret', 'formateur_siret', 'commune_code',
        'site_index'] %}
    {{ regex_group(cleaned, cme_pattern(), loop.index) }} as cme_{{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
