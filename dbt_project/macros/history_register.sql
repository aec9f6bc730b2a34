{#-
  Register of the loads each history model has taken in: `intermediate.history_loads` (history, group_value, as_of).

  Why: a night writes only the versions it changes (macros/scd2.sql). An open version that goes on unchanged is
  not rewritten, so nothing in the history says which loads have been read since; the register does. It gives
  a history its watermark (the last load it has taken in) and, for each group (source), the load an open version
  stands at. Created at the start of every dbt run (on-run-start), emptied for a history that rebuilds
  (pre-hook `history_rebuild_hook`), extended with the loads read (post-hook `register_history_loads`).
  Each history model names in its `meta` the models whose loads it reads (`history_loads_from`) and the column
  that tells its groups apart (`history_group`, none for one stream).
-#}

{% macro history_register() -%}
    {{- return(api.Relation.create(database=target.database, schema='intermediate', identifier='history_loads')) -}}
{%- endmacro %}

{#- on-run-start: the register exists before any history reads it (created once, not by concurrent models). -#}
{% macro create_history_register() -%}
    create schema if not exists {{ history_register().schema }};
    create table if not exists {{ history_register() }} (history varchar, group_value varchar, as_of date)
{%- endmacro %}

{#- Last load this history has taken in; none when it is built from scratch, when it has no register rows yet (a
    warehouse built before the register: the history rebuilds once), or in a dbt unit test. -#}
{% macro history_watermark() -%}
    {%- set register = history_register() -%}
    {%- if execute and adapter.get_relation(register.database, register.schema, register.identifier) is not none -%}
        {{- return(built_watermark(register ~ " where history = '" ~ this.identifier ~ "'")) -}}
    {%- endif -%}
    {{- return(none) -}}
{%- endmacro %}

{#- The group value of a row (`alias.column` as text), '' for a history without groups. -#}
{% macro history_group_value(alias, group_column) -%}
    {%- if group_column -%}cast({{ alias }}.{{ group_column }} as varchar){%- else -%}''{%- endif -%}
{%- endmacro %}

{#- The loads (group_value, as_of) of the models a history reads, restricted by `condition` (none: all). -#}
{% macro history_load_dates(loads_from, group_column, condition=none) -%}
    {%- for name in loads_from %}
    select distinct {{ history_group_value(name, group_column) }} as group_value, as_of
    from {{ ref(name) }} as {{ name }}
    {%- if condition %}
    where {{ condition }}
    {%- endif %}
    {%- if not loop.last %}
    union
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- Each group's last load taken in by `history` (a relation name), from the register. -#}
{% macro history_group_loads(history) -%}
    select group_value, max(as_of) as last_load
    from {{ history_register() }}
    where history = '{{ history }}'
    group by group_value
{%- endmacro %}

{#- Post-hook of the history models: record the loads this run has read (every load on a rebuild). -#}
{% macro register_history_loads() -%}
    {%- set meta = config.get('meta') -%}
    insert into {{ history_register() }} (history, group_value, as_of)
    select '{{ this.identifier }}', group_value, as_of
    from ({{ history_load_dates(meta['history_loads_from'], meta['history_group'], load_filter('as_of')) }}) as loads
{%- endmacro %}

{#- Pre-hook of the history models: a run that does not come after every load taken in rebuilds from scratch. -#}
{% macro history_rebuild_hook() -%}
    {%- if load_filter('as_of') is none -%}
        delete from {{ history_register() }} where history = '{{ this.identifier }}'
        {%- if is_incremental() %};
        delete from {{ this }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
