-- SIRET↔NDA pairs asserted on each load, one row per (siret, nda, as_of), with the sources that assert them.
-- Input of the SCD2 history corr_siret_nda: per-load aggregation first, so that a pair asserted by two
-- sources (EN and GRETA exports share lycées) or twice in one file is one row, and a change in who asserts
-- it opens a new version.
with assertions as (
    -- Référentiel network exports (EN, GRETA, MFR): the NDA of the organisme's SIRET.
    select
        source_id, as_of, source_file, source_sha256, source_row_number,
        siret, siret_status, nda, nda_status,
        has_qualiopi,
        cast(null as boolean) as has_qualiopi_apprenticeship,
        false as is_previous_nda
    from {{ incoming_loads(ref('stg_referentiel__reseaux')) }} as stg_referentiel__reseaux

    union all

    -- Référentiel API: carries numero_declaration_activite in its model (empty in the sample extract).
    select
        source_id, as_of, source_file, source_sha256, source_row_number,
        siret, siret_status, nda, nda_status,
        has_qualiopi,
        cast(null as boolean),
        false
    from {{ incoming_loads(ref('stg_referentiel__organismes')) }} as stg_referentiel__organismes

    union all

    -- DGEFP list: the current NDA of the declaring SIRET. Qualiopi = any certification.
    select
        source_id, as_of, source_file, source_sha256, source_row_number,
        siret, siret_status, nda, nda_status,
        case
            when has_qualiopi_apprenticeship or has_qualiopi_training then true
            when has_qualiopi_apprenticeship is null and has_qualiopi_training is null then null
            else false
        end,
        has_qualiopi_apprenticeship,
        false
    from {{ incoming_loads(ref('stg_dgefp__organismes')) }} as stg_dgefp__organismes

    union all

    -- DGEFP list: each previous NDA (the organisme moved region) is a separate, flagged assertion. Its
    -- Qualiopi is unknown: the certification belongs to the current declaration.
    select
        organismes.source_id, organismes.as_of, organismes.source_file, organismes.source_sha256,
        organismes.source_row_number,
        organismes.siret, organismes.siret_status, previous.nda,
        {{ nda_status('previous.nda') }},
        cast(null as boolean),
        cast(null as boolean),
        true
    from {{ incoming_loads(ref('stg_dgefp__organismes')) }} as organismes
    cross join lateral {{ split_by_regex('organismes.previous_ndas', ' ') }} as previous(nda, nda_rank)
    where previous.nda <> ''
),

-- Lineage of the pair on a load: the first asserting row, by source then row number.
ranked as (
    select
        *,
        row_number() over (
            partition by as_of, siret, nda order by source_id, source_row_number
        ) as lineage_rank
    from assertions
    -- Pairs need both sides; invalid values are kept (and flagged by their status), placeholders are null.
    where siret is not null and nda is not null
)

select
    as_of,
    siret,
    substr(siret, 1, 9) as siren,
    nda,
    -- Sources may write the same NDA differently (10 or 11 characters): keep the least clean status seen
    -- (alphabetical order happens to rank invalid_* < normalised < valid).
    min(nda_status) as nda_status,
    min(siret_status) as siret_status,
    -- any source (bool_or ignores nulls: null only when no source says)
    bool_or(has_qualiopi) as has_qualiopi,
    bool_or(has_qualiopi_apprenticeship) as has_qualiopi_apprenticeship,
    -- The DGEFP list decides: previous when every DGEFP assertion of the pair gives it as a previous NDA.
    coalesce(bool_and(case when source_id = 'dgefp_liste_of' then is_previous_nda end), false) as is_previous_nda,
    {{ sorted_list('source_id') }} as sources,
    count(*) as assertion_count,
    max(case when lineage_rank = 1 then source_file end) as source_file,
    max(case when lineage_rank = 1 then source_sha256 end) as source_sha256,
    max(case when lineage_rank = 1 then source_row_number end) as source_row_number
from ranked
group by as_of, siret, nda
