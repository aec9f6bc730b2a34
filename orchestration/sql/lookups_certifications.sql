-- Certification lookups created inside the publication (DuckDB), for statisticians and the CLI.
-- RNCP fiches asserted for a CFD on day d (gaps and proposals excluded), and the reverse.
create or replace macro rncp_of_cfd(c, d) as table
    select cfd, rncp, confidence, sources, valid_from, valid_to, first_kit_version, last_kit_version, link_id
    from corr_cfd_rncp
    where is_current and rule = 'asserted' and cfd = c
      and (valid_from is null or valid_from <= cast(d as date))
      and (valid_to is null or valid_to > cast(d as date))
    order by rncp;

create or replace macro cfd_of_rncp(r, d) as table
    select cfd, rncp, confidence, sources, valid_from, valid_to, first_kit_version, last_kit_version, link_id
    from corr_cfd_rncp
    where is_current and rule = 'asserted' and rncp = r
      and (valid_from is null or valid_from <= cast(d as date))
      and (valid_to is null or valid_to > cast(d as date))
    order by cfd;

-- The current CFD of an old one, following the BCN lineage (empty when the lineage splits or loops).
create or replace macro current_cfd(c) as table
    select code as cfd, current_cfd, lineage_resolution, is_active, label
    from dim_certification
    where kind = 'cfd' and code = c;
