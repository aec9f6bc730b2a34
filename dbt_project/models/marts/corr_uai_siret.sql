-- Historised UAI↔SIRET links, bitemporal: valid_from/valid_to say when the link held (source dates, SIRENE),
-- known_from/known_to when this pipeline published each version of it.
with history as (
    {{ history_versions('int_uai_siret_links_historised') }}
)

select
    md5(uai || '|' || siret) as link_id,
    uai,
    siret,
    substr(siret, 1, 9) as siren,
    valid_from,
    valid_to,
    known_from,
    known_to,
    confidence,
    {{ confidence_rank('confidence') }} as confidence_rank,
    rule,
    sources,
    granularity,
    inferred_from_siret,
    reviewed_decision,
    reviewed_by,
    reviewed_organisation,
    reviewed_on,
    review_justification,
    version_number,
    last_seen_as_of,
    is_current,
    record_hash
from history
