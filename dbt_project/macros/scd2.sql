{#-
  SCD2 history from the append-only loads (one row per key per `as_of`), with window functions only.

  A new version starts when the key appears for the first time, when its tracked values change, or when it
  re-appears after being absent from a load (a deletion then a re-insertion). A version ends at the first load
  of its group that no longer shows it unchanged (`known_to`, exclusive); the current version has
  `known_to` null. The output is a pure function of the loads: re-running a day changes nothing.

  Built incrementally (models under models/intermediate/history, unique key = group + key + version_number):
  a run whose `as_of` is after every load already taken in reads only the new loads and the current versions
  of their groups — each current version stands as one row of its group's last load — and rewrites the
  versions it touches; a first run, a re-run of a day or a back-filled day rebuilds the whole history from the
  loads (the pre-hook `history_rebuild_hook` empties the table first). Both paths give the same rows.

  relation        model with one row per key per load, carrying `as_of`, `source_file`, `source_row_number`
  key_columns     business key inside a group
  tracked_columns columns whose change opens a new version
  group_columns   columns identifying the load stream (e.g. source_id): loads are counted per group
  carried_columns other columns, taken from the version's first load (raw values, lineage)
  order_column    which row wins when a key appears twice in one load (the first line of the file)
-#}
{% macro scd2_from_loads(relation, key_columns, tracked_columns, group_columns=[], carried_columns=[],
                         order_column='source_row_number') %}
{%- set partition_columns = group_columns + key_columns -%}
{%- set partition = partition_columns | join(', ') -%}
{%- set group_by = group_columns | join(', ') -%}
{%- set columns = (partition_columns + tracked_columns + carried_columns + [order_column]) | unique | list -%}
{%- set new_loads = load_filter('as_of') -%}
{%- set appending = new_loads is not none -%}
{{ config(unique_key=partition_columns + ['version_number']) }}
with
{%- if appending %}
incoming as (
    -- the loads after the last one this history has taken in
    select * from {{ relation }} where {{ new_loads }}
),

open_versions as (
    -- the current versions of the groups that have a new load
    select * from {{ this }} as history
    where history.is_current
        and exists (select 1 from incoming{% if group_by %} where {{ same_columns('incoming', 'history', group_columns) }}{% endif %})
),

{%- endif %}

input_rows as (
    select {{ columns | join(', ') }}, as_of, false as is_open_version, cast(null as date) as open_known_from
    from {% if appending %}incoming{% else %}{{ relation }}{% endif %}
    {%- if appending %}
    union all
    -- each open version stands as one row of its group's last load
    select {{ columns | join(', ') }}, last_seen_as_of, true, known_from
    from open_versions
    {%- endif %}
),
{%- if appending %}

version_offsets as (
    -- versions of a key continue from the last number it already has
    select {{ partition }}, max(version_number) as last_version_number
    from {{ this }} as history
    where exists (select 1 from input_rows where {{ same_columns('input_rows', 'history', partition_columns) }})
    group by {{ partition }}
),
{%- endif %}

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

loads as (
    select
        {% if group_by %}{{ group_by }}, {% endif %}as_of,
        lag(as_of) over ({% if group_by %}partition by {{ group_by }} {% endif %}order by as_of) as previous_load,
        lead(as_of) over ({% if group_by %}partition by {{ group_by }} {% endif %}order by as_of) as next_load
    from (select distinct {% if group_by %}{{ group_by }}, {% endif %}as_of from input_rows) as load_dates
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
    from records
    inner join loads
        on records.as_of = loads.as_of{% if group_columns %} and {{ same_columns('records', 'loads', group_columns) }}{% endif %}
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
        max(as_of) as last_seen_as_of
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
    last_rows.next_load as known_to,
    spans.last_seen_as_of,
    last_rows.next_load is null as is_current
from spans
inner join numbered as first_rows
    on first_rows.as_of = spans.first_as_of and {{ same_columns('first_rows', 'spans', partition_columns) }}
inner join numbered as last_rows
    on last_rows.as_of = spans.last_seen_as_of and {{ same_columns('last_rows', 'spans', partition_columns) }}
{% endmacro %}

{#- Pre-hook of the history models: a run that does not come after every load taken in rebuilds from scratch. -#}
{% macro history_rebuild_hook() -%}
    {%- if is_incremental() and load_filter('as_of') is none -%}
        delete from {{ this }}
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
