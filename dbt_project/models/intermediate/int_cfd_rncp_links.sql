-- CFD↔RNCP links on each load: the asserted pairs (Kit, Certif Info, DGESCO list) with their validity, the
-- intersection of the CFD's and the fiche's periods, and explicit gap rows for the parts of a CFD's (resp. an
-- RNCP fiche's) own validity that no pair covers.
{%- set far_past = "date '1900-01-01'" %}
{%- set far_future = "date '9999-12-31'" %}
with certifications as (
    select * from {{ incoming_loads(ref('int_certifications')) }} as int_certifications
),

asserted as (
    select
        as_of,
        cfd,
        rncp,
        {{ sorted_list('source_id') }} as sources,
        {{ sorted_list('rule') }} as rules,
        max(first_kit_version) as first_kit_version,
        max(last_kit_version) as last_kit_version
    from {{ incoming_loads(ref('int_cfd_rncp_assertions')) }} as int_cfd_rncp_assertions
    where cfd is not null and rncp is not null
    group by as_of, cfd, rncp
),

pairs as (
    select
        asserted.*,
        greatest(cfd_cert.valid_from, rncp_cert.valid_from) as valid_from,
        least(cfd_cert.valid_to, rncp_cert.valid_to) as valid_to,
        cfd_cert.code is not null as is_cfd_known,
        rncp_cert.code is not null as is_rncp_known
    from asserted
    left join certifications as cfd_cert
        on cfd_cert.as_of = asserted.as_of and cfd_cert.code = asserted.cfd and cfd_cert.kind = 'cfd'
    left join certifications as rncp_cert
        on rncp_cert.as_of = asserted.as_of and rncp_cert.code = asserted.rncp and rncp_cert.kind <> 'cfd'
),

cardinalities as (
    -- How many codes of the other side a pair's code maps to over an overlapping validity: '1:n' = this CFD
    -- has several RNCP at once (options, a fiche and its RS), 'n:1' = this fiche covers several CFDs.
    select pairs.as_of, pairs.cfd, pairs.rncp,
        count(distinct case when others.cfd = pairs.cfd then others.rncp end) as rncps_of_cfd,
        count(distinct case when others.rncp = pairs.rncp then others.cfd end) as cfds_of_rncp
    from pairs
    inner join pairs as others
        on others.as_of = pairs.as_of
        and (others.cfd = pairs.cfd or others.rncp = pairs.rncp)
        and coalesce(others.valid_from, {{ far_past }}) < coalesce(pairs.valid_to, {{ far_future }})
        and coalesce(pairs.valid_from, {{ far_past }}) < coalesce(others.valid_to, {{ far_future }})
    group by pairs.as_of, pairs.cfd, pairs.rncp
),

{% for side in ['cfd', 'rncp'] %}
{%- set other = 'rncp' if side == 'cfd' else 'cfd' %}
{{ side }}_periods as (
    select as_of, code as {{ side }}, coalesce(valid_from, {{ far_past }}) as period_start,
        coalesce(valid_to, {{ far_future }}) as period_end
    from certifications
    where kind {{ "= 'cfd'" if side == 'cfd' else "= 'rncp'" }}
),

{{ side }}_covers as (
    -- The part of each pair's validity inside the code's own period.
    select periods.as_of, periods.{{ side }}, periods.period_start, periods.period_end,
        greatest(coalesce(pairs.valid_from, {{ far_past }}), periods.period_start) as cover_start,
        least(coalesce(pairs.valid_to, {{ far_future }}), periods.period_end) as cover_end
    from {{ side }}_periods as periods
    inner join pairs on pairs.as_of = periods.as_of and pairs.{{ side }} = periods.{{ side }}
),

{{ side }}_ordered as (
    select *,
        max(cover_end) over (
            partition by as_of, {{ side }} order by cover_start, cover_end
            rows between unbounded preceding and 1 preceding
        ) as covered_until
    from {{ side }}_covers
    where cover_start < cover_end
),

{{ side }}_gaps as (
    -- Uncovered slices: before a cover, between covers, after the last one, or the whole period.
    select as_of, {{ side }}, coalesce(covered_until, period_start) as gap_start, cover_start as gap_end
    from {{ side }}_ordered
    where cover_start > coalesce(covered_until, period_start)
    union all
    select as_of, {{ side }}, max(cover_end), max(period_end)
    from {{ side }}_ordered
    group by as_of, {{ side }}
    having max(cover_end) < max(period_end)
    union all
    select periods.as_of, periods.{{ side }}, periods.period_start, periods.period_end
    from {{ side }}_periods as periods
    where not exists (
        select 1 from {{ side }}_ordered as covered
        where covered.as_of = periods.as_of and covered.{{ side }} = periods.{{ side }}
    )
),
{% endfor %}

all_links as (
    select pairs.as_of, pairs.cfd, pairs.rncp, 'asserted' as link_kind, sources, rules, first_kit_version,
        last_kit_version, valid_from, valid_to, is_cfd_known, is_rncp_known,
        case when cfds_of_rncp > 1 then 'n' else '1' end || ':' || case when rncps_of_cfd > 1 then 'n' else '1' end
            as mapping_cardinality
    from pairs
    inner join cardinalities
        on cardinalities.as_of = pairs.as_of and cardinalities.cfd = pairs.cfd and cardinalities.rncp = pairs.rncp
    union all
    select as_of, cfd, cast(null as varchar), 'cfd_without_rncp', cast(null as varchar), cast(null as varchar),
        cast(null as varchar), cast(null as varchar),
        case when gap_start = {{ far_past }} then null else gap_start end,
        case when gap_end = {{ far_future }} then null else gap_end end,
        true, false, cast(null as varchar)
    from cfd_gaps
    union all
    select as_of, cast(null as varchar), rncp, 'rncp_without_cfd', cast(null as varchar), cast(null as varchar),
        cast(null as varchar), cast(null as varchar),
        case when gap_start = {{ far_past }} then null else gap_start end,
        case when gap_end = {{ far_future }} then null else gap_end end,
        false, true, cast(null as varchar)
    from rncp_gaps
)

select
    md5(coalesce(cfd, '') || '|' || coalesce(rncp, '') || '|' || link_kind || '|'
        || case when link_kind = 'asserted' then '' else coalesce(cast(valid_from as varchar), '') end) as link_id,
    *
from all_links
