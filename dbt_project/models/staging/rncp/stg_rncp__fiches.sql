-- RNCP/RS CSV export, Standard file: one row per fiche per load (sources.md §2.8), with the fiche's access
-- routes (VoixdAccès file) and certifying bodies (Certificateurs file) of the same load.
-- Apprenticeship access is true when an access route is « En contrat d’apprentissage », false when the fiche
-- has access routes but not this one, and unknown (null) when the load shows no access route for the fiche
-- (old fiches such as RNCP1197 publish none): absence is not read as a refusal.
with source as (
    select * from {{ incoming_loads(source('raw', 'rncp_fiches'), '_as_of') }} as rncp_fiches
),

access_routes as (
    select
        as_of,
        rncp_code,
        max(case when is_apprenticeship then 1 else 0 end) = 1 as is_open_to_apprenticeship,
        {{ sorted_list('access_route') }} as access_routes
    from {{ incoming_loads(ref('stg_rncp__voies_acces')) }} as stg_rncp__voies_acces
    where rncp_code is not null
    group by as_of, rncp_code
),

certifiers as (
    select
        _as_of as as_of,
        {{ normalize_rncp('numero_fiche') }} as rncp_code,
        {{ sorted_list(normalize_siret('siret_certificateur')) }} as certifier_sirets
    from {{ incoming_loads(source('raw', 'rncp_certificateurs'), '_as_of') }} as rncp_certificateurs
    group by _as_of, {{ normalize_rncp('numero_fiche') }}
),

fiches as (
    select
        {{ lineage_columns('rncp_fiches') }},
        nullif(trim(id_fiche), '') as fiche_id,
        numero_fiche as rncp_code_raw,
        {{ normalize_rncp('numero_fiche') }} as rncp_code,
        {{ rncp_status('numero_fiche') }} as rncp_code_status,
        {{ rncp_kind(normalize_rncp('numero_fiche')) }} as certification_kind,
        nullif(trim(intitule), '') as label,
        nullif(trim(abrege_libelle), '') as short_label_code,
        nullif(trim(abrege_intitule), '') as short_label,
        nullif(trim(nomenclature_europe_niveau), '') as european_level_raw,
        {{ rncp_european_level('nomenclature_europe_niveau') }} as european_level,
        nullif(trim(nomenclature_europe_intitule), '') as european_level_label,
        nullif(trim(type_enregistrement), '') as registration_type,
        {{ rncp_boolean('actif') }} as is_active,
        {{ rncp_boolean('validation_partielle') }} as allows_partial_validation,
        {{ parse_source_date('date_dernier_jo') }} as last_official_journal_on,
        {{ parse_source_date('date_decision') }} as decision_on,
        {{ parse_source_date('date_effet') }} as effective_on,
        {{ parse_source_date('date_fin_enregistrement') }} as registration_ends_on
    from source
)

select
    fiches.*,
    access_routes.is_open_to_apprenticeship,
    access_routes.access_routes,
    certifiers.certifier_sirets
from fiches
left join access_routes
    on access_routes.as_of = fiches.as_of and access_routes.rncp_code = fiches.rncp_code
left join certifiers
    on certifiers.as_of = fiches.as_of and certifiers.rncp_code = fiches.rncp_code
