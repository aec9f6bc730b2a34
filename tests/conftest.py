"""Shared fixtures: an isolated workspace per test (data and samples in tmp), dbt and Dagster runners."""

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


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest(tmp_path_factory):
    """A fresh manifest: the Dagster code location reads it, and a stale one hides new tests."""
    env = {**os.environ, "REFERENTIELS_DATA_DIR": str(tmp_path_factory.mktemp("parse"))}
    subprocess.run([DBT, "parse", "--quiet", "--profiles-dir", "."], cwd=DBT_DIR, env=env, check=True)


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

    def dbt_build(self, as_of: date, *selection: str, command: str = "build") -> subprocess.CompletedProcess:
        """dbt for this workspace; `command="run"` skips the dbt tests when a test only needs the tables."""
        args = [DBT, command, "--profiles-dir", ".", "--vars", f'{{"as_of": "{as_of.isoformat()}"}}']
        if selection:
            args += ["--select", *selection]
        env = {**os.environ, "REFERENTIELS_DATA_DIR": str(self.data_dir)}
        return subprocess.run(args, cwd=DBT_DIR, env=env, capture_output=True, text=True)

    def run_nightly(self, as_of: date, instance=None, asset_selection=None):
        import dagster as dg

        from orchestration.definitions import defs

        return defs.get_job_def("nightly").execute_in_process(
            partition_key=as_of.isoformat(),
            instance=instance or dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
            asset_selection=asset_selection,
        )


NIGHTLY_AS_OF = date(2026, 11, 2)


@pytest.fixture(scope="session")
def nightly_samples(tmp_path_factory):
    """One nightly run on the untouched real samples, shared read-only by the tests of real outcomes.

    The run is recorded in a Dagster instance stored in PostgreSQL, as in production, when a server is reachable
    (`make test` starts one; tests/test_postgres_instance.py then reads the records back), in an ephemeral
    instance otherwise. Tests that edit inputs or run further days work on their own workspace (or on a
    `copy()` of this one). Returns the workspace and the Dagster run result.
    """
    import dagster as dg

    from tests.postgres import POSTGRES_CONFIG, pg_reachable, pg_settings

    root = tmp_path_factory.mktemp("nightly")
    shutil.copytree(SAMPLES_DIR, root / "samples")
    (root / "data").mkdir()
    workspace = Workspace(root / "data", root / "samples")
    with pytest.MonkeyPatch.context() as patch:
        workspace.activate(patch)
        if pg_reachable():
            home = root / "dagster_home"
            home.mkdir()
            shutil.copy(POSTGRES_CONFIG, home / "dagster.yaml")
            for name, value in pg_settings().items():
                patch.setenv(name, value)
            with dg.DagsterInstance.from_config(str(home)) as instance:
                result = workspace.run_nightly(NIGHTLY_AS_OF, instance=instance)
        else:
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
