-- UAI↔SIRET links as the pipeline sees them on each load: evidence grouped per (uai, siret), resolved by
-- the confidence ladder, territorial decisions applied with precedence, SIRENE successions carried forward.
with evidence as (
    select
        *,
        case
            when uai_status in ('invalid_format', 'invalid_check') or siret_status in ('invalid_format', 'invalid_check')
                then 'invalid'
            else confidence
        end as effective_confidence
    from {{ incoming_loads(ref('int_uai_siret_assertions')) }} as int_uai_siret_assertions
    where uai is not null and siret is not null and not is_siret_missing_zero
        and rule not like 'territorial_%'
),

ranked as (
    select
        *,
        row_number() over (
            partition by as_of, uai, siret
            order by {{ confidence_rank('effective_confidence') }}, rule, source_id, source_row_number
        ) as evidence_rank
    from evidence
),

decisions as (
    -- The latest decision on a pair wins; it applies from the load that carries it.
    select *
    from (
        select
            *,
            row_number() over (partition by as_of, uai, siret order by decided_on desc, source_row_number desc)
                as decision_rank
        from {{ incoming_loads(ref('stg_corrections__uai_siret')) }} as stg_corrections__uai_siret
        where uai is not null and siret is not null
    ) as ordered
    where decision_rank = 1
),

pairs as (
    -- Every pair with evidence or a decision; the decision file counts among the pair's sources.
    select
        as_of,
        uai,
        siret,
        {{ sorted_list('source_id') }} as sources,
        max(case when granularity = 'organisme' then 1 else 0 end) as has_organisme_evidence,
        min(uai_opened_on) as uai_opened_on,
        max(uai_closed_on) as uai_closed_on
    from (
        select as_of, uai, siret, source_id, granularity, uai_opened_on, uai_closed_on from evidence
        union all
        select as_of, uai, siret, source_id, 'site', cast(null as date), cast(null as date) from decisions
    ) as evidence_and_decisions
    group by as_of, uai, siret
),

asserted as (
    select
        pairs.as_of,
        pairs.uai,
        pairs.siret,
        case decisions.decision when 'confirm' then 'validated' when 'reject' then 'rejected'
            else best.effective_confidence end as confidence,
        coalesce('territorial_' || decisions.decision, best.rule) as rule,
        pairs.sources,
        case when pairs.has_organisme_evidence = 1 then 'organisme' else 'site' end as granularity,
        pairs.uai_opened_on,
        pairs.uai_closed_on,
        decisions.decision as reviewed_decision,
        decisions.author as reviewed_by,
        decisions.organisation as reviewed_organisation,
        decisions.decided_on as reviewed_on,
        decisions.justification as review_justification
    from pairs
    left join ranked as best
        on best.as_of = pairs.as_of and best.uai = pairs.uai and best.siret = pairs.siret and best.evidence_rank = 1
    left join decisions
        on decisions.as_of = pairs.as_of and decisions.uai = pairs.uai and decisions.siret = pairs.siret
),

with_state as (
    select
        asserted.*,
        state.created_on as siret_created_on,
        state.is_closed as siret_is_closed,
        state.closed_on as siret_closed_on
    from asserted
    left join {{ incoming_loads(ref('int_siret_state')) }} as state
        on state.as_of = asserted.as_of and state.siret = asserted.siret
),

successors as (
    -- A closed SIRET with a SIRENE successor carries its UAI forward, from the succession date. When several
    -- closed SIRETs of a UAI lead to the same successor, the link is inferred once: from the earliest
    -- succession, then from the smallest predecessor SIRET (one row per pair and load, whatever the order).
    select
        links.as_of,
        links.uai,
        chains.resolved_siret as siret,
        'inferred' as confidence,
        'sirene_succession' as rule,
        'sirene_liens_succession' as sources,
        links.granularity,
        chains.resolved_on as valid_from,
        {{ add_days('links.uai_closed_on', 1) }} as valid_to,
        links.siret as inferred_from_siret,
        row_number() over (
            partition by links.as_of, links.uai, chains.resolved_siret order by chains.resolved_on, links.siret
        ) as inference_rank
    from with_state as links
    inner join {{ incoming_loads(ref('int_siret_successor_chains')) }} as chains
        on chains.as_of = links.as_of and chains.siret = links.siret
    where links.siret_is_closed
        and links.confidence not in ('rejected', 'invalid')
        and chains.resolution_status in ('resolved', 'cycle')
        and chains.resolved_siret <> links.siret
)

select
    as_of, uai, siret, confidence, rule, sources, granularity,
    greatest(uai_opened_on, siret_created_on) as valid_from,
    least({{ add_days('uai_closed_on', 1) }}, siret_closed_on) as valid_to,
    cast(null as varchar) as inferred_from_siret,
    reviewed_decision, reviewed_by, reviewed_organisation, reviewed_on, review_justification
from with_state
union all
select
    successors.as_of, successors.uai, successors.siret, successors.confidence, successors.rule, successors.sources,
    successors.granularity, successors.valid_from, successors.valid_to, successors.inferred_from_siret,
    cast(null as varchar), cast(null as varchar), cast(null as varchar), cast(null as date), cast(null as varchar)
from successors
where successors.inference_rank = 1 and not exists (
    select 1 from with_state as direct
    where direct.as_of = successors.as_of and direct.uai = successors.uai and direct.siret = successors.siret
)
