{#-
  Consumer usages (usage_coverage, usage_unresolved): does each identifier a consumer dataset publishes resolve
  through the cartography, on the dataset's own reference date?

  `usage_consumers()` describes every consumer staging model once: its reference period (millésime, campaign,
  school year; the load `as_of` when it has none), the reference date D derived from it, the académie and region
  it gives, the rows to leave out (InserSup aggregates), and the identifier columns it carries with the
  correspondences that apply to them. `usage_resolution(model, column, correspondence, latest_rows)` yields one line per
  consumer row of the latest load of each source, resolved as of D (`valid_from <= D < valid_to`, open bounds
  when empty) on the current versions (`is_current`) of the correspondence tables.
-#}

{% macro usage_consumers() -%}
    {#- A year `y` → the date `y-MM-DD` (portable: text cast to date). -#}
    {%- set reference_dates = {
        'inserjeunes': "cast(cast(last_cohort_year as varchar) || '-12-31' as date)",
        'insersup': "case when " ~ regex_match('academic_year', '[0-9]{4}-[0-9]{4}')
            ~ " then cast(substr(academic_year, 1, 4) || '-09-01' as date) end",
        'affelnet': "cast(cast(campaign_year as varchar) || '-09-01' as date)",
        'constat_rentree': "cast(cast(school_year as varchar) || '-09-01' as date)",
    } -%}
    {{ return({
        'stg_inserjeunes__cfa': {
            'reference_period': "millesime",
            'reference_date': reference_dates['inserjeunes'],
            'academy_code': none,
            'region': "region_name",
            'filter': none,
            'identifiers': {'uai': ['uai_to_siret', 'uai_known']},
        },
        'stg_insersup__formations': {
            'reference_period': "academic_year",
            'reference_date': reference_dates['insersup'],
            'academy_code': none,
            'region': none,
            'filter': "not is_aggregate",
            'raw_columns': {'uai': 'establishment_raw'},
            'identifiers': {'uai': ['uai_to_siret', 'uai_known']},
        },
        'stg_parcoursup__bts_offres': {
            'reference_period': none,
            'reference_date': none,
            'academy_code': none,
            'region': none,
            'filter': none,
            'identifiers': {
                'uai': ['uai_to_siret', 'uai_known'],
                'cfd': ['cfd_to_rncp'],
                'mef_stat_11': ['mef_stat_11_to_cfd'],
            },
        },
        'stg_affelnet__offres': {
            'reference_period': "cast(campaign_year as varchar)",
            'reference_date': reference_dates['affelnet'],
            'academy_code': none,
            'region': none,
            'filter': none,
            'identifiers': {'uai': ['uai_to_siret', 'uai_known'], 'mef_stat_11': ['mef_stat_11_to_cfd']},
        },
        'stg_constat_rentree__effectifs': {
            'reference_period': "cast(school_year as varchar)",
            'reference_date': reference_dates['constat_rentree'],
            'academy_code': none,
            'region': none,
            'filter': none,
            'identifiers': {'uai': ['uai_to_siret', 'uai_known'], 'mef_stat_11': ['mef_stat_11_to_cfd']},
        },
        'stg_synthetic_deca__contrats': {
            'reference_period': "cast(extract(year from contract_start) as varchar)",
            'reference_date': "contract_start",
            'academy_code': none,
            'region': none,
            'filter': none,
            'identifiers': {'uai': ['uai_to_siret', 'uai_known'], 'cfd': ['cfd_to_rncp']},
        },
        'stg_synthetic_sifa__apprentis': {
            'reference_period': none,
            'reference_date': none,
            'academy_code': none,
            'region': none,
            'filter': none,
            'identifiers': {'uai': ['uai_to_siret', 'uai_known'], 'cfd': ['cfd_to_rncp']},
        },
        'stg_catalogue_apprentissage__etablissements': {
            'reference_period': none,
            'reference_date': none,
            'academy_code': "academy_code",
            'region': none,
            'filter': none,
            'identifiers': {'uai': ['uai_to_siret', 'uai_known']},
        },
    }) }}
{%- endmacro %}

{#- Union of `usage_resolution` over every consumer model, identifier column and correspondence. -#}
{% macro usage_resolution_all() -%}
    {%- set consumers = usage_consumers() -%}
    {%- set parts = [] -%}
    {%- for model in consumers | sort -%}
        {#- read once per model: every identifier and correspondence of it reads the same load -#}
        {%- set latest_rows = latest_load(model, 'consumer_rows') -%}
        {%- for column, correspondences in consumers[model]['identifiers'] | dictsort -%}
            {%- for correspondence in correspondences -%}
                {%- do parts.append(usage_resolution(model, column, correspondence, latest_rows)) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ parts | join('\nunion all\n') }}
{%- endmacro %}

{#- One line per row of the latest load of each source in `model`, for identifier `column` (uai, cfd,
    mef_stat_11: its `<column>_raw` / `<column>_status` siblings come from consumer_identifier_columns) through
    `correspondence` (uai_to_siret, cfd_to_rncp, mef_stat_11_to_cfd, uai_known). Rows with no value count as
    unresolved (`identifiant absent`). `latest_rows`: the condition `latest_load(model, 'consumer_rows')`. -#}
{% macro usage_resolution(model, column, correspondence, latest_rows) -%}
    {%- set consumer = usage_consumers()[model] -%}
    {%- set valid = "usage_row.value_status in ('valid', 'normalised')" -%}
    {%- set kinds = {
        'uai_to_siret': {
            'known': code_known('uai_to_siret', 'usage_row.value'),
            'linked': "exists (select 1 from " ~ ref('corr_uai_siret') ~ " as link where link.uai = usage_row.value"
                ~ " and link.is_current and link.confidence not in ('invalid', 'rejected') and "
                ~ valid_on('link', 'usage_row.reference_date') ~ ")",
        },
        'uai_known': {
            'known': code_known('uai_known', 'usage_row.value'),
            'linked': none,
        },
        'cfd_to_rncp': {
            'known': code_known('cfd_to_rncp', 'usage_row.value'),
            'linked': "exists (select 1 from " ~ ref('corr_cfd_rncp') ~ " as link where link.cfd = usage_row.value"
                ~ " and link.is_current and link.rule = 'asserted' and link.rncp is not null and "
                ~ valid_on('link', 'usage_row.reference_date') ~ ")",
        },
        'mef_stat_11_to_cfd': {
            'known': code_known('mef_stat_11_to_cfd', 'usage_row.value'),
            'linked': "exists (select 1 from " ~ ref('corr_mef_cfd') ~ " as link"
                ~ " where link.mef_stat_11 = usage_row.value and link.is_current and link.cfd is not null and "
                ~ valid_on('link', 'usage_row.reference_date') ~ ")",
        },
    } -%}
    {%- set kind = kinds[correspondence] -%}
    select
        usage_row.*,
        case
            when usage_row.value_status = 'absent' then 'identifiant absent'
            when not {{ valid }} then 'identifiant invalide'
            when not ({{ kind['known'] }}) then 'code inconnu'
            {%- if kind['linked'] %}
            when not {{ kind['linked'] }} then 'pas de lien'
            {%- endif %}
        end as reason
    from (
        select
            consumer_rows.source_id as consumer_source_id,
            consumer_rows.source_row_number,
            consumer_rows.as_of,
            {{ consumer['reference_period'] or 'cast(consumer_rows.as_of as varchar)' }} as reference_period,
            coalesce({{ consumer['reference_date'] or 'null' }}, consumer_rows.as_of) as reference_date,
            coalesce(
                (select site.academy_code from {{ ref('dim_site') }} as site where site.uai = consumer_rows.uai),
                {%- if consumer['academy_code'] %}
                case when {{ regex_match(consumer['academy_code'], '[0-9]') }}
                    then lpad({{ consumer['academy_code'] }}, 2, '0') else {{ consumer['academy_code'] }} end
                {%- else %}
                null
                {%- endif %}
            ) as academy_code,
            {{ consumer['region'] or 'null' }} as region,
            '{{ column }}' as identifier,
            coalesce({{ column }}, {{ (consumer.get('raw_columns') or {}).get(column, column ~ '_raw') }}) as value,
            coalesce({{ column }}_status, 'absent') as value_status,
            '{{ correspondence }}' as correspondence
        from {{ ref(model) }} as consumer_rows
        where {{ latest_rows }}
        {%- if consumer['filter'] %}
            and {{ consumer['filter'] }}
        {%- endif %}
    ) as usage_row
{%- endmacro %}

{#- Who can fix an unresolved line: the consumer's producer for an absent or invalid identifier, else the
    register or correspondence producer of `correspondence`. Returns (producer expression, source id expression)
    over columns `reason`, `correspondence`, `consumer_producer`, `consumer_source_id` and `kit_source_id`
    (the newest Kit version loaded that day, int_kit_latest_versions). -#}
{% macro usage_producer_columns() -%}
    case
        when reason in ('identifiant absent', 'identifiant invalide') then consumer_producer
        when reason = 'code inconnu' and correspondence in ('uai_to_siret', 'uai_known')
            then 'MENJ — DEPP (ACCE, bureau des nomenclatures et répertoires)'
        when reason = 'code inconnu' then 'MENJ — DEPP (BCN, Base centrale des nomenclatures)'
        when correspondence = 'uai_to_siret' then 'Registres : MENJ — DEPP (ACCE) / ONISEP (Référentiel UAI-SIRET)'
        when correspondence = 'cfd_to_rncp' then 'France compétences (Kit apprentissage)'
        when correspondence = 'mef_stat_11_to_cfd' then 'MENJ — DEPP (BCN, Base centrale des nomenclatures)'
    end as producer_responsible,
    case
        when reason in ('identifiant absent', 'identifiant invalide') then consumer_source_id
        when reason = 'code inconnu' and correspondence in ('uai_to_siret', 'uai_known') then 'acce_uai'
        when reason = 'code inconnu' and correspondence = 'cfd_to_rncp' then 'bcn_n_formation_diplome'
        when reason = 'code inconnu' then 'bcn_n_mef'
        when correspondence = 'uai_to_siret' then 'referentiel_organismes'
        when correspondence = 'cfd_to_rncp' then kit_source_id
        when correspondence = 'mef_stat_11_to_cfd' then 'bcn_n_mef'
    end as producer_source_id
{%- endmacro %}

{#- `alias` (a versioned link or code with valid_from / valid_to, open when empty) holds on date `day`. -#}
{% macro valid_on(alias, day) -%}
    ({{ alias }}.valid_from is null or {{ alias }}.valid_from <= {{ day }})
    and ({{ alias }}.valid_to is null or {{ alias }}.valid_to > {{ day }})
{%- endmacro %}

{#- The rows of `alias` (a staging model `model`) that come from the latest load of their source. The latest loads
    are read when the model is compiled (after `model` is built) and written as constants: a correlated subquery
    made the database read every load kept in `model` each night (the cost grew with the nights), constants let
    it skip the blocks of the other loads. -#}
{% macro latest_load(model, alias) -%}
    {%- set latest = [] -%}
    {%- if execute -%}
        {%- set query = 'select source_id, cast(max(as_of) as varchar) from ' ~ ref(model)
            ~ ' group by source_id order by source_id' -%}
        {%- for source_id, as_of in run_query(query).rows -%}
            {%- do latest.append('(' ~ alias ~ ".source_id = '" ~ source_id | replace("'", "''") ~ "' and "
                ~ alias ~ ".as_of = cast('" ~ as_of ~ "' as date))") -%}
        {%- endfor -%}
    {%- endif -%}
    ({{ latest | join(' or ') if latest else '1 = 0' }})
{%- endmacro %}

{#- `value` is a code its register knows, for `correspondence` (uai_to_siret, uai_known, cfd_to_rncp,
    mef_stat_11_to_cfd): an unresolved code that fails this is `code inconnu`, for the register to fix. -#}
{% macro code_known(correspondence, value) -%}
    {%- set in_dim_site = "exists (select 1 from " ~ ref('dim_site') ~ " as site where site.uai = " ~ value ~ ")" -%}
    {{ {
        'uai_to_siret': in_dim_site,
        'uai_known': in_dim_site ~ " or exists (select 1 from " ~ ref('uai_records')
            ~ " as record where record.uai = " ~ value ~ ")",
        'cfd_to_rncp': "exists (select 1 from " ~ ref('dim_certification') ~ " as certification"
            ~ " where certification.code = " ~ value ~ " and certification.kind = 'cfd')",
        'mef_stat_11_to_cfd': "exists (select 1 from " ~ ref('corr_mef_cfd') ~ " as mef"
            ~ " where mef.mef_stat_11 = " ~ value ~ " and mef.is_current)",
    }[correspondence] }}
{%- endmacro %}
