"""Paths and run settings, in one place.

Every location can be moved with an environment variable so that tests (and deployments) run against their
own directories without touching the project's `data/` folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_DIR = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_DIR / "dbt_project"
TIMEZONE = ZoneInfo("Europe/Paris")
PARTITIONS_START = "2024-01-01"

# The dbt profile reads this variable too: one setting locates the warehouse for Dagster and dbt alike.
os.environ.setdefault("REFERENTIELS_DATA_DIR", str(PROJECT_DIR / "data"))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    samples_dir: Path
    corrections_dir: Path  # reviewed decisions of territorial referents, versioned with the code
    source_mode: str  # "sample": shipped files, offline; "remote": official URLs
    sirene_scope: str  # "carried": SIRENE keeps only the SIRENs other sources carry; "all": every row

    @property
    def raw_dir(self) -> Path:
        """Immutable landing store: data/raw/<source>/<as_of>/<original file>."""
        return self.data_dir / "raw"

    @property
    def warehouse_path(self) -> Path:
        """Working DuckDB file, written by the pipeline only (one writer)."""
        return self.data_dir / "warehouse.duckdb"

    @property
    def publication_dir(self) -> Path:
        return self.data_dir / "publication"

    @property
    def publication_path(self) -> Path:
        """Validated marts that users open read-only."""
        return self.publication_dir / "referentiels.duckdb"

    @property
    def parquet_dir(self) -> Path:
        return self.publication_dir / "parquet"


def get_settings() -> Settings:
    """Read the settings from the environment each time, so tests can redirect them per test."""
    mode = os.environ.get("REFERENTIELS_SOURCE_MODE", "sample")
    if mode not in ("sample", "remote"):
        raise ValueError(f"REFERENTIELS_SOURCE_MODE must be 'sample' or 'remote', not {mode!r}")
    # The national SIRENE files are filtered by default; the shipped samples are extracts already. The
    # benchmarks set "carried" on generated national files to measure the night as production runs it.
    scope = os.environ.get("REFERENTIELS_SIRENE_SCOPE", "carried" if mode == "remote" else "all")
    if scope not in ("carried", "all"):
        raise ValueError(f"REFERENTIELS_SIRENE_SCOPE must be 'carried' or 'all', not {scope!r}")
    return Settings(
        data_dir=Path(os.environ.get("REFERENTIELS_DATA_DIR", PROJECT_DIR / "data")),
        samples_dir=Path(os.environ.get("REFERENTIELS_SAMPLES_DIR", PROJECT_DIR / "data" / "samples")),
        corrections_dir=Path(os.environ.get("REFERENTIELS_CORRECTIONS_DIR", PROJECT_DIR / "corrections")),
        source_mode=mode,
        sirene_scope=scope,
    )


def duckdb_memory_limit() -> str:
    """Memory DuckDB may use in the loads, the dbt build (profiles.yml reads the same variable) and the
    publication; beyond it DuckDB spills to disk."""
    return os.environ.get("REFERENTIELS_DUCKDB_MEMORY_LIMIT", "4GB")


def native_csv_min_bytes() -> int:
    """CSV files from this size on try DuckDB's native read (orchestration/ingest/native_csv.py): the shipped
    samples, all smaller, keep the Python reader that every test pins; national files take the fast one."""
    return int(os.environ.get("REFERENTIELS_NATIVE_CSV_MIN_BYTES", 32 * 1024**2))


def today_in_paris() -> date:
    """Default as_of: the calendar day in Europe/Paris, whatever the machine's time zone."""
    return datetime.now(TIMEZONE).date()
