{#-
  A night costs the day's load, not the accumulated history (benchmarks/README.md).

  Staging and intermediate models hold one row set per load (`as_of`), each computed from rows of that same
  load only. They are incremental (delete+insert on `as_of`): a run recomputes its own `as_of` (a re-run of
  the day replaces it) and every later load the model has not taken in yet (a night whose dbt step stopped
  early is caught up), and reads only those loads upstream, through `incoming_loads`.
  History models (models/intermediate/history) read only the loads after the last one they have taken in (their
  register, macros/history_register.sql); a re-run of a day or a back-filled day rebuilds them from every load
  instead (macros/scd2.sql).
  A first run, or a full refresh, reads every load.
-#}

{#- Latest load in the model being built (or in `loads`, rows with an `as_of` recording its loads); none when it is
    built from scratch or empty, or in a dbt unit test (no relation: the model reads its fixture rows whole). -#}
{% macro built_watermark(loads=none) -%}
    {%- if execute and this is not none and is_incremental() -%}
        {%- set result = run_query('select cast(max(as_of) as varchar) from ' ~ (loads or this)) -%}
        {{- return(result.columns[0].values()[0]) -}}
    {%- endif -%}
    {{- return(none) -}}
{%- endmacro %}

{#- Condition on the load column `column` of an upstream relation for the loads this run reads; none: all. -#}
{% macro load_filter(column='as_of') -%}
    {%- set is_history = 'history' in model.fqn -%}
    {%- set watermark = history_watermark() if is_history else built_watermark() -%}
    {%- set after_watermark = column ~ " > cast('" ~ watermark ~ "' as date)" -%}
    {%- if watermark is none -%}
        {{- return(none) -}}
    {%- elif var('as_of') > watermark -%}
        {{- return(after_watermark) -}}
    {%- elif is_history -%}
        {{- return(none) -}}
    {%- else -%}
        {{- return('(' ~ column ~ ' = ' ~ as_of_date() ~ ' or ' ~ after_watermark ~ ')') -}}
    {%- endif -%}
{%- endmacro %}

{#- `relation` restricted to the loads this run reads (a subquery: give it an alias). -#}
{% macro incoming_loads(relation, column='as_of') -%}
    {%- set condition = load_filter(column) -%}
    {%- if condition is none -%}
        {{ relation }}
    {%- else -%}
        (select * from {{ relation }} where {{ condition }})
    {%- endif -%}
{%- endmacro %}

{#- dbt's test filter (`where` config), with `__run_load__` standing for the run's own load. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where -%}
        {%- set where = where | replace('__run_load__', 'as_of = ' ~ as_of_date()) -%}
        {{- return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -}}
    {%- endif -%}
    {{- return(relation) -}}
{%- endmacro %}
