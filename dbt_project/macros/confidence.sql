{#-
  The confidence ladder of UAI↔SIRET links, best first (README, section "corr_uai_siret"):
    validated          a person validated it: territorial confirmation, Référentiel validated UAI
    official_register  the establishment register (BCE via ACCE, annuaire, DEPP list) declares this SIRET
    probable           probable UAI of the Référentiel, ERP couple confirmed or corrected by the TdB rules
    lieu               a training site of the organisme carries this UAI (Référentiel, reliable site)
    inferred           carried forward from a closed SIRET to its SIRENE successor
    declared           declared only (ERP couple the TdB could not check, unreliable training site)
    invalid            an identifier fails its format or check key (kept, flagged)
    rejected           rejected by a territorial referent (kept visible, never proposed)
-#}
{% macro confidence_levels() -%}
    {{ return(['validated', 'official_register', 'probable', 'lieu', 'inferred', 'declared', 'invalid', 'rejected']) }}
{%- endmacro %}

{% macro confidence_rank(expression) -%}
    case {{ expression }}
    {%- for level in confidence_levels() %}
        when '{{ level }}' then {{ loop.index }}
    {%- endfor %}
    end
{%- endmacro %}
