"""Benchmarks of the nightly at a given scale (figures printed, not tests).

    python -m benchmarks.bench full --scale 0.01            # full nightly on day 1, time / floor / memory / split
    python -m benchmarks.bench incremental --scale 0.01     # day 1 then day 2 (1 % of rows changed)
    python -m benchmarks.bench scd2 --scale 0.01 --days 30  # K successive days, history row counts
    python -m benchmarks.bench floor --scale 0.01           # DuckDB alone reading every input file once
    python -m benchmarks.bench stack --scale 1              # the pipeline on the shipped samples, against that floor

`--sirene-scope carried` filters SIRENE to the SIRENs the other sources carry, as production (remote mode)
does; the default `all` lets the whole stock in, an upper bound. `--instance postgres` stores the Dagster
instance in the local PostgreSQL (scripts/start_postgres.sh, database `dagster_bench`), as production does; the
default is SQLite, as `make run`. Each scope and instance has its own data directory.

Each pipeline run is `referentiels run --as-of D` in a subprocess with its own REFERENTIELS_SAMPLES_DIR,
REFERENTIELS_DATA_DIR and DAGSTER_HOME under benchmarks/.data/scale-<s>/ (`stack`: .data/stack/<instance>/); a
fresh run with `--instance postgres` recreates the shared `dagster_bench` database. Peak memory is the subprocess
tree's largest resident set (os.wait4).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from benchmarks.generate import PROJECT_DIR, Options, default_out, generate

BIN = PROJECT_DIR / ".venv" / "bin"
DBT_TARGET = PROJECT_DIR / "dbt_project" / "target"
FIRST_DAY = date(2025, 3, 3)
HISTORY_TABLES = ("uai_records_history", "corr_uai_siret")
PG_BENCH_DB = "dagster_bench"


def scale_dir(scale: float) -> Path:
    return PROJECT_DIR / "benchmarks" / ".data" / f"scale-{scale:g}"


def run_dir(scale: float, sirene_scope: str, instance: str = "sqlite") -> Path:
    """Warehouse, landing store and Dagster instance of the runs at that scale, SIRENE scope and instance."""
    name = "run" if sirene_scope == "all" else f"run-{sirene_scope}"
    return scale_dir(scale) / (name if instance == "sqlite" else f"{name}-{instance}")


def instance_env(instance: str, dagster_home: Path, fresh: bool) -> dict[str, str]:
    """Install the instance's dagster.yaml; for PostgreSQL, start the local server with the benchmarks' own
    database, recreated on a fresh run. Returns the variables the run needs."""
    shutil.copyfile(PROJECT_DIR / "deploy" / f"dagster.{instance}.yaml", dagster_home / "dagster.yaml")
    if instance == "sqlite":
        return {}
    from tests.postgres import pg_connect, pg_settings

    settings = pg_settings() | {"DAGSTER_PG_DB": PG_BENCH_DB}
    start = PROJECT_DIR / "scripts" / "start_postgres.sh"  # the server, the role (createdb) and the database
    subprocess.run([str(start)], env=os.environ | settings, check=True, stdout=subprocess.DEVNULL)
    if fresh:
        con = pg_connect(settings | {"DAGSTER_PG_DB": "postgres"})
        con.autocommit = True  # DROP / CREATE DATABASE cannot run in a transaction
        with con.cursor() as cur:
            cur.execute(f"drop database {PG_BENCH_DB}")
            cur.execute(f"create database {PG_BENCH_DB}")
        con.close()
    return settings


def samples_for(scale: float, day: int, seed: int, share: float) -> Path:
    """The generated samples of that day, generated once (same arguments → same bytes)."""
    out = default_out(scale, day)
    stamp = out / ".generated.json"
    wanted = {"scale": scale, "day": day, "seed": seed, "changed_share": share}
    if not (stamp.exists() and json.loads(stamp.read_text()) == wanted):
        started = time.perf_counter()
        generate(out, Options(scale, seed, day, share), log=lambda _: None)
        stamp.write_text(json.dumps(wanted))
        print(f"  génération jour {day} : {time.perf_counter() - started:.1f} s")
    return out


@dataclass
class RunResult:
    as_of: date
    wall: float
    peak_rss_mib: float
    returncode: int
    steps: dict[str, float]
    dbt_models: dict[str, float]
    output: str

    @property
    def ingestion(self) -> float:
        return sum(v for k, v in self.steps.items() if k.startswith("raw__"))

    @property
    def dbt_step(self) -> float:
        return sum(v for k, v in self.steps.items() if "dbt" in k)

    @property
    def sql(self) -> float:
        return sum(v for k, v in self.dbt_models.items() if k.startswith("model."))

    @property
    def history_sql(self) -> float:
        """SQL of the SCD2 histories (models/intermediate/history): what must not grow with the nights."""
        return sum(v for k, v in self.dbt_models.items() if k.startswith("model.") and k.endswith("_historised"))

    @property
    def tests(self) -> float:
        return sum(v for k, v in self.dbt_models.items() if not k.startswith("model."))

    def summary(self) -> str:
        other_steps = sum(self.steps.values()) - self.ingestion - self.dbt_step
        orchestration = self.wall - sum(self.steps.values())
        return (
            f"as_of {self.as_of} : {self.wall:7.1f} s mur, pic mémoire {self.peak_rss_mib:7.0f} Mio, "
            f"code {self.returncode}\n"
            f"    ingestion (Python + chargement DuckDB) {self.ingestion:7.1f} s\n"
            f"    dbt build {self.dbt_step:7.1f} s dont SQL des modèles {self.sql:7.1f} s "
            f"tests {self.tests:7.1f} s, surcoût dbt (parse, compile, adaptateur) "
            f"{self.dbt_step - self.sql - self.tests:7.1f} s\n"
            f"    autres pas (publication, contrôles GX…) {other_steps:7.1f} s\n"
            f"    orchestration hors pas (démarrage, chargement des définitions Dagster, événements) "
            f"{orchestration:7.1f} s"
        )


def run_nightly(
    base: Path, samples: Path, as_of: date, sirene_scope: str, fresh: bool = False, instance: str = "sqlite"
) -> RunResult:
    """`referentiels run --as-of` on those samples, with its data directory and Dagster instance under `base`."""
    data_dir, dagster_home = base / "data", base / "dagster_home"
    if fresh:
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(dagster_home, ignore_errors=True)
    dagster_home.mkdir(parents=True, exist_ok=True)
    instance_vars = instance_env(instance, dagster_home, fresh)
    env = (
        os.environ
        | instance_vars
        | {
            "REFERENTIELS_SAMPLES_DIR": str(samples),
            "REFERENTIELS_DATA_DIR": str(data_dir),
            "REFERENTIELS_SOURCE_MODE": "sample",
            "REFERENTIELS_SIRENE_SCOPE": sirene_scope,
            "DAGSTER_HOME": str(dagster_home),
            "GX_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
        }
    )
    started_at = time.time()
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "referentiels"), "run", "--as-of", as_of.isoformat()],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return RunResult(
        as_of,
        wall,
        usage.ru_maxrss / 1024,
        process.returncode,
        _step_durations(dagster_home, instance_vars),
        _dbt_model_times(started_at, as_of),
        output,
    )


def _step_durations(dagster_home: Path, instance_vars: dict[str, str]) -> dict[str, float]:
    """Per-step durations of the latest run of that Dagster instance."""
    code = (
        "import json, dagster as dg\n"
        "with dg.DagsterInstance.get() as i:\n"
        "    run = i.get_runs(limit=1)[0]\n"
        "    print(json.dumps({s.step_key: (s.end_time or 0) - (s.start_time or 0)"
        " for s in i.get_run_step_stats(run.run_id)}))\n"
    )
    result = subprocess.run(
        [str(BIN / "python"), "-c", code],
        env=os.environ | instance_vars | {"DAGSTER_HOME": str(dagster_home)},
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(result.stdout.strip().splitlines()[-1]) if result.returncode == 0 else {}


def _dbt_model_times(since: float, as_of: date) -> dict[str, float]:
    """Execution time of each dbt node, from the run_results.json that run wrote (dagster-dbt target dir)."""
    for path in sorted(DBT_TARGET.rglob("run_results.json"), key=lambda p: p.stat().st_mtime, reverse=True):
        if path.stat().st_mtime < since:
            break
        results = json.loads(path.read_text())
        if as_of.isoformat() not in json.dumps(results.get("args", {}).get("vars", {})):
            continue
        return {r["unique_id"]: r["execution_time"] for r in results["results"]}
    return {}


def history_counts(base: Path) -> dict[str, int]:
    import duckdb

    publication = base / "data" / "publication" / "referentiels.duckdb"
    if not publication.exists():
        return {}
    with duckdb.connect(str(publication), read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        return {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in HISTORY_TABLES if t in tables}  # noqa: S608


def floor_seconds(samples: Path) -> tuple[float, list[tuple[str, int, float]]]:
    """DuckDB alone: read_csv / read_json of every file a source reads, count(*), once (the XLSX and XML files,
    kept as shipped and tiny, are left out: DuckDB needs an extension for them)."""
    import duckdb

    sys.path.insert(0, str(PROJECT_DIR))
    from orchestration.registry import SOURCES

    con = duckdb.connect()
    rows = []
    total = 0.0
    for rel in sorted({s.sample for s in SOURCES.values() if s.sample}):
        path = samples / rel
        source = next(s for s in SOURCES.values() if s.sample == rel)
        if path.suffix in (".xlsx", ".xml"):
            continue  # kept as shipped, tiny; DuckDB needs an extension for them
        if path.suffix == ".json":
            query = "select count(*) from read_json(?, maximum_object_size = 1000000000, format = 'auto')"
            params = [str(path)]
        else:
            raw = path.open("rb").read(1 << 16)
            try:
                raw.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = "latin-1"
            first = raw.split(b"\n", 1)[0].decode(encoding, errors="replace")
            delim = source.separator if source.separator and source.separator in first else "\t"
            query = (
                "select count(*) from read_csv(?, delim = ?, header = true, all_varchar = true, encoding = ?, "
                "quote = ?, strict_mode = false, null_padding = true, ignore_errors = true)"
            )
            params = [str(path), delim, encoding, '"' if source.quoting else ""]
        started = time.perf_counter()
        try:
            count = con.execute(query, params).fetchone()[0]
        except duckdb.InvalidInputException:  # DuckDB's latin-1 decoder rejects some bytes: read as UTF-8
            count = con.execute(query, [*params[:2], "utf-8", *params[3:]]).fetchone()[0]
        elapsed = time.perf_counter() - started
        total += elapsed
        rows.append((rel, count, elapsed))
    return total, rows


# --- subcommands -----------------------------------------------------------------------------------------------


def cmd_floor(args) -> float:
    samples = samples_for(args.scale, 1, args.seed, args.changed_share)
    total, rows = floor_seconds(samples)
    for rel, count, elapsed in rows:
        print(f"  {rel:<95} {count:>10} lignes {elapsed:7.2f} s")
    print(f"Plancher DuckDB (lecture unique de chaque fichier) : {total:.1f} s")
    return total


def cmd_full(args) -> None:
    samples = samples_for(args.scale, 1, args.seed, args.changed_share)
    base = run_dir(args.scale, args.sirene_scope, args.instance)
    result = run_nightly(base, samples, FIRST_DAY, args.sirene_scope, fresh=True, instance=args.instance)
    print(result.summary())
    if result.returncode:
        print(result.output[-4000:])
    floor, _ = floor_seconds(samples)
    print(f"Plancher DuckDB {floor:.1f} s ; exécution / plancher = {result.wall / floor:.0f}×")
    print(f"Tables d'historique : {history_counts(base)}")


def cmd_incremental(args) -> None:
    day1 = samples_for(args.scale, 1, args.seed, args.changed_share)
    day2 = samples_for(args.scale, 2, args.seed, args.changed_share)
    base = run_dir(args.scale, args.sirene_scope, args.instance)
    first = run_nightly(base, day1, FIRST_DAY, args.sirene_scope, fresh=True, instance=args.instance)
    print("Jour 1 (complet)\n  " + first.summary())
    second = run_nightly(base, day2, FIRST_DAY + timedelta(days=1), args.sirene_scope, instance=args.instance)
    print(f"Jour 2 ({args.changed_share:.0%} des lignes changées)\n  " + second.summary())
    print(f"Incrémental / complet = {second.wall / first.wall:.2f}")


def cmd_stack(args) -> int:
    """What the pipeline costs on the real samples shipped in the repo (a handful to a few thousand rows per file:
    next to no volume), against the raw-read floor of the generated files at `--scale` (generated first if
    missing: ~8 GB and several minutes at scale 1). Two nights, the second on the same files the next day (the
    incremental path). A night at that scale reads its files at least once, so it costs at least
    (stack / floor + 1) floors, whatever the volume-dependent work is made to cost."""
    floor, _ = floor_seconds(samples_for(args.scale, 1, args.seed, args.changed_share))
    print(f"Plancher DuckDB à l'échelle {args.scale:g} (lecture unique de chaque fichier) : {floor:.1f} s")
    base = PROJECT_DIR / "benchmarks" / ".data" / "stack" / args.instance
    shipped = PROJECT_DIR / "data" / "samples"
    for day in (1, 2):
        as_of = FIRST_DAY + timedelta(days=day - 1)
        result = run_nightly(base, shipped, as_of, args.sirene_scope, fresh=day == 1, instance=args.instance)
        print(f"Nuit {day} sur les échantillons du dépôt\n  " + result.summary())
        steps = sorted(result.steps.items(), key=lambda item: -item[1])
        print("    pas les plus longs : " + ", ".join(f"{k} {v:.1f} s" for k, v in steps[:6]))
        if result.returncode:
            print(result.output[-4000:])
            return 1
        ratio = result.wall / floor
        print(
            f"    pile / plancher : {ratio:.1f}× ; une nuit à cette échelle coûte au moins {ratio + 1:.1f}× le plancher"
        )
    return 0


def cmd_scd2(args) -> None:
    print("jour  as_of        mur (s)  SQL dbt (s)  SQL historiques (s)  pic (Mio)  " + "  ".join(HISTORY_TABLES))
    base = run_dir(args.scale, args.sirene_scope, args.instance)
    for day in range(1, args.days + 1):
        samples = samples_for(args.scale, day, args.seed, args.changed_share)
        as_of = FIRST_DAY + timedelta(days=day - 1)
        result = run_nightly(base, samples, as_of, args.sirene_scope, fresh=day == 1, instance=args.instance)
        counts = history_counts(base)
        print(
            f"{day:>4}  {result.as_of}  {result.wall:8.1f}  {result.sql:11.1f}  {result.history_sql:19.1f}  "
            f"{result.peak_rss_mib:9.0f}  " + "  ".join(f"{counts.get(t, '-'):>{len(t)}}" for t in HISTORY_TABLES),
            flush=True,
        )
        if result.returncode:
            print(result.output[-4000:])
            break
        if not args.keep_days and day > 2:
            shutil.rmtree(default_out(args.scale, day - 1), ignore_errors=True)


def parse_project() -> None:
    """A manifest of the project as it is now, as `make run` does: the Dagster definitions are built from it."""
    subprocess.run([str(BIN / "dbt"), "parse", "--quiet", "--profiles-dir", "."], cwd=DBT_TARGET.parent, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, handler in (
        ("full", cmd_full),
        ("incremental", cmd_incremental),
        ("scd2", cmd_scd2),
        ("floor", cmd_floor),
        ("stack", cmd_stack),
    ):
        sub = commands.add_parser(name)
        sub.add_argument("--scale", type=float, default=1.0 if name == "stack" else 0.01)
        sub.add_argument("--seed", type=int, default=1)
        sub.add_argument("--changed-share", type=float, default=0.01)
        sub.add_argument("--sirene-scope", choices=("all", "carried"), default="all")
        sub.add_argument("--instance", choices=("sqlite", "postgres"), default="sqlite")
        sub.set_defaults(handler=handler)
        if name == "scd2":
            sub.add_argument("--days", type=int, default=30)
            sub.add_argument("--keep-days", action="store_true", help="garder les fichiers générés de chaque jour")
    args = parser.parse_args(argv)
    if args.command != "floor":
        parse_project()
    return args.handler(args) or 0


if __name__ == "__main__":
    sys.exit(main())
