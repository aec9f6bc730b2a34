-- RNCP XML export (VERSION_FLUX 4.1): one row per FICHE per load (sources.md §2.9). Differences from the
-- CSV: ACTIF is Oui/Non; access routes are six SI_JURY_* flags; only the XML has the publication date and the
-- delivery deadline. The flux carries no CFD (diploma codes come from the Kit apprentissage, Certif Info, BCN).
-- List columns arrive as JSON arrays (orchestration/ingest/xml_records.py); the *_raw columns keep them as
-- published, the lists here are normalised, sorted and comma-separated.
with source as (
    select * from {{ incoming_loads(source('raw', 'rncp_xml'), '_as_of') }} as rncp_xml
),

linked as (
    select
        source._as_of as load_as_of,
        source._row_number as record_number,
        {{ sorted_list(normalize_rncp(rncp_json_scalar_text('items.element'))) }} as new_certifications
    from source
    cross join lateral {{ json_array_elements('source.nouvelles_certifications') }} as items(element, element_rank)
    group by source._as_of, source._row_number
),

replaced as (
    select
        source._as_of as load_as_of,
        source._row_number as record_number,
        {{ sorted_list(normalize_rncp(rncp_json_scalar_text('items.element'))) }} as old_certifications
    from source
    cross join lateral {{ json_array_elements('source.anciennes_certifications') }} as items(element, element_rank)
    group by source._as_of, source._row_number
),

certifiers as (
    select
        source._as_of as load_as_of,
        source._row_number as record_number,
        {{ sorted_list(normalize_siret(rncp_json_scalar_text('items.element'))) }} as certifier_sirets
    from source
    cross join lateral {{ json_array_elements('source.sirets_certificateurs') }} as items(element, element_rank)
    group by source._as_of, source._row_number
)

select
    {{ lineage_columns('rncp_xml') }},
    nullif(trim(id_fiche), '') as fiche_id,
    numero_fiche as rncp_code_raw,
    {{ normalize_rncp('numero_fiche') }} as rncp_code,
    {{ rncp_status('numero_fiche') }} as rncp_code_status,
    {{ rncp_kind(normalize_rncp('numero_fiche')) }} as certification_kind,
    nullif(trim(intitule), '') as label,
    nullif(trim(abrege_code), '') as short_label_code,
    nullif(trim(abrege_libelle), '') as short_label,
    nullif(trim(etat_fiche), '') as fiche_state,
    nullif(trim(niveau_europe), '') as european_level_raw,
    {{ rncp_european_level('niveau_europe') }} as european_level,
    nullif(trim(niveau_europe_libelle), '') as european_level_label,
    nullif(trim(type_enregistrement), '') as registration_type,
    {{ rncp_boolean('actif') }} as is_active,
    {{ parse_source_date('date_decision') }} as decision_on,
    {{ parse_source_date('date_effet') }} as effective_on,
    {{ parse_source_date('date_fin_enregistrement') }} as registration_ends_on,
    {{ parse_source_date('date_de_publication') }} as published_on,
    {{ parse_source_date('date_limite_delivrance') }} as delivery_deadline_on,
    {{ rncp_boolean('si_jury_ca') }} as is_open_to_apprenticeship,
    {{ rncp_boolean('si_jury_cq') }} as is_open_to_professionalisation_contract,
    nullif(concat_ws(', ',
        case when {{ rncp_boolean('si_jury_ca') }} then 'apprentissage' end,
        case when {{ rncp_boolean('si_jury_cl') }} then 'candidature_individuelle' end,
        case when {{ rncp_boolean('si_jury_vae') }} then 'experience' end,
        case when {{ rncp_boolean('si_jury_fc') }} then 'formation_continue' end,
        case when {{ rncp_boolean('si_jury_fi') }} then 'formation_initiale' end,
        case when {{ rncp_boolean('si_jury_cq') }} then 'professionnalisation' end
    ), '') as access_routes,
    replaced.old_certifications,
    linked.new_certifications,
    source.anciennes_certifications as old_certifications_raw,
    source.nouvelles_certifications as new_certifications_raw,
    certifiers.certifier_sirets,
    source.codes_nsf as nsf_codes_raw
from source
left join linked on linked.load_as_of = source._as_of and linked.record_number = source._row_number
left join replaced on replaced.load_as_of = source._as_of and replaced.record_number = source._row_number
left join certifiers on certifiers.load_as_of = source._as_of and certifiers.record_number = source._row_number
