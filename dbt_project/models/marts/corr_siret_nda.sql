-- Published SIRET↔NDA correspondence, historised: one row per (siret, nda) version. The sources publish no
-- validity dates, so history is system time only (known_from/known_to = loads that showed the version).
-- No group column: the pair is the key whatever the source; `sources` is tracked, so a source starting or
-- stopping to assert the pair opens a new version.
with history as (
    {{ history_versions('int_siret_nda_links_historised') }}
)

select
    -- Stable across runs and versions: depends on the pair only.
    md5(siret || '|' || nda) as link_id,
    siret,
    siren,
    siret_status,
    nda,
    nda_status,
    has_qualiopi,
    has_qualiopi_apprenticeship,
    is_previous_nda,
    sources,
    cast(null as date) as valid_from,
    cast(null as date) as valid_to,
    known_from,
    known_to,
    last_seen_as_of,
    is_current,
    version_number,
    record_hash,
    source_file,
    source_sha256,
    source_row_number
from history
