-- Mother establishment declared by the annuaire for an open establishment (one row per line and load).
select
    {{ lineage_columns('annuaire_education') }},
    {{ normalize_uai('etablissement_mere') }} as mother_uai,
    {{ normalize_uai('identifiant_de_l_etablissement') }} as daughter_uai,
    nullif(trim(type_rattachement_etablissement_mere), '') as link_type
from {{ incoming_loads(source('raw', 'annuaire_education'), '_as_of') }} as annuaire_education
where nullif(trim(etablissement_mere), '') is not null
