"""Operations: failure alerts posted to a chat webhook, and the freshness of every source.

Webhooks are served by the local HTTP server of tests/http_server.py; the update-age check reads a small DuckDB
file whose load log is created with the loader's own DDL.
"""

import json
import logging
import time
import warnings
from datetime import date, timedelta

import dagster as dg
import duckdb
import pytest

from orchestration import alerts
from orchestration.assets.ingestion import ingestion_assets
from orchestration.checks.freshness import NIGHTLY_DEADLINE, freshness_checks, update_age, with_nightly_deadline
from orchestration.ingest.loader import META_DDL
from orchestration.partitions import daily_partitions
from orchestration.registry import SOURCES
from tests.http_server import send

HOOK = "/hooks/referentiels"
D0 = date(2026, 11, 2)


@pytest.fixture
def webhook(server, monkeypatch) -> list[dict]:
    """The alert webhook on the local server, answering 200; returns the JSON bodies it received."""
    bodies: list[dict] = []

    def receive(handler, _n) -> None:
        bodies.append(json.loads(handler.rfile.read(int(handler.headers["Content-Length"]))))
        send(handler, 200, b"ok", content_type="text/plain")

    server.routes[HOOK] = receive
    monkeypatch.setenv(alerts.WEBHOOK_ENV, server.url(HOOK))
    return bodies


def test_notify_failure_logs_and_posts_the_alert(webhook, server, caplog):
    with caplog.at_level(logging.ERROR, logger=alerts.__name__):
        alerts.notify_failure("run-1", "nightly", "Steps failed: ['raw__acce_uai'].", ["raw__acce_uai"], "2026-11-02")
    assert webhook == [
        {
            "run_id": "run-1",
            "job": "nightly",
            "as_of": "2026-11-02",
            "message": "Steps failed: ['raw__acce_uai'].",
            "failed_steps": ["raw__acce_uai"],
            "text": "Échec de l'exécution `nightly` (as_of 2026-11-02).\n"
            "Étapes en échec : `raw__acce_uai`\n"
            "Message : Steps failed: ['raw__acce_uai'].\n"
            "Exécution Dagster : `run-1`",
        }
    ]
    assert [(s.method, s.headers["Content-Type"]) for s in server.seen] == [("POST", "application/json")]
    assert [r.getMessage() for r in caplog.records] == [
        "run run-1 of nightly failed (as_of 2026-11-02): Steps failed: ['raw__acce_uai'].; "
        "failed steps: ['raw__acce_uai']"
    ]


def test_without_webhook_the_alert_is_only_logged(server, monkeypatch, caplog):
    monkeypatch.delenv(alerts.WEBHOOK_ENV, raising=False)
    with caplog.at_level(logging.ERROR, logger=alerts.__name__):
        alerts.notify_failure("run-1", "nightly", "boom", [])
    assert len(caplog.records) == 1
    assert server.seen == []


def _answers_500(handler, _n) -> None:
    send(handler, 500, b"internal error", content_type="text/plain")


def _hangs(handler, _n) -> None:
    time.sleep(1.0)
    send(handler, 200, b"too late", content_type="text/plain")


@pytest.mark.parametrize(
    ("route", "logged"), [(_answers_500, "HTTPError (HTTP status 500)"), (_hangs, "ReadTimeout (HTTP status None)")]
)
def test_a_failing_webhook_is_logged_never_raised(server, monkeypatch, caplog, route, logged):
    server.routes[HOOK] = route
    monkeypatch.setenv(alerts.WEBHOOK_ENV, server.url(HOOK))
    monkeypatch.setattr(alerts, "TIMEOUT_SECONDS", 0.2)
    with caplog.at_level(logging.ERROR, logger=alerts.__name__):
        alerts.notify_failure("run-1", "nightly", "boom", ["raw__acce_uai"])
    messages = [r.getMessage() for r in caplog.records]
    assert messages[1:] == [f"alert webhook failed for run run-1: {logged}"]
    assert server.url(HOOK) not in " ".join(messages)  # the URL carries the webhook's secret
    assert server.count(HOOK) == 1


def test_the_failure_sensor_posts_one_alert_naming_the_failed_step(webhook):
    @dg.asset(key=["raw", "acce_uai"], partitions_def=daily_partitions)
    def broken() -> None:
        raise ValueError("fichier illisible")

    job = dg.Definitions(
        assets=[broken], jobs=[dg.define_asset_job("nightly", partitions_def=daily_partitions)]
    ).get_job_def("nightly")
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(partition_key=D0.isoformat(), instance=instance, raise_on_error=False)
        failure = result.get_run_failure_event()
        context = dg.build_run_status_sensor_context(
            sensor_name="nightly_failure_alert",
            dagster_event=failure,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
        )
        alerts.nightly_failure_alert(context)
    assert webhook == [
        alerts.failure_payload(result.run_id, "nightly", failure.message, ["raw__acce_uai"], "2026-11-02")
    ]
    assert "raw__acce_uai" in failure.message
    assert alerts.nightly_failure_alert.default_status == dg.DefaultSensorStatus.RUNNING


def _warehouse(tmp_path, loads: list[tuple[str, date, str]]):
    """A warehouse whose load log holds these (source, as_of, sha256) loads."""
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(META_DDL)
        con.executemany("insert into raw._loads values (?, ?, 'file.csv', ?, 10, 'utf-8', 'sample', 1, 0)", loads)
    return path


def _days(sha256s: str, source_id: str = "annuaire_education") -> list[tuple[str, date, str]]:
    """One load a day from D0, the n-th with the n-th letter as its SHA-256."""
    return [(source_id, D0 + timedelta(days=n), sha) for n, sha in enumerate(sha256s)]


def _values(result: dg.AssetCheckResult) -> dict:
    return {key: value.value for key, value in result.metadata.items()}


def test_a_file_renewed_within_the_limit_passes(tmp_path):
    warehouse = _warehouse(tmp_path, _days("abbb") + _days("xxxxxxxxxx", source_id="rncp_fiches"))
    result = update_age(warehouse, "annuaire_education", 3)
    assert result.passed
    assert result.severity == dg.AssetCheckSeverity.WARN
    assert _values(result) == {
        "fichier courant vu depuis le": "2026-11-03",
        "dernier chargement": "2026-11-05",
        "jours sans changement": 2,
        "limite (jours)": 3,
    }


def test_a_file_unchanged_past_the_limit_warns(tmp_path):
    result = update_age(_warehouse(tmp_path, _days("aaaaaa")), "annuaire_education", 3)
    assert not result.passed
    assert result.severity == dg.AssetCheckSeverity.WARN
    assert _values(result) == {
        "fichier courant vu depuis le": "2026-11-02",
        "dernier chargement": "2026-11-07",
        "jours sans changement": 5,
        "limite (jours)": 3,
    }
    assert result.description == "Fichier inchangé depuis 5 j au dernier chargement (limite : 3 j)."


def test_a_file_that_comes_back_counts_from_its_return(tmp_path):
    result = update_age(_warehouse(tmp_path, _days("abaaa")), "annuaire_education", 3)
    assert result.passed
    assert _values(result)["fichier courant vu depuis le"] == "2026-11-04"
    assert _values(result)["jours sans changement"] == 2


def test_a_source_never_loaded_passes_with_a_note(tmp_path):
    result = update_age(_warehouse(tmp_path, _days("aaaaaa", source_id="rncp_fiches")), "dgefp_liste_of", 3)
    assert result.passed
    assert _values(result) == {"limite (jours)": 3, "note": "aucun chargement"}


def test_the_built_check_reads_the_warehouse_of_the_settings(tmp_path, monkeypatch):
    _warehouse(tmp_path, _days("aaaaa"))
    monkeypatch.setenv("REFERENTIELS_DATA_DIR", str(tmp_path))
    key = dg.AssetCheckKey(dg.AssetKey(["raw", "annuaire_education"]), "source_update_age")
    result = next(check for check in freshness_checks if key in check.check_keys)()
    assert (result.passed, _values(result)["jours sans changement"]) == (False, 4)


def test_every_source_declares_an_update_limit_consistent_with_its_cadence():
    by_cadence = {"quotidienne": 3, "mensuelle": 45, "environ 10 mises à jour par an": 60}
    for source in SOURCES.values():
        if source.cadence in by_cadence:
            assert source.update_days == by_cadence[source.cadence], source.id
        if source.cadence.startswith(("version figée", "ponctuelle")):
            assert source.update_days is None, source.id
    limits = {source_id: SOURCES[source_id].update_days for source_id in SOURCES}
    assert limits["sirene_etablissement"] == limits["sirene_liens_succession"] == 45
    assert limits["annuaire_education"] == limits["rncp_xml"] == 3
    assert limits["certif_info"] == 60
    assert limits["bcn_n_formation_diplome"] == 45
    assert limits["bcn_n_niveau_formation_diplome"] == limits["npec_referentiel"] == 400
    assert limits["acce_uai"] == 10
    # None is also the default: a source missing from this list has forgotten to declare its limit.
    assert {source_id for source_id, days in limits.items() if days is None} == {
        "affelnet_offre_2021",
        "affelnet_offre_2022",
        "constat_rentree",
        "corrections_uai_siret",
        "depp_cfa_sous_convention",
        "dgesco_diplomes",
        "kit_apprentissage_v1_0",
        "kit_apprentissage_v3_0",
        "kit_apprentissage_20231218",
        "kit_apprentissage_20250131",
        "parcoursup_bts_capacite",
        "synthetic_deca",
        "synthetic_sifa",
        "tdb_fiabilisation",
    }


def test_one_update_age_check_per_source_that_declares_a_limit():
    keys = [key for check in freshness_checks for key in check.check_keys]
    assert {key.name for key in keys} == {"source_update_age"}
    assert sorted(key.asset_key for key in keys) == sorted(
        dg.AssetKey(["raw", s.id]) for s in SOURCES.values() if s.update_days is not None
    )


def test_every_ingestion_asset_carries_the_nightly_deadline_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a superseded or preview API would raise here
        specs = [spec for asset in with_nightly_deadline(ingestion_assets) for spec in asset.specs]
    assert len(specs) == len(SOURCES) + 2  # the sources, the registry and the load log
    assert {spec.freshness_policy for spec in specs} == {NIGHTLY_DEADLINE}
    assert {spec.partitions_def for spec in specs} == {daily_partitions}
    assert (NIGHTLY_DEADLINE.deadline_cron, NIGHTLY_DEADLINE.lower_bound_delta, NIGHTLY_DEADLINE.timezone) == (
        "30 6 * * *",
        timedelta(hours=4),
        "Europe/Paris",
    )


def test_full_refresh_option_reaches_the_dbt_step_config(monkeypatch):
    """`referentiels run --full-refresh` asks for a rebuild of the dbt models from every load: the CLI passes it
    on, and the nightly job accepts the run config that sets it on the dbt step."""
    from orchestration import cli
    from orchestration.assets.dbt import full_refresh_run_config
    from orchestration.definitions import defs

    calls = []
    monkeypatch.setattr(cli, "run", lambda as_of, full_refresh=False: calls.append((as_of, full_refresh)) or 0)
    assert cli.main(["run", "--as-of", "2026-11-02", "--full-refresh"]) == 0
    assert cli.main(["run", "--as-of", "2026-11-03"]) == 0
    assert calls == [(D0, True), (date(2026, 11, 3), False)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        validated = dg.validate_run_config(defs.resolve_job_def("nightly"), full_refresh_run_config())
    assert validated["ops"]["referentiels_dbt"]["config"] == {"full_refresh": True}
