-- Historised mother → daughter UAI links (lycée → SEP, GRETA, CFA…), the only official UAI↔UAI table.
with history as (
    {{ history_versions('int_uai_uai_links_historised') }}
)

select
    md5(mother_uai || '>' || daughter_uai) as link_id,
    mother_uai,
    daughter_uai,
    link_types,
    sources,
    valid_from,
    valid_to,
    known_from,
    known_to,
    version_number,
    last_seen_as_of,
    is_current,
    record_hash
from history
