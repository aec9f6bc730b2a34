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

certif_info as (
    select certif_info.*
    from {{ ref('stg_certif_info__certifications') }} as certif_info
    inner join latest on latest.as_of = certif_info.as_of
),

labelled_rncps as (
    -- Labels an RNCP fiche is known by: its own (RNCP export) and those of the Certif Info certifications
    -- that carry it, with the European level to compare like with like.
    select certifications.code as rncp, certifications.label, certifications.european_level,
        'fiche RNCP' as label_origin
    from {{ ref('int_certifications') }} as certifications
    inner join latest on latest.as_of = certifications.as_of
    where certifications.kind = 'rncp' and certifications.label is not null
    union
    select rncp, certification_label, lpad(cast(european_level as varchar), 2, '0'),
        'Certif Info ' || certif_info_id
    from certif_info
    where rncp is not null and certification_label is not null
),

label_candidates as (
    select lacking.cfd, labelled_rncps.rncp, labelled_rncps.label, labelled_rncps.label_origin,
        {{ label_similarity(comparable_label('lacking.label'), comparable_label('labelled_rncps.label')) }}
            as similarity
    from lacking
    inner join {{ ref('int_certifications') }} as lacking_cfd
        on lacking_cfd.code = lacking.cfd and lacking_cfd.kind = 'cfd'
    inner join latest on latest.as_of = lacking_cfd.as_of
    inner join labelled_rncps
        on labelled_rncps.european_level = lacking_cfd.european_level
        -- Blocking on the first word keeps the comparison linear at national scale.
        and split_part({{ comparable_label('labelled_rncps.label') }}, ' ', 1)
            = split_part({{ comparable_label('lacking.label') }}, ' ', 1)
),

proposals as (
    -- Sibling option: the RNCP asserted for another member of the same family (one fiche often covers all options).
    select lacking.cfd, pairs.rncp, 'sibling_option' as proposal_rule, 2 as weight,
        'Même famille que ' || {{ sorted_list('pairs.cfd') }} || ', rattaché(s) à ' || pairs.rncp as evidence
    from lacking
    inner join members as siblings on siblings.family_key = lacking.family_key and siblings.cfd <> lacking.cfd
    inner join current_pairs as pairs on pairs.cfd = siblings.cfd
    group by lacking.cfd, pairs.rncp
    union all
    -- Lineage: the RNCP of a predecessor diploma (the fiche may have been renewed since).
    select lacking.cfd, pairs.rncp, 'lineage', 1,
        'Ancien diplôme ' || {{ sorted_list('lineage.old_cfd') }} || ' rattaché à ' || pairs.rncp
    from lacking
    inner join {{ ref('lineage_cfd') }} as lineage on lineage.new_cfd = lacking.cfd and lineage.is_current
    inner join current_pairs as pairs on pairs.cfd = lineage.old_cfd
    group by lacking.cfd, pairs.rncp
    union all
    -- Certif Info names this CFD as the predecessor of a certification, together with the predecessor's RNCP.
    select lacking.cfd, certif_info.predecessor_rncp, 'certif_info_predecessor', 2,
        'Certif Info ' || {{ sorted_list('certif_info.certif_info_id') }} || ' : certification précédente '
            || lacking.cfd || ' / ' || certif_info.predecessor_rncp
    from lacking
    inner join certif_info on certif_info.predecessor_cfd = lacking.cfd
    where certif_info.predecessor_rncp is not null
    group by lacking.cfd, certif_info.predecessor_rncp
    union all
    -- Certif Info names this CFD as the predecessor of a certification: the successor's RNCP.
    select lacking.cfd, certif_info.rncp, 'certif_info_successor', 1,
        'Certif Info ' || {{ sorted_list('certif_info.certif_info_id') }} || ' (' || {{ sorted_list('certif_info.cfd') }}
            || ', ' || certif_info.rncp || ') succède à ' || lacking.cfd
    from lacking
    inner join certif_info on certif_info.predecessor_cfd = lacking.cfd
    where certif_info.rncp is not null
    group by lacking.cfd, certif_info.rncp
    union all
    -- Label similarity: same European level, close labels once options, years and abbreviations are removed.
    select cfd, rncp, 'label_similarity', 1,
        'Libellé proche (' || cast(round(max(similarity), 2) as varchar) || ') : ' || {{ sorted_list("label_origin || ' « ' || label || ' »'") }}
    from label_candidates
    where similarity >= {{ var('label_similarity_threshold') }}
    group by cfd, rncp
),

grouped_proposals as (
    -- One proposal per (cfd, rncp), with every rule and piece of evidence. Independent rules add up: an
    -- option sibling (2) confirmed by a label (1) is `high`, a label alone `low`.
    select cfd, rncp,
        sum(weight) as weight,
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
    case
        when grouped_proposals.weight >= 3 then 'high'
        when grouped_proposals.weight = 2 then 'medium'
        when grouped_proposals.weight = 1 then 'low'
    end as proposal_confidence,
    grouped_proposals.evidence,
    (select as_of from latest) as as_of
from members
left join asserted on asserted.cfd = members.cfd
left join grouped_proposals on grouped_proposals.cfd = members.cfd
