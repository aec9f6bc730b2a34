-- One row per certification code (CFD, RNCP, RS) of the latest load: level, type, label, validity, active flag,
-- the current CFD reached by the BCN lineage, and the codes it is linked to in corr_cfd_rncp.
with latest as (
    select max(as_of) as as_of from {{ ref('int_certifications') }}
),

certifications as (
    select certifications.*
    from {{ ref('int_certifications') }} as certifications
    inner join latest on latest.as_of = certifications.as_of
),

current_cfds as (
    select current.cfd, current.current_cfd, current.resolution_status
    from {{ ref('int_cfd_current') }} as current
    inner join latest on latest.as_of = current.as_of
),

links as (
    select cfd as code, {{ sorted_list('rncp') }} as linked_codes
    from {{ ref('corr_cfd_rncp') }} where is_current and rule = 'asserted' group by cfd
    union all
    select rncp, {{ sorted_list('cfd') }}
    from {{ ref('corr_cfd_rncp') }} where is_current and rule = 'asserted' group by rncp
)

select
    certifications.code,
    certifications.kind,
    certifications.label,
    certifications.type_code,
    certifications.european_level,
    certifications.nature_code,
    certifications.valid_from,
    certifications.valid_to,
    certifications.is_active,
    certifications.is_open_to_apprenticeship,
    current_cfds.current_cfd,
    current_cfds.resolution_status as lineage_resolution,
    links.linked_codes,
    certifications.found_in,
    certifications.as_of
from certifications
left join current_cfds on certifications.kind = 'cfd' and current_cfds.cfd = certifications.code
left join links on links.code = certifications.code
