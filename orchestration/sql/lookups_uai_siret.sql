-- Lookup macros created inside the publication (DuckDB), for statisticians and the `referentiels lookup` CLI.
-- "What was true on day d": links whose validity covers d, in their latest published version, best first.
create or replace macro uai_siret_asof(d) as table
    select uai, siret, siren, confidence, confidence_rank, rule, sources, granularity, valid_from, valid_to,
           inferred_from_siret, reviewed_decision, reviewed_by, reviewed_organisation, link_id
    from corr_uai_siret
    where is_current
      and confidence <> 'rejected'
      and (valid_from is null or valid_from <= cast(d as date))
      and (valid_to is null or valid_to > cast(d as date))
    order by uai, confidence_rank, siret;

-- "What had been published on day d": the versions the pipeline showed that day (bitemporal).
create or replace macro uai_siret_published_asof(d) as table
    select *
    from corr_uai_siret
    where known_from <= cast(d as date) and (known_to is null or known_to > cast(d as date))
    order by uai, confidence_rank, siret;

create or replace macro siret_of_uai(u, d) as table
    select * from uai_siret_asof(d) where uai = u;

create or replace macro uai_of_siret(s, d) as table
    select * from uai_siret_asof(d) where siret = s;
