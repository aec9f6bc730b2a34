-- Catalogue des formations en apprentissage, offers: one row per offer key (cle_ministere_educatif, CME) per
-- load, with the key decoded (macros/offer_keys.sql): the gestionnaire and formateur SIRETs it embeds are
-- checked (Luhn) next to the SIRETs the offer declares. Remote mode only (no public sample).
with source as (
    select *, {{ cme_parts('cle_ministere_educatif') }} from {{ incoming_loads(source('raw', 'catalogue_formations'), '_as_of') }} as catalogue_formations
)

select
    {{ lineage_columns('catalogue_formations') }},
    cle_ministere_educatif as cme_raw,
    cme,
    case when cme is not null then case when cme_certif_info_id is null then 'invalid_format' else 'valid' end end
        as cme_status,
    cme_certif_info_id,
    cme_offer_code,
    cme_gestionnaire_siret,
    {{ siret_status('cme_gestionnaire_siret') }} as cme_gestionnaire_siret_status,
    cme_formateur_siret,
    {{ siret_status('cme_formateur_siret') }} as cme_formateur_siret_status,
    cme_commune_code,
    cme_site_index,
    cme_commune_code = '99999' as is_distance_learning,
    {{ consumer_identifier_columns('cfd', 'cfd') }},
    {{ consumer_identifier_columns('rncp', 'rncp_code', 'rncp') }},
    {{ consumer_identifier_columns('siret', 'etablissement_gestionnaire_siret', 'gestionnaire_siret') }},
    {{ consumer_identifier_columns('uai', 'etablissement_gestionnaire_uai', 'uai') }},
    {{ consumer_identifier_columns('siret', 'etablissement_formateur_siret', 'formateur_siret') }},
    {{ consumer_identifier_columns('uai', 'etablissement_formateur_uai', 'formateur_uai') }},
    {{ consumer_identifier_columns('uai', 'uai_formation', 'site_uai') }},
    nullif(trim(code_commune_insee), '') as commune_code,
    nullif(trim(num_academie), '') as academy_code,
    nullif(trim(parcoursup_id), '') as parcoursup_id,
    nullif(trim(affelnet_id), '') as affelnet_id,
    nullif(trim(cle_me_remplace_par), '') as replaced_by_cme,
    {{ consumer_flag('published') }} as is_published
from source
