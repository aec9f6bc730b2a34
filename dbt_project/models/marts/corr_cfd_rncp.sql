-- Historised CFD↔RNCP table: asserted pairs, valid on the intersection of the CFD's and the fiche's periods,
-- and explicit gap rows (a CFD without RNCP, an RNCP without CFD, for the uncovered part of their validity).
-- Proposed links for the gaps live apart, in gap_cfd_rncp: nothing here is inferred.
with history as (
    {{ history_versions('int_cfd_rncp_links_historised') }}
)

select
    link_id,
    cfd,
    rncp,
    valid_from,
    valid_to,
    known_from,
    known_to,
    case
        when link_kind <> 'asserted' then 'gap'
        when rules like '%kit_apprentissage%' or rules like '%dgesco%' then 'official'
        else 'documented'
    end as confidence,
    link_kind as rule,
    mapping_cardinality,
    rules as asserted_by_rules,
    sources,
    first_kit_version,
    last_kit_version,
    is_cfd_known,
    is_rncp_known,
    version_number,
    last_seen_as_of,
    is_current,
    record_hash
from history
