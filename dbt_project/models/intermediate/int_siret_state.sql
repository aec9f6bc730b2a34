-- State of each SIRET at each load of StockEtablissement: creation, closure, head office, name, commune.
-- The closure date is the start of the current run of F periods: from the Historique periods of the same
-- load when present (exact), else StockEtablissement's dateDebut (start of the current period, which may be
-- a later change of enseigne or APE after the closure).
with establishments as (
    select
        *,
        row_number() over (partition by siret, as_of order by source_row_number) as duplicate_rank
    from {{ incoming_loads(ref('stg_sirene__etablissements')) }} as stg_sirene__etablissements
    where siret is not null
),

periods as (
    select
        siret,
        as_of,
        valid_from,
        is_closed,
        is_current_period,
        lag(is_closed) over (partition by siret, as_of order by valid_from) as previous_is_closed
    from {{ incoming_loads(ref('stg_sirene__etablissement_periodes')) }} as stg_sirene__etablissement_periodes
    where siret is not null and valid_from is not null
),

closure_runs as (
    -- start of each F run (a closed period not preceded by a closed one)
    select siret, as_of, valid_from
    from periods
    where is_closed and coalesce(previous_is_closed, false) = false
),

historique_closures as (
    -- latest F run, kept only when the current period is itself closed
    select closure_runs.siret, closure_runs.as_of, max(closure_runs.valid_from) as closed_on
    from closure_runs
    inner join periods as current_periods
        on current_periods.siret = closure_runs.siret
        and current_periods.as_of = closure_runs.as_of
        and current_periods.is_current_period
        and current_periods.is_closed
    group by closure_runs.siret, closure_runs.as_of
)

select
    establishments.siret,
    establishments.siren,
    establishments.as_of,
    establishments.siret_status,
    establishments.created_on,
    establishments.is_closed,
    case
        when establishments.is_closed
            then coalesce(historique_closures.closed_on, establishments.period_started_on)
    end as closed_on,
    case
        when not establishments.is_closed then null
        when historique_closures.closed_on is not null then 'sirene_etablissement_historique'
        when establishments.period_started_on is not null then 'sirene_etablissement'
    end as closed_on_source,
    establishments.is_head_office,
    coalesce(establishments.usual_name, establishments.sign_name) as name,
    establishments.commune_code,
    establishments.source_file,
    establishments.source_row_number
from establishments
left join historique_closures
    on historique_closures.siret = establishments.siret and historique_closures.as_of = establishments.as_of
where establishments.duplicate_rank = 1
