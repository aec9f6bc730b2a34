-- DGEFP public list of training bodies: one row per NDA per load. The SIRET is the declaring establishment
-- only; Qualiopi = a non-empty certification (being listed is not Qualiopi). Empty in offline sample mode.
with source as (
    select * from {{ incoming_loads(source('raw', 'dgefp_liste_of'), '_as_of') }} as dgefp_liste_of
),

-- Late-2021 files held only the 5-digit NIC in siretEtablissementDeclarant: rebuild SIREN + NIC, as the
-- Référentiel did, and record it (is_siret_rebuilt).
prepared as (
    select
        *,
        coalesce({{ regex_match(clean_code('siretetablissementdeclarant'), '[0-9]{5}') }}
            and {{ regex_match(clean_code('siren'), '[0-9]{9}') }}, false) as is_siret_rebuilt
    from source
),

resolved as (
    select
        *,
        case when is_siret_rebuilt then {{ clean_code('siren') }} || {{ clean_code('siretetablissementdeclarant') }}
             else siretetablissementdeclarant end as siret_value
    from prepared
),

-- Previous NDAs: one or several values in one field; split on anything that is not part of an NDA.
previous_ndas as (
    select
        resolved._as_of,
        resolved._row_number,
        string_agg({{ normalize_nda('pieces.piece') }}, ' ' order by pieces.piece_rank) as previous_ndas
    from resolved
    cross join lateral {{ split_by_regex(clean_code('resolved.numerosdeclarationactiviteprecedent'), '[^0-9A-Z]+') }}
        as pieces(piece, piece_rank)
    where pieces.piece <> ''
    group by resolved._as_of, resolved._row_number
)

select
    'dgefp_liste_of' as source_id,
    resolved._as_of as as_of,
    resolved._source_file as source_file,
    resolved._sha256 as source_sha256,
    resolved._row_number as source_row_number,
    resolved.numerodeclarationactivite as nda_raw,
    {{ normalize_nda('resolved.numerodeclarationactivite') }} as nda,
    {{ nda_status('resolved.numerodeclarationactivite') }} as nda_status,
    resolved.numerosdeclarationactiviteprecedent as previous_ndas_raw,
    previous_ndas.previous_ndas,
    resolved.siren as siren_raw,
    {{ clean_code('resolved.siren') }} as siren,
    {{ siren_status('resolved.siren') }} as siren_status,
    resolved.siretetablissementdeclarant as siret_raw,
    {{ normalize_siret('resolved.siret_value') }} as siret,
    -- A rebuilt SIRET is a normalisation, never "valid as published".
    case
        when resolved.is_siret_rebuilt and {{ siret_status('resolved.siret_value') }} = 'valid' then 'normalised'
        else {{ siret_status('resolved.siret_value') }}
    end as siret_status,
    resolved.is_siret_rebuilt,
    case lower(trim(resolved.certifications_actionsdeformationparapprentissage))
        when 'true' then true when 'false' then false when 'oui' then true when 'non' then false
    end as has_qualiopi_apprenticeship,
    case lower(trim(resolved.certifications_actionsdeformation))
        when 'true' then true when 'false' then false when 'oui' then true when 'non' then false
    end as has_qualiopi_training,
    nullif(trim(resolved.denomination), '') as name,
    {{ parse_source_date('resolved.informationsdeclarees_datedernieredeclaration') }} as last_declared_on
from resolved
left join previous_ndas
    on previous_ndas._as_of = resolved._as_of and previous_ndas._row_number = resolved._row_number
