-- Annuaire de l'éducation: open establishments only; `date_maj_ligne` is the extraction date, not a change date.
with source as (
    select * from {{ incoming_loads(source('raw', 'annuaire_education'), '_as_of') }} as annuaire_education
),

normalised as (
    -- identifiers normalised once per row, read by the checks below (macros/identifiers.sql)
    select
        *,
        {{ normalize_uai('identifiant_de_l_etablissement') }} as uai_normalised,
        {{ normalize_siret('siren_siret') }} as siret_normalised
    from source
)

select
    {{ lineage_columns('annuaire_education') }},
    identifiant_de_l_etablissement as uai_raw,
    uai_normalised as uai,
    {{ uai_status('identifiant_de_l_etablissement', 'uai_normalised') }} as uai_status,
    -- A multi-line establishment lists one UAI on several lines (annexes, other sites): one record per line.
    case when trim(etablissement_multi_lignes) = '1'
        then uai_normalised || ' / ' || trim(nom_etablissement)
        else uai_normalised
    end as record_key,
    coalesce(trim(etablissement_multi_lignes) = '1', false) as is_multi_line,
    nullif(trim(nom_etablissement), '') as name,
    nullif(trim(code_nature), '') as nature_code,
    nullif(trim(libelle_nature), '') as nature_label,
    case upper(trim(etat))
        when 'OUVERT' then 'ouvert' when 'A FERMER' then 'à fermer' when 'A OUVRIR' then 'à ouvrir'
        when 'FERME' then 'fermé'
    end as state,
    {{ uai_sector('statut_public_prive') }} as sector,
    siren_siret as siren_siret_raw,
    {{ siren_siret_columns('siren_siret', 'siret_normalised') }},
    {{ parse_source_date('date_ouverture') }} as opened_on,
    cast(null as date) as closed_on,
    nullif(trim(code_commune), '') as commune_code,
    nullif(trim(nom_commune), '') as commune_name,
    nullif(trim(code_postal), '') as postal_code,
    nullif(trim(code_academie), '') as academy_code
from normalised
