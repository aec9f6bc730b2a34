"""A publication users can trust: its log, its change file, per-producer anomaly lists, quarantine per source,
read-only files, and one run at a time."""

import csv
import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from datetime import date

import duckdb
import pytest

from orchestration import anomaly_exports, cli
from orchestration.anomaly_exports import export_by_producer, producer_slug
from orchestration.assets.publish import MARTS
from orchestration.publication import publish
from orchestration.publication_changes import HISTORISED_LINKS
from orchestration.run_lock import RunLockedError, lock_path, run_lock
from orchestration.settings import get_settings
from tests.conftest import NIGHTLY_AS_OF, PROJECT_DIR

NEXT_DAY = date(2026, 11, 3)


def _published(workspace, sql, params=None):
    return workspace.query(sql, params, database=workspace.publication)


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_publication_logs_files_checks_and_every_link_as_added(nightly_samples):
    workspace, result = nightly_samples
    assert result.success
    [(as_of, run_id, previous, sources, passed, failed_error, changes)] = _published(
        workspace,
        "select as_of, run_id, previous_as_of, sources, checks_passed, checks_failed_error, changes "
        "from publication_log",
    )
    assert (as_of, run_id, previous, failed_error) == (NIGHTLY_AS_OF, result.run_id, None, 0)
    # Every asset check the run evaluated before the publication step: dbt tests and GX suites.
    events = result.all_events
    publication_start = next(i for i, e in enumerate(events) if e.is_step_start and e.step_key == "publication")
    evaluated = [
        e
        for e in events[:publication_start]
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and e.event_specific_data.passed
    ]
    assert passed == len(evaluated) > 100
    # The files read, with the checksums of the landing store.
    loads = _published(workspace, "select source_id, sha256, row_count from load_log where as_of = ?", [as_of])
    assert {k: (v["sha256"], v["rows"]) for k, v in json.loads(sources).items()} == {
        source_id: (sha256, rows) for source_id, sha256, rows in loads
    }
    # First publication: every link known on the day is new.
    expected = {}
    for table in HISTORISED_LINKS:
        [(count,)] = _published(
            workspace,
            f"select count(distinct link_id) from {table} "  # noqa: S608 — fixed table names
            "where known_from <= ? and (known_to is null or known_to > ?)",
            [as_of, as_of],
        )
        expected[table] = {"added": count}
    assert json.loads(changes) == expected
    change_file = workspace.data_dir / "publication" / "changes" / f"{as_of.isoformat()}.csv"
    with change_file.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == sum(c["added"] for c in expected.values())
    assert {row["change"] for row in rows} == {"added"}


@pytest.fixture
def next_day(nightly_samples, tmp_path, monkeypatch):
    """A copy of the nightly workspace whose history gets a hand-made next day (known_from = NEXT_DAY)."""
    workspace = nightly_samples[0].copy(tmp_path / "copy")
    workspace.activate(monkeypatch)
    with duckdb.connect(str(workspace.warehouse)) as con:
        closed, removed, modified = (
            row[0]
            for row in con.execute(
                "select link_id from marts.corr_uai_siret where is_current and valid_to is null "
                "order by link_id limit 3"
            ).fetchall()
        )
        [(changed,)] = con.execute(
            "select min(link_id) from marts.corr_cfd_rncp where is_current and rule = 'asserted'"
        ).fetchall()
        for table, link_id in [("corr_uai_siret", closed), ("corr_uai_siret", modified), ("corr_cfd_rncp", changed)]:
            # A new version from the next day on: `closed` ends its validity, the others change a tracked value.
            con.execute(f"create temp table version as from marts.{table} where link_id = ? and is_current", [link_id])
            con.execute(
                "update version set known_from = ?, record_hash = 'next-' || record_hash, "
                "valid_to = case when link_id = ? then date '2026-11-03' else valid_to end",
                [NEXT_DAY, closed],
            )
            con.execute(
                f"update marts.{table} set known_to = ?, is_current = false where link_id = ? and is_current",  # noqa: S608
                [NEXT_DAY, link_id],
            )
            con.execute(f"insert into marts.{table} from version")
            con.execute("drop table version")
        con.execute(
            "update marts.corr_uai_siret set known_to = ?, is_current = false where link_id = ?", [NEXT_DAY, removed]
        )
        con.execute(
            "insert into marts.corr_uai_siret by name select 'brand-new-link' as link_id, '0000000A' as uai, "
            "'00000000000000' as siret, ? as known_from, 'new' as record_hash, true as is_current",
            [NEXT_DAY],
        )
    return workspace, {"closed": closed, "removed": removed, "modified": modified, "changed": changed}


def test_second_publication_writes_exactly_what_changed(next_day):
    workspace, links = next_day
    settings = get_settings()
    publish(settings, MARTS, NEXT_DAY, "run-next-day")
    expected = sorted(
        [
            ("corr_cfd_rncp", links["changed"], "modified"),
            ("corr_uai_siret", "brand-new-link", "added"),
            ("corr_uai_siret", links["closed"], "closed"),
            ("corr_uai_siret", links["modified"], "modified"),
            ("corr_uai_siret", links["removed"], "removed"),
        ]
    )
    query = "select table_name, link_id, change from publication_changes order by all"
    assert _published(workspace, query) == expected
    assert _published(workspace, "select distinct as_of, previous_as_of from publication_changes") == [
        (NEXT_DAY, NIGHTLY_AS_OF)
    ]
    with (settings.publication_dir / "changes" / "2026-11-03.csv").open(encoding="utf-8") as handle:
        assert sorted((r["table_name"], r["link_id"], r["change"]) for r in csv.DictReader(handle, delimiter=";")) == (
            expected
        )
    assert (settings.publication_dir / "changes" / "2026-11-02.csv").exists()  # older change files are kept

    # Publishing the same day again (a re-run) reports the same changes against the same baseline.
    publish(settings, MARTS, NEXT_DAY, "run-next-day-again")
    assert _published(workspace, query) == expected
    log = "select as_of, run_id, previous_as_of from publication_log order by run_id"
    assert _published(workspace, log) == sorted(
        [
            (NIGHTLY_AS_OF, _published(workspace, "select min(run_id) from publication_log")[0][0], None),
            (NEXT_DAY, "run-next-day", NIGHTLY_AS_OF),
            (NEXT_DAY, "run-next-day-again", NIGHTLY_AS_OF),
        ],
        key=lambda row: row[1],
    )


def test_each_producer_gets_its_own_anomaly_list(nightly_samples):
    workspace, _ = nightly_samples
    exports = workspace.data_dir / "publication" / "anomalies"
    producers = dict(_published(workspace, "select producer, count(*) from anomalies group by producer"))
    assert len(producers) > 1
    assert sorted(p.name for p in exports.iterdir()) == sorted(
        f"{producer_slug(p)}.{ext}" for p in producers for ext in ("csv", "html")
    )
    for producer, count in producers.items():
        with (exports / f"{producer_slug(producer)}.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter=";"))
        ids = [r for (r,) in _published(workspace, "select anomaly_id from anomalies where producer = ?", [producer])]
        assert sorted(r["Identifiant"] for r in rows) == sorted(ids) and len(rows) == count
        page = (exports / f"{producer_slug(producer)}.html").read_text(encoding="utf-8")
        assert f"Anomalies à traiter par {producer}".replace("'", "&#x27;") in page
        assert all(anomaly_id in page for anomaly_id in ids)


def test_a_long_anomaly_list_shows_its_first_rows_and_counts_by_rule(nightly_samples, tmp_path, monkeypatch):
    """At national scale a producer has hundreds of thousands of anomalies: the HTML page counts them by rule and
    shows the first rows by identifier, pointing to the CSV, which keeps every row."""
    workspace, _ = nightly_samples
    [(producer, count)] = _published(
        workspace, "select producer, count(*) from anomalies group by producer order by count(*) desc limit 1"
    )
    monkeypatch.setattr(anomaly_exports, "HTML_ROW_LIMIT", 2)
    with duckdb.connect(str(workspace.publication), read_only=True) as con:
        export_by_producer(con, tmp_path, NIGHTLY_AS_OF.isoformat())
    slug = producer_slug(producer)
    page = (tmp_path / f"{slug}.html").read_text(encoding="utf-8")
    ids = [
        r
        for (r,) in _published(workspace, "select anomaly_id from anomalies where producer = ? order by 1", [producer])
    ]
    assert [anomaly_id for anomaly_id in ids if anomaly_id in page] == ids[:2]
    assert f"Les 2 premières par identifiant ; la liste complète ({count} lignes) est dans" in page
    by_rule = _published(
        workspace,
        "select rule, count(*) filter (where status = 'open'), count(*) from anomalies where producer = ? "
        "group by rule order by count(*) desc, rule",
        [producer],
    )
    assert all(f"<tr><td>{rule}</td><td>{open_}</td><td>{total}</td></tr>" in page for rule, open_, total in by_rule)
    with (tmp_path / f"{slug}.csv").open(encoding="utf-8") as handle:
        assert sorted(r["Identifiant"] for r in csv.DictReader(handle, delimiter=";")) == ids


def test_quarantined_rows_have_a_table_per_source(nightly_samples):
    workspace, _ = nightly_samples
    assert _published(
        workspace,
        "select source_id, row_number, column_name, reason, raw_line from quarantine_kit_apprentissage_v1_0",
    ) == [
        (
            "kit_apprentissage_v1_0",
            243,
            None,
            "expected 5 fields, found 2",
            '40025216;"MAINTENANCE DES VÉHICULES ',
        )
    ]
    tables = {t for (t,) in _published(workspace, "select table_name from publication_info")}
    assert {t for t in tables if t.startswith("quarantine_")} == {"quarantine_kit_apprentissage_v1_0"}


def test_published_files_are_read_only(nightly_samples):
    workspace, _ = nightly_samples
    publication = workspace.data_dir / "publication"
    for path in [publication / "referentiels.duckdb", *(publication / "parquet").glob("*.parquet")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o444, path


HOLD_LOCK = """
import sys, time
from orchestration.run_lock import run_lock
from orchestration.settings import get_settings
with run_lock(get_settings(), holder="other-run"):
    print("locked", flush=True)
    time.sleep(float(sys.argv[1]))
"""


@pytest.fixture
def other_run(tmp_path):
    """A process that holds the run lock of the active workspace for a while."""
    processes = []

    def start(seconds: float) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(seconds)], cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True
        )
        assert process.stdout.readline().strip() == "locked"
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.kill()
        process.wait()


def test_a_second_run_fails_cleanly_and_touches_nothing(nightly_samples, tmp_path, monkeypatch, capsys, other_run):
    workspace = nightly_samples[0].copy(tmp_path / "copy")
    workspace.activate(monkeypatch)
    before = {path: _sha256(path) for path in (workspace.publication, workspace.warehouse)}
    holder = other_run(600)

    assert cli.run(NIGHTLY_AS_OF) == cli.EXIT_LOCKED
    out = capsys.readouterr().out
    assert "une autre exécution écrit déjà" in out and f'"pid": {holder.pid}' in out and "other-run" in out

    # A run started by Dagster itself (UI, schedule) takes the same lock through the job's resource.
    result = workspace.run_nightly(NIGHTLY_AS_OF)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_failure)
    assert "une autre exécution écrit déjà" in str(failure.event_specific_data.error)
    assert not any(e.is_step_success for e in result.all_events)
    assert {path: _sha256(path) for path in before} == before


def test_the_lock_waits_for_the_other_run_then_is_taken(tmp_path, monkeypatch, other_run):
    monkeypatch.setenv("REFERENTIELS_DATA_DIR", str(tmp_path))
    settings = get_settings()
    other_run(1.5)
    with pytest.raises(RunLockedError):
        with run_lock(settings, wait_seconds=0):
            pass
    started = time.monotonic()
    with run_lock(settings, wait_seconds=30):
        assert json.loads(lock_path(settings).read_text())["pid"] != 0
    assert time.monotonic() - started < 30


def _tables(database) -> dict[str, list[tuple]]:
    """Every published table's rows, but the two that name the run (publication_info, publication_log)."""
    with duckdb.connect(str(database), read_only=True) as con:
        names = [
            name
            for (name,) in con.execute("select table_name from publication_info").fetchall()
            if name not in ("publication_info", "publication_log")
        ]
        return {name: con.execute(f'select * from "{name}" order by all').fetchall() for name in names}  # noqa: S608


def test_a_run_killed_midway_leaves_the_publication_intact_and_the_rerun_matches(
    nightly_samples, tmp_path, monkeypatch
):
    original = nightly_samples[0]
    workspace = original.copy(tmp_path / "copy")
    before = _sha256(workspace.publication)
    env = {
        **os.environ,
        "REFERENTIELS_DATA_DIR": str(workspace.data_dir),
        "REFERENTIELS_SAMPLES_DIR": str(workspace.samples_dir),
        "REFERENTIELS_SOURCE_MODE": "sample",
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
    }
    (tmp_path / "dagster_home").mkdir()
    command = [sys.executable, "-m", "orchestration.cli", "run", "--as-of", NIGHTLY_AS_OF.isoformat()]
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # Killed (no chance to clean up) in the middle of the ingestion, once five sources are loaded again.
    loaded = 0
    for line in process.stdout:
        loaded += b'STEP_SUCCESS - Finished execution of step "raw__' in line
        if loaded == 5:
            process.kill()
            break
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert _sha256(workspace.publication) == before

    # The kernel released the run lock with the process: the re-run goes through. It loads every source again
    # and publishes; the loads must leave exactly the raw tables of an uninterrupted run (the marts, rebuilt
    # from them by dbt, are the copied ones: dbt is deterministic from the raw tables, and rebuilding them
    # would double the test's time).
    import dagster as dg

    from orchestration.definitions import defs

    workspace.activate(monkeypatch)
    selection = (dg.AssetSelection.key_prefixes("raw") | dg.AssetSelection.assets("publication")).resolve(
        defs.resolve_asset_graph()
    )
    assert workspace.run_nightly(NIGHTLY_AS_OF, asset_selection=list(selection)).success
    assert _schema_rows(workspace.warehouse, "raw") == _schema_rows(original.warehouse, "raw")
    assert _tables(workspace.publication) == _tables(original.publication)


def _schema_rows(database, schema: str) -> dict[str, list[tuple]]:
    with duckdb.connect(str(database), read_only=True) as con:
        names = [
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = ? order by 1", [schema]
            ).fetchall()
        ]
        # Names come from the catalogue, quoted; no value from source data.
        return {name: con.execute(f'select * from {schema}."{name}" order by all').fetchall() for name in names}  # noqa: S608
