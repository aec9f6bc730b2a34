-- Cartography nodes: one row per identifier system, with its allocating producer (read in the source registry
-- through the source that publishes its reference list), its codes known in the latest load, the registry
-- sources carrying it and the consumers using it (usage_registry).
with codes as (
    {{ carto_identifier_codes() }}
),

nodes as (
    select * from (values
        ('uai', 'Unité administrative immatriculée (UAI, ex-RNE)', 'acce_uai', 1),
        ('siret', 'Numéro SIRET d''établissement', 'sirene_etablissement', 2),
        ('siren', 'Numéro SIREN d''entreprise', 'sirene_etablissement', 3),
        ('cfd', 'Code formation diplôme (CFD) de la BCN', 'bcn_n_formation_diplome', 4),
        ('rncp', 'Fiche du Répertoire national des certifications professionnelles (RNCP)', 'rncp_fiches', 5),
        ('rs', 'Fiche du Répertoire spécifique (RS)', 'rncp_fiches', 6),
        ('mef', 'Module élémentaire de formation (MEF, 10 chiffres)', 'bcn_n_mef', 7),
        ('mef_stat_11', 'Code statistique MEF_STAT_11', 'bcn_n_mef', 8),
        ('nda', 'Numéro de déclaration d''activité (NDA) d''organisme de formation', 'dgefp_liste_of', 9),
        ('certif_info', 'Identifiant Certif Info d''une certification', 'certif_info', 10),
        ('cle_ministere_educatif', 'Clé ministère éducatif (CME) d''une offre de formation', null, 11)
    ) as node(identifier, label, reference_source_id, node_rank)
),

registry as (
    select source_id, producer, identifiers from {{ source('raw', 'source_registry') }}
),

code_counts as (
    select identifier, count(*) as code_count from codes group by identifier
),

source_counts as (
    select nodes.identifier, count(registry.source_id) as source_count
    from nodes
    left join registry on ', ' || registry.identifiers || ', ' like '%, ' || nodes.identifier || ', %'
    group by nodes.identifier
),

consumer_counts as (
    select identifier, count(distinct consumer) as consumer_count
    from {{ ref('usage_registry') }}
    where requirement in ('required', 'optional', 'derived')
    group by identifier
)

select
    cast(nodes.identifier as varchar) as identifier,
    cast(nodes.label as varchar) as label,
    cast(coalesce(registry.producer, 'Réseau des Carif-Oref (RCO), catalogue de l''apprentissage') as varchar)
        as producer,
    cast(coalesce(code_counts.code_count, 0) as bigint) as code_count,
    cast(coalesce(source_counts.source_count, 0) as bigint) as source_count,
    cast(coalesce(consumer_counts.consumer_count, 0) as bigint) as consumer_count
from nodes
left join registry on registry.source_id = nodes.reference_source_id
left join code_counts on code_counts.identifier = nodes.identifier
left join source_counts on source_counts.identifier = nodes.identifier
left join consumer_counts on consumer_counts.identifier = nodes.identifier
order by nodes.node_rank
