-- Catalogue des formations en apprentissage, establishments: one row per establishment (SIRET) per load. The
-- SIREN is the one of the SIRET; `uai` is the catalogue's UAI (`uai_valide` its verdict), `rco_uai` the one of
-- the Carif-Oref flux. `date_fermeture` is `1970-01-01` (epoch) for open establishments: kept only when closed.
with source as (
    select * from {{ incoming_loads(source('raw', 'catalogue_apprentissage'), '_as_of') }} as catalogue_apprentissage
)

select
    {{ lineage_columns('catalogue_apprentissage') }},
    siret as siret_raw,
    {{ siren_siret_columns('siret') }},
    {{ consumer_identifier_columns('uai', 'uai') }},
    {{ consumer_flag('uai_valide') }} as is_uai_validated,
    {{ consumer_identifier_columns('uai', 'rco_uai', 'rco_uai') }},
    nullif(trim(uais_potentiels), '') as potential_uais,
    {{ consumer_identifier_columns('nda', 'nda') }},
    {{ consumer_identifier_columns('siret', 'etablissement_siege_siret', 'head_office_siret') }},
    {{ consumer_flag('siege_social') }} as is_head_office,
    nullif(trim(entreprise_raison_sociale), '') as name,
    nullif(trim(enseigne), '') as sign_name,
    nullif(trim(code_insee_localite), '') as commune_code,
    nullif(trim(num_academie), '') as academy_code,
    {{ consumer_flag('ferme') }} as is_closed,
    case when {{ consumer_flag('ferme') }} then {{ parse_source_date('substr(date_fermeture, 1, 10)') }} end
        as closed_on,
    {{ consumer_flag('certifie_qualite') }} as has_qualiopi,
    nullif(trim(info_qualiopi_info), '') as qualiopi_info,
    {{ consumer_flag('published') }} as is_published
from source
