{#-
  SCD2 history rebuilt from the append-only loads (one row per key per `as_of`), with window functions only.

  A new version starts when the key appears for the first time, when its tracked values change, or when it
  re-appears after being absent from a load (a deletion then a re-insertion). A version ends at the first load
  of its group that no longer shows it unchanged (`known_to`, exclusive); the current version has
  `known_to` null. The output is a pure function of the loads: re-running a day changes nothing, and a
  history can be rebuilt at any time from the landing store.

  relation        model with one row per key per load, carrying `as_of`, `source_file`, `source_row_number`
  key_columns     business key inside a group
  tracked_columns columns whose change opens a new version
  group_columns   columns identifying the load stream (e.g. source_id): loads are counted per group
  carried_columns other columns, taken from the version's first load (raw values, lineage)
  order_column    which row wins when a key appears twice in one load (the first line of the file)
-#}
{% macro scd2_from_loads(relation, key_columns, tracked_columns, group_columns=[], carried_columns=[],
                         order_column='source_row_number') %}
{%- set partition = (group_columns + key_columns) | join(', ') -%}
{%- set group_by = group_columns | join(', ') -%}
with records as (
    select
        *,
        {{ record_hash(tracked_columns) }} as record_hash,
        row_number() over (partition by {{ partition }}, as_of order by {{ order_column }}) as duplicate_rank
    from {{ relation }}
    where {% for key in key_columns %}{{ key }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
),

loads as (
    select
        {% if group_by %}{{ group_by }}, {% endif %}as_of,
        lag(as_of) over ({% if group_by %}partition by {{ group_by }} {% endif %}order by as_of) as previous_load,
        lead(as_of) over ({% if group_by %}partition by {{ group_by }} {% endif %}order by as_of) as next_load
    from (select distinct {% if group_by %}{{ group_by }}, {% endif %}as_of from {{ relation }}) as load_dates
),

marked as (
    select
        records.*,
        loads.previous_load,
        loads.next_load,
        case
            when lag(records.as_of) over key_window is null then 1
            when lag(records.as_of) over key_window <> loads.previous_load then 1
            when lag(records.record_hash) over key_window <> records.record_hash then 1
            else 0
        end as starts_version
    from records
    inner join loads
        on records.as_of = loads.as_of
        {%- for column in group_columns %} and records.{{ column }} = loads.{{ column }}{% endfor %}
    where records.duplicate_rank = 1
    window key_window as (partition by {% for c in group_columns + key_columns %}records.{{ c }}{% if not loop.last %}, {% endif %}{% endfor %} order by records.as_of)
),

numbered as (
    select
        *,
        -- Cast: DuckDB sums integers as HUGEINT, which Parquet cannot hold (it would publish a DOUBLE).
        cast(sum(starts_version) over (
            partition by {{ partition }} order by as_of rows between unbounded preceding and current row
        ) as bigint) as version_number
    from marked
),

spans as (
    select
        {{ partition }},
        version_number,
        min(as_of) as known_from,
        max(as_of) as last_seen_as_of
    from numbered
    group by {{ partition }}, version_number
)

select
    {%- for column in group_columns + key_columns + tracked_columns + carried_columns %}
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
    on first_rows.as_of = spans.known_from
    {%- for column in group_columns + key_columns %} and first_rows.{{ column }} = spans.{{ column }}{% endfor %}
inner join numbered as last_rows
    on last_rows.as_of = spans.last_seen_as_of
    {%- for column in group_columns + key_columns %} and last_rows.{{ column }} = spans.{{ column }}{% endfor %}
{% endmacro %}
