{#-
  Identifier resolution on a date, shared by the marts that follow consumer rows through the correspondences
  (mart_insertion, mart_parcours_keys). Each macro reads a CTE `rows` with key columns `keys`, a code column and
  a `reference_date`, and returns one line per key that has at least one current link valid on that date
  (`valid_on`), with the retained code and the number of candidates.
-#}

{#- UAI → SIRET: the best-confidence link of corr_uai_siret (then the smallest SIRET). -#}
{% macro resolve_uai_siret(rows, keys, uai='uai') -%}
    select * from (
        select
            {%- for key in keys %}
            {{ rows }}.{{ key }},
            {%- endfor %}
            link.siret,
            link.confidence as siret_confidence,
            row_number() over (
                partition by {% for key in keys %}{{ rows }}.{{ key }}{{ ', ' if not loop.last }}{% endfor %}
                order by link.confidence_rank, link.siret
            ) as preference,
            count(*) over (
                partition by {% for key in keys %}{{ rows }}.{{ key }}{{ ', ' if not loop.last }}{% endfor %}
            ) as siret_candidate_count
        from {{ rows }}
        inner join {{ ref('corr_uai_siret') }} as link
            on link.uai = {{ rows }}.{{ uai }}
            and link.is_current
            and link.confidence not in ('invalid', 'rejected')
            and {{ valid_on('link', rows ~ '.reference_date') }}
    ) as candidates
    where preference = 1
{%- endmacro %}

{#- `source_code` → `target_code` through an asserted current link of `relation` (corr_cfd_rncp: cfd → rncp,
    corr_mef_cfd: mef_stat_11 → cfd): the code when it is unique, and the number of candidates. -#}
{% macro resolve_unique_link(rows, keys, code, relation, source_code, target_code, link_filter='true') -%}
    select
        {%- for key in keys %}
        {{ rows }}.{{ key }},
        {%- endfor %}
        case when count(distinct link.{{ target_code }}) = 1 then min(link.{{ target_code }}) end as {{ target_code }},
        count(distinct link.{{ target_code }}) as {{ target_code }}_candidate_count
    from {{ rows }}
    inner join {{ ref(relation) }} as link
        on link.{{ source_code }} = {{ rows }}.{{ code }}
        and link.is_current
        and link.{{ target_code }} is not null
        and {{ link_filter }}
        and {{ valid_on('link', rows ~ '.reference_date') }}
    group by {% for key in keys %}{{ rows }}.{{ key }}{{ ', ' if not loop.last }}{% endfor %}
{%- endmacro %}
