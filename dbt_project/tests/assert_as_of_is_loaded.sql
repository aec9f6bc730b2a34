-- The run's as_of must be a loaded day of at least one source: a run never publishes a date it did not load.
select {{ as_of_date() }} as as_of
where not exists (select 1 from {{ ref('int_loads') }} where as_of = {{ as_of_date() }})
