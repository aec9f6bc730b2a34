-- Every UAI record of every UAI-carrying source, in one conformed shape (one row per source, UAI and load).
{%- set uai_sources = ['stg_acce__uai', 'stg_depp__cfa_sous_convention', 'stg_annuaire_education__etablissements'] %}
{% for model in uai_sources %}
select * from {{ incoming_loads(ref(model)) }} as load_rows
{% if not loop.last %}union all{% endif %}
{%- endfor %}
