-- Référentiel des NPEC (France compétences): the yearly funding level of an apprenticeship contract, per
-- certification (RNCP) and per CPNE, expanded to the collective agreements (IDCC) attached to the CPNE in the
-- same workbook ("Onglet 4 - CPNE-IDCC"): one row per (RNCP, CPNE, IDCC) and per load, IDCC null when the
-- CPNE has none. Since 2022 the file is keyed by RNCP + CPNE: the CFD column of the 2019–2021 layouts is gone
-- (`cfd` stays null for this layout).
with niveaux as (
    select * from {{ incoming_loads(source('raw', 'npec_referentiel'), '_as_of') }} as npec_referentiel
),

cpne_idcc as (
    select
        _as_of,
        _row_number,
        trim(code_cpne) as code_cpne,
        idcc as idcc_raw,
        case
            when {{ regex_match('trim(idcc)', '[0-9]{1,4}') }} then lpad(trim(idcc), 4, '0')
            else nullif(upper(trim(idcc)), '')
        end as idcc
    from {{ incoming_loads(source('raw', 'npec_cpne_idcc'), '_as_of') }} as npec_cpne_idcc
    where nullif(trim(code_cpne), '') is not null
)

select
    'npec_referentiel' as source_id,
    niveaux._as_of as as_of,
    niveaux._source_file as source_file,
    niveaux._sha256 as source_sha256,
    niveaux._row_number as source_row_number,
    niveaux.rncp as rncp_raw,
    {{ normalize_rncp('niveaux.rncp') }} as rncp,
    {{ rncp_status('niveaux.rncp') }} as rncp_status,
    cast(null as varchar) as cfd,
    {{ _kit_text('niveaux.libelle_de_la_formation') }} as certification_label,
    {{ _kit_text('niveaux.certificateur') }} as certifier,
    {{ _kit_text('niveaux.type_de_diplome') }} as diploma_type,
    nullif(trim(niveaux.code_cpne), '') as cpne_code,
    {{ _kit_text('niveaux.cpne') }} as cpne_label,
    cpne_idcc.idcc_raw,
    cpne_idcc.idcc,
    cpne_idcc._row_number as idcc_source_row_number,
    niveaux.npec_final as npec_amount_raw,
    {{ _kit_amount('niveaux.npec_final') }} as npec_amount,
    {{ _kit_text('niveaux.statut') }} as npec_status,
    {{ parse_source_date('niveaux.date_d_applicabilite_des_npec') }} as applicable_from
from niveaux
left join cpne_idcc
    on cpne_idcc._as_of = niveaux._as_of
    and cpne_idcc.code_cpne = trim(niveaux.code_cpne)
