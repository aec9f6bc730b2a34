"""`referentiels` command line: run the nightly job for a day, regenerate the README's source list."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from orchestration.alerts import notify_failure
from orchestration.cartography_report import REPORT_NAME
from orchestration.run_lock import RunLockedError, run_lock
from orchestration.settings import PROJECT_DIR, get_settings, today_in_paris

EXIT_LOCKED = 75  # EX_TEMPFAIL: another run holds the lock, try again later


def run(as_of: date, full_refresh: bool = False) -> int:
    """Run the nightly job in this process, recorded in the Dagster instance of DAGSTER_HOME; `full_refresh`
    rebuilds the dbt models from every load kept in the warehouse instead of the day's load only."""
    import dagster as dg
    import duckdb

    from orchestration.assets.dbt import full_refresh_run_config
    from orchestration.definitions import defs

    settings = get_settings()
    try:
        with run_lock(settings, holder=f"referentiels run --as-of {as_of}"), dg.DagsterInstance.get() as instance:
            result = defs.get_job_def("nightly").execute_in_process(
                partition_key=as_of.isoformat(),
                instance=instance,
                raise_on_error=False,
                run_config=full_refresh_run_config() if full_refresh else None,
            )
    except RunLockedError as error:
        print(f"Exécution refusée (as_of {as_of}) : {error}")
        return EXIT_LOCKED
    if not result.success:
        failed_steps = sorted({e.step_key for e in result.all_events if e.is_step_failure})
        failure = result.get_run_failure_event()
        notify_failure(result.run_id, "nightly", failure.message or "", failed_steps, as_of=as_of.isoformat())
        failed_checks = sorted(
            f"{c.asset_key.to_user_string()}:{c.check_name}"
            for c in result.get_asset_check_evaluations()
            if not c.passed and c.severity == dg.AssetCheckSeverity.ERROR
        )
        print(f"Échec de l'exécution {result.run_id} (as_of {as_of}), rien n'a été publié.")
        print(f"  étapes en échec : {', '.join(failed_steps)}")
        print(f"  contrôles bloquants en échec : {', '.join(failed_checks) or 'aucun'}")
        if settings.publication_path.exists():
            print(f"La publication précédente est intacte : {settings.publication_path}")
        return 1
    with duckdb.connect(str(settings.publication_path), read_only=True) as con:
        rows = con.execute("select table_name, row_count from publication_info order by table_name").fetchall()
    print(f"Publication (as_of {as_of}, exécution {result.run_id}) : {settings.publication_path}")
    print(f"Parquet : {settings.parquet_dir}")
    print(f"Changements : {settings.publication_dir / 'changes' / f'{as_of.isoformat()}.csv'}")
    print(f"Anomalies par producteur : {settings.publication_dir / 'anomalies'}")
    print(f"Rapport de la cartographie : {settings.publication_dir / 'rapport' / REPORT_NAME}")
    for table, count in rows:
        print(f"  {table:<34} {count:>8} lignes")
    return 0


def lookup(uai: str | None, siret: str | None, as_of: date) -> int:
    """Answer "which SIRET for this UAI (or UAI for this SIRET) on this day", with the evidence."""
    import duckdb

    publication = get_settings().publication_path
    if not publication.exists():
        print(f"Aucune publication à {publication} : lancez d'abord `make run`.")
        return 1
    with duckdb.connect(str(publication), read_only=True) as con:
        if uai:
            rows = con.execute("select * from siret_of_uai(?, ?)", [uai.strip().upper(), as_of]).fetchall()
        else:
            rows = con.execute("select * from uai_of_siret(?, ?)", [siret.strip(), as_of]).fetchall()
        columns = [c[0] for c in con.description]
    subject = f"UAI {uai}" if uai else f"SIRET {siret}"
    if not rows:
        print(f"{subject} : aucun lien valide le {as_of}.")
        return 1
    print(f"{subject}, liens valides le {as_of} (du plus sûr au moins sûr) :")
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        print(
            f"  {record['uai']} ↔ {record['siret']}  confiance {record['confidence']}, règle {record['rule']}, "
            f"sources {record['sources']}, validité {record['valid_from'] or '?'} → {record['valid_to'] or '…'}"
            + (
                f", décision {record['reviewed_decision']} par {record['reviewed_by']} "
                f"({record['reviewed_organisation']})"
                if record["reviewed_decision"]
                else ""
            )
            + (f", reporté depuis {record['inferred_from_siret']}" if record["inferred_from_siret"] else "")
        )
    return 0


def certification(cfd: str | None, rncp: str | None, as_of: date) -> int:
    """Answer "which RNCP for this CFD (or CFD for this RNCP) on this day", and the current CFD of an old one."""
    import duckdb

    publication = get_settings().publication_path
    if not publication.exists():
        print(f"Aucune publication à {publication} : lancez d'abord `make run`.")
        return 1
    with duckdb.connect(str(publication), read_only=True) as con:
        if cfd:
            cfd = cfd.strip().upper()
            for _, current, resolution, is_active, label in con.execute(
                "select * from current_cfd(?)", [cfd]
            ).fetchall():
                state = "ouvert" if is_active else "fermé"
                print(f"CFD {cfd} ({label}, {state}) : CFD courant {current or '—'} (filiation : {resolution})")
            rows = con.execute("select * from rncp_of_cfd(?, ?)", [cfd, as_of]).fetchall()
        else:
            rows = con.execute("select * from cfd_of_rncp(?, ?)", [rncp.strip().upper(), as_of]).fetchall()
    if not rows:
        print(f"{'CFD ' + cfd if cfd else 'RNCP ' + rncp} : aucun lien affirmé valide le {as_of}.")
        return 1
    for row_cfd, row_rncp, confidence, sources, valid_from, valid_to, first_kit, last_kit, _ in rows:
        kit = f", Kit {first_kit} → {last_kit}" if first_kit else ""
        print(
            f"  {row_cfd} ↔ {row_rncp}  confiance {confidence}, sources {sources}, "
            f"validité {valid_from or '?'} → {valid_to or '…'}{kit}"
        )
    return 0


def write_readme_sources(readme: Path) -> None:
    from orchestration.registry import render_readme

    readme.write_text(render_readme(readme.read_text()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="referentiels", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="exécute le job nocturne pour une date as_of")
    run_parser.add_argument(
        "--as-of", type=date.fromisoformat, default=None, help="AAAA-MM-JJ (défaut : aujourd'hui, Paris)"
    )
    run_parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="reconstruit les modèles dbt depuis tous les chargements (après un changement de colonnes d'un modèle)",
    )
    lookup_parser = commands.add_parser("lookup", help="liens UAI↔SIRET valides à une date, avec leurs preuves")
    target = lookup_parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--uai")
    target.add_argument("--siret")
    lookup_parser.add_argument(
        "--date", type=date.fromisoformat, default=None, help="AAAA-MM-JJ (défaut : aujourd'hui)"
    )
    certification_parser = commands.add_parser(
        "certification", help="RNCP d'un CFD (ou CFD d'un RNCP) à une date, et CFD courant par filiation"
    )
    code = certification_parser.add_mutually_exclusive_group(required=True)
    code.add_argument("--cfd")
    code.add_argument("--rncp")
    certification_parser.add_argument("--date", type=date.fromisoformat, default=None, help="AAAA-MM-JJ")
    commands.add_parser("readme-sources", help="régénère la liste des sources du README depuis le registre")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(args.as_of or today_in_paris(), full_refresh=args.full_refresh)
    if args.command == "lookup":
        return lookup(args.uai, args.siret, args.date or today_in_paris())
    if args.command == "certification":
        return certification(args.cfd, args.rncp, args.date or today_in_paris())
    write_readme_sources(PROJECT_DIR / "README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
