-- The options problem made visible: for each family of open diplomas sharing a type and a label stem
-- (a common first year and its options, e.g. BTS SIO 32032612 / 32032613 / 32032614), which members have an
-- asserted RNCP and which lack one, with *proposed* links for the latter. Proposals are never promoted into
-- corr_cfd_rncp: they wait for a producer (France compétences, DGESCO, Certif Info) to assert them.
with latest as (
    select max(as_of) as as_of from {{ ref('int_certifications') }}
),

open_cfds as (
    select
        certifications.code as cfd,
        certifications.label,
        certifications.nature_code,
        substr(certifications.code, 1, 3) || ':' || {{ label_stem('certifications.label') }} as family_key
    from {{ ref('int_certifications') }} as certifications
    inner join latest on latest.as_of = certifications.as_of
    where certifications.kind = 'cfd' and certifications.is_active and certifications.label is not null
),

families as (
    select family_key
    from open_cfds
    group by family_key
    having count(*) > 1
),

members as (
    select open_cfds.* from open_cfds inner join families on families.family_key = open_cfds.family_key
),

asserted as (
    select cfd, {{ sorted_list('rncp') }} as rncps
    from {{ ref('corr_cfd_rncp') }}
    where is_current and rule = 'asserted'
    group by cfd
),

current_pairs as (
    select cfd, rncp from {{ ref('corr_cfd_rncp') }} where is_current and rule = 'asserted'
),

lacking as (
    select members.* from members left join asserted on asserted.cfd = members.cfd where asserted.cfd is null
),

proposals as (
    -- Sibling option: the RNCP asserted for another member of the same family (one fiche often covers all options).
    select lacking.cfd, pairs.rncp, 'sibling_option' as proposal_rule, 'medium' as proposal_confidence,
        'Même famille que ' || {{ sorted_list('pairs.cfd') }} || ', rattaché(s) à ' || pairs.rncp as evidence
    from lacking
    inner join members as siblings on siblings.family_key = lacking.family_key and siblings.cfd <> lacking.cfd
    inner join current_pairs as pairs on pairs.cfd = siblings.cfd
    group by lacking.cfd, pairs.rncp
    union all
    -- Lineage: the RNCP of a predecessor diploma (the fiche may have been renewed since).
    select lacking.cfd, pairs.rncp, 'lineage', 'low',
        'Ancien diplôme ' || {{ sorted_list('lineage.old_cfd') }} || ' rattaché à ' || pairs.rncp
    from lacking
    inner join {{ ref('lineage_cfd') }} as lineage on lineage.new_cfd = lacking.cfd and lineage.is_current
    inner join current_pairs as pairs on pairs.cfd = lineage.old_cfd
    group by lacking.cfd, pairs.rncp
),

grouped_proposals as (
    -- One proposal per (cfd, rncp), with its strongest rule first and every piece of evidence.
    select cfd, rncp,
        min(case proposal_confidence when 'medium' then 1 else 2 end) as confidence_rank,
        {{ sorted_list('proposal_rule') }} as proposal_rules,
        {{ sorted_list('evidence') }} as evidence
    from proposals
    group by cfd, rncp
)

select
    members.family_key,
    members.cfd,
    members.label,
    case when members.nature_code = 'T' then 'common_year' else 'member' end as member_role,
    asserted.rncps as asserted_rncps,
    asserted.cfd is not null as has_asserted_rncp,
    grouped_proposals.rncp as proposed_rncp,
    grouped_proposals.proposal_rules,
    case grouped_proposals.confidence_rank when 1 then 'medium' when 2 then 'low' end as proposal_confidence,
    grouped_proposals.evidence,
    (select as_of from latest) as as_of
from members
left join asserted on asserted.cfd = members.cfd
left join grouped_proposals on grouped_proposals.cfd = members.cfd
