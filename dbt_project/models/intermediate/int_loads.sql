-- Load dates of every source, read from the loaded rows themselves (a load always holds at least one row).
{%- set staged = ['stg_acce__uai', 'stg_depp__cfa_sous_convention', 'stg_annuaire_education__etablissements',
                  'stg_bcn__formation_diplome'] %}
{% for model in staged %}
select distinct source_id, as_of from {{ ref(model) }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
