-- BCN N_GROUPE_FORMATION: option groups (familles de métiers, bac pro / BTS à options), one row per group per
-- load, with the label of its type from N_TYPE_GROUPE_FORMATION of the same load.
with source as (
    select * from {{ incoming_loads(source('raw', 'bcn_n_groupe_formation'), '_as_of') }} as bcn_n_groupe_formation
),

group_types as (
    select
        _as_of as as_of,
        {{ clean_code('type_groupe_formation') }} as group_type_code,
        min(nullif(trim(libelle_long), '')) as group_type_label
    from {{ incoming_loads(source('raw', 'bcn_n_type_groupe_formation'), '_as_of') }} as bcn_n_type_groupe_formation
    group by _as_of, {{ clean_code('type_groupe_formation') }}
),

groups as (
    select
        {{ lineage_columns('bcn_n_groupe_formation') }},
        {{ clean_code('groupe_formation') }} as group_code,
        {{ clean_code('type_groupe_formation') }} as group_type_code,
        nullif(trim(libelle_court), '') as short_label,
        nullif(trim(libelle_long), '') as label,
        nullif(trim(libelle_edition), '') as edition_label,
        {{ parse_source_date('date_ouverture') }} as opened_on,
        {{ parse_source_date('date_fermeture') }} as closed_on,
        {{ parse_source_date('date_intervention') }} as source_updated_on
    from source
)

select
    groups.*,
    group_types.group_type_label
from groups
left join group_types
    on group_types.as_of = groups.as_of
    and group_types.group_type_code = groups.group_type_code
