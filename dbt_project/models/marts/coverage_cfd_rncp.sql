-- Coverage of the CFD↔RNCP table at the latest load: share of active CFDs with an RNCP (overall and per diploma
-- type), share of active RNCP fiches open to apprenticeship with a CFD.
with certifications as (
    select * from {{ ref('dim_certification') }}
),

active_cfds as (
    select code, type_code, linked_codes is not null as is_covered
    from certifications
    where kind = 'cfd' and is_active
),

apprenticeship_rncps as (
    select code, linked_codes is not null as is_covered
    from certifications
    where kind = 'rncp' and is_active and is_open_to_apprenticeship
),

measures as (
    select 'active_cfd_with_rncp' as metric, 'all' as scope, count(*) as denominator,
        sum(case when is_covered then 1 else 0 end) as numerator
    from active_cfds
    union all
    select 'active_cfd_with_rncp', type_code, count(*), sum(case when is_covered then 1 else 0 end)
    from active_cfds
    group by type_code
    union all
    select 'apprenticeship_rncp_with_cfd', 'all', count(*), sum(case when is_covered then 1 else 0 end)
    from apprenticeship_rncps
)

select
    metric,
    scope,
    cast(coalesce(numerator, 0) as bigint) as numerator,
    denominator,
    case when denominator > 0 then round(100.0 * coalesce(numerator, 0) / denominator, 1) end as share_percent,
    (select max(as_of) from certifications) as as_of
from measures
