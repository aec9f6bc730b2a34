{#-
  SCD2 history from the append-only loads (one row per key per `as_of`), with window functions only.

  A new version starts when the key appears for the first time, when its tracked values change, or when it
  re-appears after being absent from a load (a deletion then a re-insertion). A version ends at the first load
  of its group that no longer shows it unchanged (`known_to`, exclusive); the current version has
  `known_to` null. The loads of a group are those of the models the history reads (`loads_from`): a load
  without any row for the history ends every version of its group. The output is a pure function of the
  loads: re-running a day changes nothing.

  `last_seen_as_of` (last load showing the version) is stored on ended versions only: on the current version it
  would move every night, and rewriting every open version each night is what made a night cost the whole
  history rather than the changes. The marts read it through `history_versions`, which gives the current
  version its group's last load from the register of loads taken in (macros/history_register.sql).

  Built incrementally (models under models/intermediate/history, unique key = group + key + version_number):
  a run whose `as_of` is after every load already taken in reads only the new loads and the current versions
  of their groups — each current version stands as one row of its group's last load taken in. Keys whose open
  version every new load shows unchanged are set aside first (one join on the record hash), so the window
  functions and the write cover the keys that change only: the versions that start or end. A first run, a
  re-run of a day or a back-filled day rebuilds the whole history from the loads (the pre-hook
  `history_rebuild_hook` empties the table first). Both give the same rows.

  model           model with one row per key per load, carrying `as_of`, `source_file`, `source_row_number`
  relation        instead of `model`: a CTE of the calling model with those columns (then name `loads_from`)
  loads_from      models whose loads (group, as_of) are the loads of the history; default [model]
  key_columns     business key inside a group
  tracked_columns columns whose change opens a new version
  group_columns   the column identifying the load stream (e.g. source_id): loads are counted per group; one at most
  carried_columns other columns, taken from the version's first load (raw values, lineage)
  order_column    which row wins when a key appears twice in one load (the first line of the file)
-#}
{% macro scd2_from_loads(key_columns, tracked_columns, model=none, relation=none, loads_from=none,
                         group_columns=[], carried_columns=[], order_column='source_row_number') %}
{%- if group_columns | length > 1 -%}
    {{ exceptions.raise_compiler_error('scd2_from_loads: one group column at most, got ' ~ group_columns) }}
{%- endif -%}
{%- if relation and not loads_from -%}
    {{ exceptions.raise_compiler_error('scd2_from_loads: a `relation` CTE needs `loads_from`, the models it reads') }}
{%- endif -%}
{%- set relation = relation or ref(model) -%}
{%- set loads_from = loads_from or [model] -%}
{%- set group_column = group_columns[0] if group_columns else none -%}
{%- set partition_columns = group_columns + key_columns -%}
{%- set partition = partition_columns | join(', ') -%}
{%- set columns = (partition_columns + tracked_columns + carried_columns + [order_column]) | unique | list -%}
{%- set output_columns = partition_columns + tracked_columns + carried_columns
    + ['record_hash', 'version_number', 'known_from', 'known_to', 'last_seen_as_of', 'is_current'] -%}
{%- set new_loads = load_filter('as_of') -%}
{%- set appending = new_loads is not none -%}
{{ config(
    unique_key=partition_columns + ['version_number'],
    meta={'history_loads_from': loads_from, 'history_group': group_column, 'history_columns': output_columns}
) }}
with
load_dates as (
    -- the loads this run reads, per group
    {{ history_load_dates(loads_from, group_column, new_loads) | indent(4) }}
),
{%- if appending %}

incoming as (
    -- the loads after the last one this history has taken in
    select * from {{ relation }} where {{ new_loads }}
),

group_loads as (
    -- each group's last load taken in: where its open versions stand
    {{ history_group_loads(this.identifier) | indent(4) }}
),

open_versions as (
    -- the current versions of the groups that have a new load
    select history.*, group_loads.last_load
    from {{ this }} as history
    inner join group_loads on group_loads.group_value = {{ history_group_value('history', group_column) }}
    where history.is_current
        and exists (
            select 1 from load_dates
            where load_dates.group_value = {{ history_group_value('history', group_column) }}
        )
),

reappearing_keys as (
    -- keys of the new loads without an open version: new, or back after a deletion
    select distinct {{ partition }} from incoming
    where not exists (select 1 from open_versions where {{ same_columns('open_versions', 'incoming', partition_columns) }})
),

version_offsets as (
    -- versions of a key continue from the last number it has: its open version's, or its last ended one's
    select {{ partition }}, version_number as last_version_number from open_versions
    union all
    select {{ qualified('history', partition_columns) }}, max(history.version_number)
    from {{ this }} as history
    where exists (select 1 from reappearing_keys where {{ same_columns('reappearing_keys', 'history', partition_columns) }})
    group by {{ qualified('history', partition_columns) }}
),
{%- endif %}

input_rows as (
    select {{ columns | join(', ') }}, as_of, false as is_open_version, cast(null as date) as open_known_from
    from {% if appending %}incoming{% else %}{{ relation }}{% endif %}
    {%- if appending %}
    union all
    -- each open version stands as one row of its group's last load taken in
    select {{ columns | join(', ') }}, last_load, true, known_from
    from open_versions
    {%- endif %}
),

hashed as (
    select *, {{ record_hash(tracked_columns) }} as record_hash
    from input_rows
    where {% for key in key_columns %}{{ key }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
),

records as (
    select
        *,
        -- ties on the order column are broken by the values, so that the same loads always give the same rows
        row_number() over (partition by {{ partition }}, as_of order by {{ order_column }}, record_hash) as duplicate_rank
    from hashed
),

{%- if appending %}

new_load_counts as (
    select group_value, count(*) as load_count from load_dates group by group_value
),

settled_keys as (
    -- keys whose open version every new load of their group shows unchanged: nothing to compute, nothing to write
    select {{ qualified('records', partition_columns) }}
    from records
    inner join open_versions
        on {{ same_columns('open_versions', 'records', partition_columns) }}
        and open_versions.record_hash = records.record_hash
    inner join new_load_counts on new_load_counts.group_value = {{ history_group_value('records', group_column) }}
    where not records.is_open_version and records.duplicate_rank = 1
    group by {{ qualified('records', partition_columns) }}, new_load_counts.load_count
    having count(*) = new_load_counts.load_count
),

changing_records as (
    select * from records
    where not exists (select 1 from settled_keys where {{ same_columns('settled_keys', 'records', partition_columns) }})
),
{%- endif %}

loads as (
    select
        group_value,
        as_of,
        lag(as_of) over (partition by group_value order by as_of) as previous_load,
        lead(as_of) over (partition by group_value order by as_of) as next_load
    from (
        select group_value, as_of from load_dates
        {%- if appending %}
        union
        select group_value, last_load from group_loads
        {%- endif %}
    ) as group_load_dates
),

marked as (
    select
        records.*,
        loads.previous_load,
        loads.next_load,
        case
            -- an open version goes on: it keeps its number
            when records.is_open_version then 0
            when lag(records.as_of) over key_window is null then 1
            when lag(records.as_of) over key_window <> loads.previous_load then 1
            when lag(records.record_hash) over key_window <> records.record_hash then 1
            else 0
        end as starts_version
    from {% if appending %}changing_records as {% endif %}records
    inner join loads
        on records.as_of = loads.as_of and loads.group_value = {{ history_group_value('records', group_column) }}
    where records.duplicate_rank = 1
    window key_window as (partition by {{ qualified('records', partition_columns) }} order by records.as_of)
),

numbered as (
    select
        marked.*,
        -- Cast: DuckDB sums integers as HUGEINT, which Parquet cannot hold (it would publish a DOUBLE).
        cast({% if appending %}coalesce(version_offsets.last_version_number, 0) + {% endif %}sum(marked.starts_version) over (
            partition by {{ qualified('marked', partition_columns) }}
            order by marked.as_of rows between unbounded preceding and current row
        ) as bigint) as version_number
    from marked
    {%- if appending %}
    left join version_offsets on {{ same_columns('version_offsets', 'marked', partition_columns) }}
    {%- endif %}
),

spans as (
    select
        {{ partition }},
        version_number,
        min(as_of) as first_as_of,
        min(coalesce(open_known_from, as_of)) as known_from,
        max(as_of) as last_seen_as_of,
        -- the next load after the version's last row (rows follow each other load after load)
        max(next_load) as ended_at,
        -- only the group's last load has no next one
        bool_or(next_load is null) as is_current,
        bool_or(is_open_version) as continues_open_version
    from numbered
    group by {{ partition }}, version_number
)

select
    {%- for column in partition_columns + tracked_columns + carried_columns %}
    first_rows.{{ column }},
    {%- endfor %}
    first_rows.record_hash,
    spans.version_number,
    spans.known_from,
    case when not spans.is_current then spans.ended_at end as known_to,
    case when not spans.is_current then spans.last_seen_as_of end as last_seen_as_of,
    spans.is_current
from spans
inner join numbered as first_rows
    on first_rows.as_of = spans.first_as_of and {{ same_columns('first_rows', 'spans', partition_columns) }}
{%- if appending %}
-- an open version that goes on unchanged is already stored as it is
where not (spans.continues_open_version and spans.is_current)
{%- endif %}
{% endmacro %}

{#- The versions of an SCD2 history as published: every stored column, with `last_seen_as_of` of the current
    versions taken from the register (their group's last load taken in). -#}
{% macro history_versions(history_model) -%}
    {%- set history = ref(history_model) -%}
    {%- if not execute -%}
select * from {{ history }}
    {%- else -%}
    {%- set node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', history_model) | first -%}
    {%- if not node or not node.config.meta.get('history_columns') -%}
        {{ exceptions.raise_compiler_error('history_versions: ' ~ history_model ~ ' is not an scd2_from_loads history') }}
    {%- endif -%}
    {%- set meta = node.config.meta %}
select
    {%- for column in meta['history_columns'] %}
    {% if column == 'last_seen_as_of' -%}
    coalesce(history.last_seen_as_of, group_loads.last_load) as last_seen_as_of
    {%- else -%}
    history.{{ column }}
    {%- endif %}{% if not loop.last %},{% endif %}
    {%- endfor %}
from {{ history }} as history
left join (
    {{ history_group_loads(history.identifier) | indent(4) }}
) as group_loads
    on group_loads.group_value = {{ history_group_value('history', meta['history_group']) }}
    {%- endif -%}
{%- endmacro %}

{#- `alias.c1, alias.c2, …` over `columns`. -#}
{% macro qualified(alias, columns) -%}
    {%- for column in columns %}{{ alias }}.{{ column }}{% if not loop.last %}, {% endif %}{% endfor -%}
{%- endmacro %}

{#- `left.c = right.c and …` over `columns`. -#}
{% macro same_columns(left, right, columns) -%}
    {%- for column in columns %}{{ left }}.{{ column }} = {{ right }}.{{ column }}{% if not loop.last %} and {% endif %}{% endfor -%}
{%- endmacro %}
