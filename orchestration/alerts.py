"""Failure alerts: a log line always, and a POST to an incoming webhook (Mattermost, Slack…) when one is set.

The alert is a side effect of a failure that already happened: a webhook that fails is logged and never raised,
so it cannot hide the failure it reports.
"""

from __future__ import annotations

import logging
import os

import dagster as dg
import requests

log = logging.getLogger(__name__)

# Incoming webhook URL; unset means alerts are logged only. The URL holds a secret token: never logged.
WEBHOOK_ENV = "REFERENTIELS_ALERT_WEBHOOK"
TIMEOUT_SECONDS = 10.0
PARTITION_TAG = "dagster/partition"


def failure_payload(
    run_id: str, job_name: str, message: str, failed_steps: list[str], as_of: str | None = None
) -> dict:
    """The JSON body: fields for machines, and a French `text` that chat webhooks display as is."""
    day = f" (as_of {as_of})" if as_of else ""
    steps = ", ".join(f"`{step}`" for step in failed_steps) or "aucune"
    text = (
        f"Échec de l'exécution `{job_name}`{day}.\n"
        f"Étapes en échec : {steps}\n"
        f"Message : {message}\n"
        f"Exécution Dagster : `{run_id}`"
    )
    return {
        "run_id": run_id,
        "job": job_name,
        "as_of": as_of,
        "message": message,
        "failed_steps": failed_steps,
        "text": text,
    }


def notify_failure(run_id: str, job_name: str, message: str, failed_steps: list[str], as_of: str | None = None) -> None:
    """Log the failure, then post it to the webhook if one is configured; never raises."""
    log.error("run %s of %s failed (as_of %s): %s; failed steps: %s", run_id, job_name, as_of, message, failed_steps)
    url = os.environ.get(WEBHOOK_ENV)
    if not url:
        return
    try:
        response = requests.post(
            url, json=failure_payload(run_id, job_name, message, failed_steps, as_of), timeout=TIMEOUT_SECONDS
        )
        response.raise_for_status()
    except requests.RequestException as error:  # its text may carry the URL, hence only its kind and status
        status = error.response.status_code if error.response is not None else None
        log.error("alert webhook failed for run %s: %s (HTTP status %s)", run_id, type(error).__name__, status)


@dg.run_failure_sensor(
    name="nightly_failure_alert",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        f"Signale chaque exécution en échec : ligne de journal ERROR et, si la variable {WEBHOOK_ENV} est "
        "définie, message sur le webhook entrant (Mattermost, Slack…)."
    ),
)
def nightly_failure_alert(context: dg.RunFailureSensorContext) -> None:
    run = context.dagster_run
    notify_failure(
        run.run_id,
        run.job_name,
        context.failure_event.message or "",
        [event.step_key for event in context.get_step_failure_events() if event.step_key],
        as_of=run.tags.get(PARTITION_TAG),
    )
