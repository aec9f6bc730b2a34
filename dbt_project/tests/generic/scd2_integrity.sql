{#-
  SCD2 integrity of a history table: every version starts before it ends, the versions of a key never
  overlap, and a key has at most one current version. Returns the offending rows.
-#}
{% test scd2_integrity(model, key_columns) %}
{%- set key = key_columns | join(', ') -%}
with ordered as (
    select
        {{ key }}, known_from, known_to, is_current,
        lead(known_from) over (partition by {{ key }} order by known_from) as next_known_from
    from {{ model }}
)
select {{ key }}, known_from, known_to, 'version ends before it starts' as problem
from ordered where known_to is not null and known_to <= known_from
union all
select {{ key }}, known_from, known_to, 'overlaps the next version'
from ordered where next_known_from is not null and (known_to is null or known_to > next_known_from)
union all
select {{ key }}, min(known_from), max(known_to), 'several current versions'
from ordered where is_current group by {{ key }} having count(*) > 1
{% endtest %}
