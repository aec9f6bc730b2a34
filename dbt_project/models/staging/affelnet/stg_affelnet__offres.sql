-- Affelnet lycée « attractivité / capacité » (Orion's copies): every campaign file loaded, one row per line of
-- a campaign and per load. One source per campaign (orchestration/sources/affelnet.py); `campaign_year`
-- mirrors its `extra["campaign"]`. The same UAI × MEF STAT 11 can appear on several lines (Orion counts them in
-- `nb_apparitions_uai_mefstat`): the line is the record. MEF STAT 11 of new certificats de spécialisation carry
-- a letter in the third position (`23C10023412`), accepted by the shared format.
{%- set campaigns = ['2021', '2022'] %}

with source as (
    {%- for campaign in campaigns %}
    select {{ lineage_columns('affelnet_offre_' ~ campaign) }}, {{ campaign }} as campaign_year, *
    from {{ incoming_loads(source('raw', 'affelnet_offre_' ~ campaign), '_as_of') }} as load_rows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    source_id,
    as_of,
    source_file,
    source_sha256,
    source_row_number,
    campaign_year,
    {{ consumer_identifier_columns('uai', 'etablissement_d_accueil') }},
    {{ consumer_identifier_columns('mef_stat_11', 'mef_stat_11') }},
    {{ consumer_flag('voeu_de_recensement_o_n') }} as is_census_wish,
    nullif(upper(trim(statut_offre_de_formation)), '') as offer_status_code,
    case upper(trim(statut_offre_de_formation)) when 'AP' then true when 'ST' then false end as is_apprenticeship,
    {{ consumer_count('capacite_carte_scolaire') }} as capacity,
    {{ consumer_count('demandes_vux_1') }} as first_wish_count,
    nullif(trim(famille_de_metiers), '') as trade_family,
    {{ consumer_count('nb_apparitions_uai_mefstat') }} as uai_mef_line_count,
    {{ consumer_identifier_columns('mef_stat_11', 'mef_stat_terminale', 'final_year_mef_stat_11') }}
from source
