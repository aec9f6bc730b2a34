{#- The columns shared by the three BCN diploma tables (N_FORMATION_DIPLOME, V_FORMATION_DIPLOME,
    N_FORMATION_DIPLOME_ENQUETE_51), named alike so the three staging models union and join the same way.
    `with_comment`: the table carries the free-text COMMENTAIRE column. -#}
{% macro bcn_diploma_columns(with_comment=false) -%}
    formation_diplome as cfd_raw,
    {{ normalize_cfd('formation_diplome') }} as cfd,
    {{ cfd_status('formation_diplome') }} as cfd_status,
    nullif(trim(niveau_formation_diplome), '') as diploma_type_code,
    nullif(trim(groupe_specialite), '') as specialty_group_code,
    nullif(trim(lettre_specialite), '') as specialty_letter,
    nullif(trim(libelle_court), '') as short_label,
    nullif(trim(libelle_long_200), '') as label,
    {{ parse_source_date('date_ouverture') }} as opened_on,
    {{ parse_source_date('date_fermeture') }} as closed_on,
    nullif(trim(date_premiere_session), '') as first_session_year,
    nullif(trim(date_derniere_session), '') as last_session_year,
    nullif(trim(nature_formation_diplome), '') as nature_code,
    nullif(trim(gestionnaire_formation_diplome), '') as manager,
    {%- if with_comment %}
    nullif(trim(commentaire), '') as comment,
    {%- endif %}
    {{ parse_source_date('date_intervention') }} as source_updated_on,
    case when trim(niveau_qualification_rncp) in ('00', '99', 'XX') then null
        else nullif(trim(niveau_qualification_rncp), '') end as rncp_level
{%- endmacro %}
