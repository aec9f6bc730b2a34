-- SYNTHETIC apprenticeship contracts in the DECA / CERFA FA13 layout (orchestration/synthetic): one row per
-- contract per load, with the identifiers a contract carries (CFA responsable SIRET + UAI, training site, CFD,
-- RNCP, employer SIRET). Every row is flagged `is_synthetic`: no real contract is described.
with source as (
    select * from {{ incoming_loads(source('raw', 'synthetic_deca'), '_as_of') }} as synthetic_deca
)

select
    {{ lineage_columns('synthetic_deca') }},
    true as is_synthetic,
    no_contrat as contract_number,
    nullif(trim(dispositif), '') as scheme,
    {{ parse_source_date('date_debut_contrat') }} as contract_start,
    {{ parse_source_date('date_fin_contrat') }} as contract_end,
    {{ parse_source_date('date_effet_rupture') }} as contract_break,
    {{ consumer_identifier_columns('siret', 'organisme_formation_siret', 'cfa_siret') }},
    {{ consumer_identifier_columns('uai', 'organisme_formation_uai_cfa', 'uai') }},
    {{ consumer_identifier_columns('siret', 'etablissement_formation_siret', 'site_siret') }},
    {{ consumer_identifier_columns('uai', 'etablissement_formation_uai_cfa', 'site_uai') }},
    {{ consumer_identifier_columns('cfd', 'formation_code_diplome', 'cfd') }},
    {{ consumer_identifier_columns('rncp', 'formation_rncp', 'rncp') }},
    {{ consumer_identifier_columns('siret', 'employeur_siret', 'employer_siret') }}
from source
