"""Shared fixtures: an isolated workspace per test (data and samples in tmp), dbt and Dagster runners."""

import fcntl
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLES_DIR = PROJECT_DIR / "data" / "samples"
DBT_DIR = PROJECT_DIR / "dbt_project"
DBT = str(Path(sys.executable).parent / "dbt")
PARSE_STATE = "partial_parse.msgpack"
PARSE_STATES = DBT_DIR / "target" / "parse-states"


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest(tmp_path_factory, testrun_uid):
    """A fresh manifest: the Dagster code location reads it, and a stale one hides new tests.

    The suite runs on two pytest-xdist workers: the first one parses, under a lock, and leaves a marker for this
    test run so that the other reads the same manifest instead of rewriting it under its feet. Its parse state
    starts this run's store of parse states (see `run_dbt`).
    """
    target = DBT_DIR / "target"
    target.mkdir(exist_ok=True)
    marker = target / f".parsed-{testrun_uid}"
    with (target / ".parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.exists():
            for stale in target.glob(".parsed-*"):
                stale.unlink()
            shutil.rmtree(PARSE_STATES, ignore_errors=True)
            parsed = run_dbt(["parse", "--quiet"], tmp_path_factory.mktemp("parse"), target=target)
            assert parsed.returncode == 0, parsed.stdout[-3000:]
            marker.touch()


def _parse_state_of(as_of: date | None) -> Path:
    return PARSE_STATES / f"{as_of or 'no-vars'}.msgpack"


def _keep_parse_state(state: Path, as_of: date | None) -> None:
    """Store a dbt parse state for its vars, once (written aside then renamed: the other worker may read it)."""
    kept = _parse_state_of(as_of)
    if state.exists() and not kept.exists():
        PARSE_STATES.mkdir(parents=True, exist_ok=True)
        aside = kept.with_suffix(f".{os.getpid()}")
        shutil.copy(state, aside)
        os.replace(aside, kept)


def run_dbt(
    args: list[str], data_dir: Path, as_of: date | None = None, target: Path | None = None
) -> subprocess.CompletedProcess:
    """dbt on the warehouse of `data_dir`, in its own target directory unless told (tests run in parallel and must
    not rewrite the shared manifest), starting from the parse state a previous invocation with the same `as_of`
    left: dbt re-parses the whole project (~10 s) when its CLI vars or its connection settings differ from those
    of the state it finds, and the tests use a few days over and over. So dbt runs in `data_dir` with the data
    directory `.`: the warehouse path reads the same in every workspace. dbt still re-parses any file changed
    since (partial parsing)."""
    target = target or data_dir / "dbt_target"
    target.mkdir(parents=True, exist_ok=True)
    state, kept = target / PARSE_STATE, _parse_state_of(as_of)
    if kept.exists():
        shutil.copy(kept, state)
    dbt_vars = ["--vars", json.dumps({"as_of": as_of.isoformat()})] if as_of else []
    env = {**os.environ, "REFERENTIELS_DATA_DIR": "."}
    result = subprocess.run(
        [DBT, *args, "--project-dir", DBT_DIR, "--profiles-dir", DBT_DIR, "--target-path", target, *dbt_vars],
        cwd=data_dir,
        env=env,
        capture_output=True,
        text=True,
    )
    _keep_parse_state(state, as_of)
    return result


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Tests of the session's nightly run share one xdist worker, so the nightly runs once per test run.

    First: on a worker, xdist's own hook (registered after this conftest, so called before it) turns the
    `xdist_group` marks into node ids that its scheduler groups; a mark added later would be ignored."""
    for item in items:
        if "nightly_samples" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("nightly"))


@dataclass
class Workspace:
    data_dir: Path
    samples_dir: Path

    @property
    def warehouse(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def publication(self) -> Path:
        return self.data_dir / "publication" / "referentiels.duckdb"

    def activate(self, patch: pytest.MonkeyPatch) -> None:
        """Point the settings (environment) at this workspace."""
        patch.setenv("REFERENTIELS_DATA_DIR", str(self.data_dir))
        patch.setenv("REFERENTIELS_SAMPLES_DIR", str(self.samples_dir))
        patch.setenv("REFERENTIELS_SOURCE_MODE", "sample")

    def copy(self, target: Path) -> "Workspace":
        """An independent copy (samples, landing store, warehouse, publication) to run further days on."""
        shutil.copytree(self.data_dir.parent, target)
        return Workspace(target / self.data_dir.name, target / self.samples_dir.name)

    def sample(self, relative: str) -> Path:
        return self.samples_dir / relative

    def query(self, sql: str, params=None, database: Path | None = None) -> list[tuple]:
        with duckdb.connect(str(database or self.warehouse), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def dbt_build(
        self, as_of: date, *selection: str, command: str = "build", exclude: tuple[str, ...] = ()
    ) -> subprocess.CompletedProcess:
        """dbt for this workspace; `command="run"` skips the dbt tests when a test only needs the tables."""
        args = [
            command,
            *(["--select", *selection] if selection else []),
            *(["--exclude", *exclude] if exclude else []),
        ]
        return run_dbt(args, self.data_dir, as_of)

    def load(self, as_of: date, *selection: str) -> None:
        """Load, for `as_of`, the sources the selected dbt models read (`+model` selectors), as the nightly would."""
        from orchestration.assets.ingestion import source_registry
        from orchestration.ingest.loader import load_source
        from orchestration.registry import SOURCES
        from orchestration.settings import get_settings

        for source_id in upstream_sources(*selection):
            if source_id == "source_registry":
                source_registry()
            elif source_id in SOURCES:  # the others (raw._loads) are the loads' own bookkeeping
                load_source(SOURCES[source_id], as_of, get_settings())

    def run_nightly(self, as_of: date, instance=None, asset_selection=None):
        import dagster as dg

        from orchestration.definitions import defs

        return defs.get_job_def("nightly").execute_in_process(
            partition_key=as_of.isoformat(),
            instance=instance or dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
            asset_selection=asset_selection,
        )


def upstream_sources(*selection: str) -> list[str]:
    """The raw tables the selected dbt models read, walking the manifest's lineage: a scenario test loads only
    these (a missing one makes its dbt build fail, so the list cannot silently fall short)."""
    manifest = json.loads((DBT_DIR / "target" / "manifest.json").read_text())
    models = {node["name"]: uid for uid, node in manifest["nodes"].items() if node["resource_type"] == "model"}
    assert all(s.startswith("+") for s in selection), selection
    pending = [models[s.lstrip("+")] for s in selection]
    seen, sources = set(), set()
    while pending:
        uid = pending.pop()
        if uid in seen:
            continue
        seen.add(uid)
        for parent in manifest["parent_map"][uid]:
            if parent.startswith("source."):
                sources.add(manifest["sources"][parent]["name"])
            else:
                pending.append(parent)
    return sorted(sources)


NIGHTLY_AS_OF = date(2026, 11, 2)


@pytest.fixture(scope="session")
def nightly_samples(tmp_path_factory):
    """One nightly run on the untouched real samples, shared read-only by the tests of real outcomes.

    Tests that edit inputs or run further days work on their own workspace (or on a `copy()` of this one).
    Returns the workspace and the Dagster run result.
    """
    root = tmp_path_factory.mktemp("nightly")
    shutil.copytree(SAMPLES_DIR, root / "samples")
    (root / "data").mkdir()
    workspace = Workspace(root / "data", root / "samples")
    with pytest.MonkeyPatch.context() as patch:
        workspace.activate(patch)
        result = workspace.run_nightly(NIGHTLY_AS_OF)
    return workspace, result


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Workspace:
    samples = tmp_path / "samples"
    shutil.copytree(SAMPLES_DIR, samples)
    data = tmp_path / "data"
    data.mkdir()
    workspace = Workspace(data, samples)
    workspace.activate(monkeypatch)
    return workspace


from tests.http_server import server, sleeps  # noqa: E402, F401 — fixtures shared by connector tests
