-- SYNTHETIC SIFA survey rows (apprentices under contract on 31/12, orchestration/synthetic): one row per
-- apprentice per load. NUMERO_UAI is the responsible CFA, SIT_FORM the training CFA, DIPLOME the CFD and RNCP
-- is filled only when DIPLOME is empty (sources.md §3.8). Every row is flagged `is_synthetic`.
with source as (
    select * from {{ incoming_loads(source('raw', 'synthetic_sifa'), '_as_of') }} as synthetic_sifa
)

select
    {{ lineage_columns('synthetic_sifa') }},
    true as is_synthetic,
    ine as apprentice_id,
    {{ consumer_identifier_columns('uai', 'numero_uai', 'uai') }},
    {{ consumer_identifier_columns('uai', 'sit_form', 'training_uai') }},
    {{ consumer_identifier_columns('cfd', 'diplome', 'cfd') }},
    {{ consumer_identifier_columns('rncp', 'rncp', 'rncp') }},
    {{ consumer_identifier_columns('siret', 'siret_emp', 'employer_siret') }}
from source
