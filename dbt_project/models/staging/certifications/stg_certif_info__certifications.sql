-- Certif Info (Réseau des Carif-Oref + Onisep): one row per line of the file and per load. A certification
-- (Certif Info id) carries a CFD (`Code_Scolarité`), RNCP / RS numbers published as digits only (prefixed
-- here, status `normalised`) and its predecessor (`Code_Ancien_*`: Certif Info id, RNCP, CFD). The same
-- (id, RNCP, CFD) line can repeat (CI 12691 ×5): kept here, deduplicated downstream.
select
    {{ lineage_columns('certif_info') }},
    nullif(trim(code_diplome), '') as certif_info_id,
    case
        when trim(code_diplome) = '' or code_diplome is null then null
        when {{ regex_match('trim(code_diplome)', '[0-9]{1,10}') }} then 'valid'
        else 'invalid_format'
    end as certif_info_id_status,
    code_scolarite as cfd_raw,
    {{ normalize_cfd('code_scolarite') }} as cfd,
    {{ cfd_status('code_scolarite') }} as cfd_status,
    code_rncp as rncp_raw,
    {{ normalize_rncp('code_rncp') }} as rncp,
    {{ rncp_status('code_rncp') }} as rncp_status,
    code_rs as rs_raw,
    {{ normalize_rncp('code_rs', 'RS') }} as rs,
    {{ rncp_status('code_rs', 'RS') }} as rs_status,
    nullif(trim(code_ancien_diplome), '') as predecessor_certif_info_id,
    {{ _kit_text('intitule_ancien_diplome') }} as predecessor_label,
    code_ancien_rncp as predecessor_rncp_raw,
    {{ normalize_rncp('code_ancien_rncp') }} as predecessor_rncp,
    {{ rncp_status('code_ancien_rncp') }} as predecessor_rncp_status,
    code_ancien_scolarite as predecessor_cfd_raw,
    {{ normalize_cfd('code_ancien_scolarite') }} as predecessor_cfd,
    {{ cfd_status('code_ancien_scolarite') }} as predecessor_cfd_status,
    nullif(trim(etat_ancien_diplome), '') as predecessor_state_code,
    {{ _kit_text('etat_ancien_diplome_libelle') }} as predecessor_state_label,
    {{ _kit_text('libelle_diplome') }} as certification_label,
    {{ _kit_text('libelle_type_diplome') }} as diploma_type_label,
    nullif(trim(code_type_diplome), '') as diploma_type_code,
    {{ _kit_european_level('code_niveau_europeen') }} as european_level,
    nullif(trim(code_nsf), '') as nsf_code,
    nullif(trim(code_formacode), '') as formacode,
    {{ _kit_text('valideur') }} as validator,
    {{ _kit_text('certificateur') }} as certifier,
    nullif(trim(annee_premiere_session), '') as first_session_year,
    nullif(trim(annee_derniere_session), '') as last_session_year,
    nullif(trim(etat), '') as state_code,
    {{ _kit_text('etat_libelle') }} as state_label,
    -- Access routes are coded 0/1/2 (meaning not documented in the reusing repositories): kept as published.
    nullif(trim(accessibilite_ca), '') as apprenticeship_access_code,
    {{ parse_source_date('date_maj') }} as updated_on,
    nullif(trim(codeideo2), '') as ideo_code
from {{ incoming_loads(source('raw', 'certif_info'), '_as_of') }} as certif_info
