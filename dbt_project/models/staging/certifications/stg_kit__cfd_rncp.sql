-- Kit apprentissage (France compétences / Certif Info): every published version loaded, one row per
-- (CFD, RNCP) line of a version and per load. The versions share raw column names (registry aliases) but
-- not all columns: v1.0 has five, v3.0 and 2023-12-18 nine, the xlsx seventeen; missing ones are null.
-- `kit_version` / `version_date` mirror `extra` of orchestration/sources/kit_apprentissage.py.
-- CFDs keep their raw value: Excel dropped the leading zero in v3.0 (`1022001` → 01022001, status
-- `normalised`); `NR` / `SQWQ` in the RNCP column are placeholders (rncp null, status `placeholder`), kept
-- here so that they stay countable, never turned into CFD↔RNCP assertions.
{%- set v1 = ['code_diplome', 'intitule_diplome_depp', 'code_rncp', 'niveau_fiche_rncp', 'abrege_de_diplome_rncp'] %}
{%- set v2 = v1 + ['derniere_maj', 'acces_a_l_apprentissage_de_la_fiche_rncp_oui_non',
                   'date_d_echeance_de_la_fiche_rncp', 'fiche_active_inactive'] %}
{%- set xlsx = v2 + ['intitule_certification_rncp', 'type_d_enregistrement',
                     'date_de_publication_de_la_fiche_enregistrement_de_droit',
                     'date_de_decision_enregistrement_sur_demande',
                     'date_de_debut_des_parcours_certifiants_enregistrement_de_droit',
                     'date_limite_de_la_delivrance', 'nouvelle_certification_rempla_rncp',
                     'ancienne_certification_rncp'] %}
{%- set versions = [
    {'source_id': 'kit_apprentissage_v1_0', 'kit_version': 'v1.0', 'version_date': '2020-04-14', 'columns': v1},
    {'source_id': 'kit_apprentissage_v3_0', 'kit_version': 'v3.0', 'version_date': '2023-06-19', 'columns': v2},
    {'source_id': 'kit_apprentissage_20231218', 'kit_version': '2023-12-18', 'version_date': '2023-12-18', 'columns': v2},
    {'source_id': 'kit_apprentissage_20250131', 'kit_version': '2025-01-31', 'version_date': '2025-01-31', 'columns': xlsx},
] %}

with source as (
    {%- for version in versions %}
    select
        '{{ version.source_id }}' as source_id,
        '{{ version.kit_version }}' as kit_version,
        cast('{{ version.version_date }}' as date) as version_date,
        _as_of, _source_file, _sha256, _row_number,
        {%- for column in xlsx %}
        {% if column in version.columns %}{{ column }}{% else %}cast(null as varchar){% endif %} as {{ column }}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ incoming_loads(source('raw', version.source_id), '_as_of') }} as load_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    source_id,
    _as_of as as_of,
    _source_file as source_file,
    _sha256 as source_sha256,
    _row_number as source_row_number,
    kit_version,
    version_date,
    code_diplome as cfd_raw,
    {{ normalize_cfd('code_diplome') }} as cfd,
    {{ cfd_status('code_diplome') }} as cfd_status,
    code_rncp as rncp_raw,
    {{ normalize_rncp('code_rncp') }} as rncp,
    {{ rncp_status('code_rncp') }} as rncp_status,
    {{ _kit_text('intitule_diplome_depp') }} as diploma_label,
    {{ _kit_text('intitule_certification_rncp') }} as certification_label,
    {{ _kit_text('abrege_de_diplome_rncp') }} as diploma_type,
    nullif(trim(niveau_fiche_rncp), '') as rncp_level_raw,
    {{ _kit_european_level('niveau_fiche_rncp') }} as european_level,
    {{ _kit_text('derniere_maj') }} as last_update_tag,
    nullif(trim(acces_a_l_apprentissage_de_la_fiche_rncp_oui_non), '') as apprenticeship_access_raw,
    {{ _kit_yes_no('acces_a_l_apprentissage_de_la_fiche_rncp_oui_non') }} as has_apprenticeship_access,
    nullif(trim(fiche_active_inactive), '') as rncp_fiche_status_raw,
    case upper(trim(fiche_active_inactive)) when 'ACTIVE' then 'active' when 'INACTIVE' then 'inactive' end
        as rncp_fiche_status,
    case upper(trim(fiche_active_inactive)) when 'ACTIVE' then true when 'INACTIVE' then false end as is_active,
    {{ parse_source_date('date_d_echeance_de_la_fiche_rncp') }} as rncp_expiry_date,
    {{ _kit_text('type_d_enregistrement') }} as registration_type,
    {{ parse_source_date('date_de_publication_de_la_fiche_enregistrement_de_droit') }} as rncp_published_on,
    {{ parse_source_date('date_de_decision_enregistrement_sur_demande') }} as rncp_decided_on,
    {{ parse_source_date('date_de_debut_des_parcours_certifiants_enregistrement_de_droit') }}
        as certifying_paths_start_date,
    {{ parse_source_date('date_limite_de_la_delivrance') }} as delivery_deadline,
    {{ _kit_rncp_list('nouvelle_certification_rempla_rncp') }} as successor_rncps,
    {{ _kit_rncp_list('ancienne_certification_rncp') }} as predecessor_rncps
from source
