-- Every statement, by any source on any load, that a UAI goes with a SIRET: one row per piece of evidence.
-- Placeholders and 13-digit SIRETs are kept here (with their flags) and filtered into anomalies downstream.
with registers as (
    select
        source_id, as_of, source_row_number, uai, uai_status, siret, siret_status, siren_siret_raw as siret_raw,
        'register_siret' as rule, 'official_register' as confidence, 'site' as granularity,
        opened_on as uai_opened_on, closed_on as uai_closed_on
    from {{ incoming_loads(ref('int_uai_records_unioned')) }} as int_uai_records_unioned
    where siren_siret_raw is not null and not {{ is_siren_only('siren_siret_raw') }}
),

linked_records as (
    -- The BCE record of a mother or daughter UAI, as attached to the ACCE link files.
    select
        source_id, as_of, source_row_number, linked_uai as uai, linked_uai_status as uai_status, siret,
        siret_status, linked_siren_siret_raw as siret_raw,
        'register_siret' as rule, 'official_register' as confidence, 'site' as granularity,
        linked_opened_on as uai_opened_on, linked_closed_on as uai_closed_on
    from {{ incoming_loads(ref('stg_acce__rattachements')) }} as stg_acce__rattachements
    where linked_siren_siret_raw is not null and not {{ is_siren_only('linked_siren_siret_raw') }}
),

referentiel_validated as (
    select
        source_id, as_of, source_row_number, uai, uai_status, siret, siret_status, siret_raw,
        'referentiel_validated_uai' as rule, 'validated' as confidence, 'organisme' as granularity,
        cast(null as date) as uai_opened_on, cast(null as date) as uai_closed_on
    from {{ incoming_loads(ref('stg_referentiel__organismes')) }} as stg_referentiel__organismes
    where uai_raw is not null
),

network_exports as (
    select
        source_id, as_of, source_row_number, uai_validated as uai, uai_validated_status as uai_status, siret,
        siret_status, siret_raw,
        'referentiel_validated_uai' as rule, 'validated' as confidence, 'organisme' as granularity,
        cast(null as date) as uai_opened_on, cast(null as date) as uai_closed_on
    from {{ incoming_loads(ref('stg_referentiel__reseaux')) }} as stg_referentiel__reseaux
    where uai_validated_raw is not null
    union all
    select
        source_id, as_of, source_row_number, uai_probable, uai_probable_status, siret, siret_status, siret_raw,
        'referentiel_probable_uai', 'probable', 'organisme', cast(null as date), cast(null as date)
    from {{ incoming_loads(ref('stg_referentiel__reseaux')) }} as stg_referentiel__reseaux
    where uai_probable_raw is not null
),

training_sites as (
    -- A training site of the organisme: the UAI goes with the organisme's SIRET (role lieu).
    select
        source_id, as_of, source_row_number, uai, uai_status, organisme_siret as siret,
        organisme_siret_status as siret_status, organisme_siret_raw as siret_raw,
        case when is_uai_reliable then 'referentiel_reliable_site' else 'referentiel_site' end as rule,
        case when is_uai_reliable then 'lieu' else 'declared' end as confidence,
        'site' as granularity, cast(null as date) as uai_opened_on, cast(null as date) as uai_closed_on
    from {{ incoming_loads(ref('stg_referentiel__lieux')) }} as stg_referentiel__lieux
    where uai_raw is not null
),

erp_couples as (
    -- The TdB verdict: FIABLE and A_FIABILISER (with the corrected side) are probable, the rest declared.
    select
        source_id, as_of, source_row_number,
        coalesce(uai_reliable, uai) as uai,
        case when uai_reliable is not null then {{ uai_status('uai_reliable') }} else uai_status end as uai_status,
        coalesce(siret_reliable, siret) as siret,
        case when siret_reliable is not null then {{ siret_status('siret_reliable') }} else siret_status end
            as siret_status,
        coalesce(siret_reliable, siret_raw) as siret_raw,
        'tdb_' || lower(verdict) || coalesce('_rule_' || cast(rule_id as varchar), '') as rule,
        case when verdict in ('FIABLE', 'A_FIABILISER') then 'probable' else 'declared' end as confidence,
        'organisme' as granularity, cast(null as date) as uai_opened_on, cast(null as date) as uai_closed_on
    from {{ incoming_loads(ref('stg_tdb__fiabilisation')) }} as stg_tdb__fiabilisation
),

territorial_decisions as (
    select
        source_id, as_of, source_row_number, uai, uai_status, siret, siret_status, siret_raw,
        'territorial_' || decision as rule,
        case decision when 'confirm' then 'validated' else 'rejected' end as confidence,
        'site' as granularity, cast(null as date) as uai_opened_on, cast(null as date) as uai_closed_on
    from {{ incoming_loads(ref('stg_corrections__uai_siret')) }} as stg_corrections__uai_siret
),

unioned as (
    select * from registers
    union all select * from linked_records
    union all select * from referentiel_validated
    union all select * from network_exports
    union all select * from training_sites
    union all select * from erp_couples
    union all select * from territorial_decisions
)

select
    unioned.*,
    -- A SIRET that lost its leading zero (13 digits) is never trusted as a link: it becomes an anomaly.
    coalesce({{ regex_match(clean_code('siret_raw'), '[0-9]{13}') }}, false) as is_siret_missing_zero
from unioned
