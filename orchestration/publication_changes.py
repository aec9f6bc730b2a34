"""What a publication changes, and its log: the transparency half of the governance principles.

Changes are read from the historised tables themselves (their SCD2 versions carry `known_from` / `known_to`),
not from a diff against the previous file: a re-run of the same day, or a publication that replaces a lost one,
reports the same changes. The baseline is the as_of of the previous publication, taken from the
`publication_log` that each publication carries forward.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from orchestration.ingest.loader import quote_ident

# Historised link tables: one `link_id` per link, SCD2 versions with `known_from` / `known_to` / `record_hash`.
HISTORISED_LINKS = (
    "corr_uai_siret",
    "corr_uai_uai",
    "corr_siret_succession",
    "corr_siret_nda",
    "corr_cfd_rncp",
    "corr_mef_cfd",
    "lineage_cfd",
    "lineage_rncp",
)

CHANGES_DDL = """
create table main.publication_changes (
    as_of date, previous_as_of date, table_name varchar, link_id varchar, change varchar,
    previous_record_hashes varchar, record_hashes varchar)
"""

LOG_DDL = """
create table main.publication_log (
    as_of date, run_id varchar, published_at timestamp, previous_as_of date, sources varchar,
    row_counts varchar, checks_passed integer, checks_failed_error integer, checks_failed_warn integer,
    failed_checks varchar, changes varchar)
"""


@dataclass(frozen=True)
class CheckSummary:
    """Results of the run's asset checks (dbt tests and Great Expectations suites)."""

    passed: int = 0
    failed_error: int = 0
    failed_warn: int = 0
    failed: tuple[str, ...] = field(default_factory=tuple)


def _versions_at(table: str, has_validity: bool, name: str, day: str) -> str:
    """Per touched link, the versions known on the day bound to the parameter `day`, and whether it was open."""
    still_open = "bool_or(valid_to is null)" if has_validity else "true"
    # The table name comes from HISTORISED_LINKS, quoted; the day is a bound parameter.
    return f"""{name} as (
        select link_id, string_agg(record_hash, ',' order by record_hash) as hashes, {still_open} as is_open
        from main.{quote_ident(table)}
        where known_from <= ${day} and (known_to is null or known_to > ${day})
            and link_id in (select link_id from touched)
        group by link_id
    )"""  # noqa: S608


def _touched(table: str) -> str:
    """Links with a version opened or closed between the two days: the only ones whose versions on one day can
    differ from the other's, so a night compares its changes, not every link."""
    return f"""touched as (
        select distinct link_id from main.{quote_ident(table)}
        where (known_from > $baseline and known_from <= $as_of) or (known_to > $baseline and known_to <= $as_of)
    )"""  # noqa: S608


def record_changes(con, as_of: date, previous_as_of: date | None, tables: list[str]) -> dict[str, dict]:
    """Fill `publication_changes` for the published link tables; return the counts per table and change."""
    con.execute(CHANGES_DDL)
    baseline = previous_as_of or date(1, 1, 1)  # first publication: every current link is new
    for table in (t for t in HISTORISED_LINKS if t in tables):
        columns = {row[0] for row in con.execute(f"describe main.{quote_ident(table)}").fetchall()}
        has_validity = "valid_to" in columns
        # Table names come from HISTORISED_LINKS, quoted; every value is a bound parameter.
        con.execute(
            f"""
            insert into main.publication_changes
            with {_touched(table)},
                {_versions_at(table, has_validity, "before", "baseline")},
                {_versions_at(table, has_validity, "after", "as_of")}
            select $as_of, $previous_as_of, $table_name, coalesce(after.link_id, before.link_id),
                case
                    when before.link_id is null then 'added'
                    when after.link_id is null then 'removed'
                    when before.is_open and not after.is_open then 'closed'
                    else 'modified'
                end,
                before.hashes, after.hashes
            from before full outer join after on after.link_id = before.link_id
            where before.hashes is distinct from after.hashes
            """,  # noqa: S608
            {"baseline": baseline, "as_of": as_of, "previous_as_of": previous_as_of, "table_name": table},
        )
    counts: dict[str, dict] = {}
    for table, change, count in con.execute(
        "select table_name, change, count(*) from main.publication_changes group by all order by all"
    ).fetchall():
        counts.setdefault(table, {})[change] = count
    return counts


def carry_log_forward(con, previous_publication_attached: bool, as_of: date) -> date | None:
    """Create `publication_log` with the previous publication's rows; return the previous day published."""
    con.execute(LOG_DDL)
    if not previous_publication_attached:
        return None
    has_log = con.execute(
        "select count(*) from duckdb_tables() where database_name = 'previous' and table_name = 'publication_log'"
    ).fetchone()[0]
    if has_log:
        con.execute("insert into main.publication_log by name select * from previous.main.publication_log")
        row = con.execute("select max(as_of) from main.publication_log where as_of < ?", [as_of]).fetchone()
        if row[0] is not None:
            return row[0]
    # A publication older than the log: its own as_of is the baseline.
    row = con.execute("select max(as_of) from previous.main.publication_info where as_of < ?", [as_of]).fetchone()
    return row[0]


def append_log(
    con,
    *,
    as_of: date,
    run_id: str,
    previous_as_of: date | None,
    row_counts: dict[str, int],
    checks: CheckSummary,
    changes: dict[str, dict],
) -> None:
    """One line per publication: what was read (files and checksums), what was published, what was checked."""
    sources = {
        source_id: {"file": file, "sha256": sha256, "rows": rows, "quarantined": quarantined, "origin": origin}
        for source_id, file, sha256, rows, quarantined, origin in con.execute(
            "select source_id, source_file, sha256, row_count, quarantined_count, origin "
            "from main.load_log where as_of = ? order by source_id",
            [as_of],
        ).fetchall()
    }
    con.execute(
        "insert into main.publication_log values (?, ?, current_timestamp, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            as_of,
            run_id,
            previous_as_of,
            json.dumps(sources, ensure_ascii=False, sort_keys=True),
            json.dumps(row_counts, sort_keys=True),
            checks.passed,
            checks.failed_error,
            checks.failed_warn,
            ", ".join(checks.failed),
            json.dumps(changes, sort_keys=True),
        ],
    )
