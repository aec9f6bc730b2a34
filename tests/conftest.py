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

    def sample(self, relative: str) -> Path:
        return self.samples_dir / relative

    def query(self, sql: str, params=None, database: Path | None = None) -> list[tuple]:
        with duckdb.connect(str(database or self.warehouse), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def dbt_build(self, as_of: date, *selection: str) -> subprocess.CompletedProcess:
        args = [DBT, "build", "--profiles-dir", ".", "--vars", f'{{"as_of": "{as_of.isoformat()}"}}']
        if selection:
            args += ["--select", *selection]
        env = {**os.environ, "REFERENTIELS_DATA_DIR": str(self.data_dir)}
        return subprocess.run(args, cwd=DBT_DIR, env=env, capture_output=True, text=True)

    def run_nightly(self, as_of: date):
        import dagster as dg

        from orchestration.definitions import defs

        return defs.get_job_def("nightly").execute_in_process(
            partition_key=as_of.isoformat(), instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
        )


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Workspace:
    samples = tmp_path / "samples"
    shutil.copytree(SAMPLES_DIR, samples)
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("REFERENTIELS_DATA_DIR", str(data))
    monkeypatch.setenv("REFERENTIELS_SAMPLES_DIR", str(samples))
    monkeypatch.setenv("REFERENTIELS_SOURCE_MODE", "sample")
    return Workspace(data, samples)


from tests.http_server import server, sleeps  # noqa: E402, F401 — fixtures shared by connector tests
