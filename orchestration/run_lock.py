"""One nightly run at a time on a data directory.

DuckDB allows one writer per file, and a run writes the landing store, the warehouse and the publication in
turn: two runs interleaving their steps could publish a mix of both. Every run therefore holds an exclusive
lock on `data/.run.lock` for its whole duration (a `flock`, released by the kernel if the process dies, so a
killed run never leaves a stale lock). A second run waits up to `REFERENTIELS_LOCK_WAIT_SECONDS` (0 by
default), then fails cleanly before writing anything, naming the run that holds the lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import dagster as dg

from orchestration.settings import Settings, get_settings

_HELD: set[Path] = set()  # locks this process holds: the CLI takes it, then the job's resource re-enters


class RunLockedError(RuntimeError):
    pass


def lock_path(settings: Settings) -> Path:
    return settings.data_dir / ".run.lock"


@contextmanager
def run_lock(settings: Settings, wait_seconds: float | None = None, holder: str = "") -> Iterator[None]:
    """Hold the data directory's run lock, waiting at most `wait_seconds` for another run to finish."""
    path = lock_path(settings)
    if path in _HELD:
        yield
        return
    if wait_seconds is None:
        wait_seconds = float(os.environ.get("REFERENTIELS_LOCK_WAIT_SECONDS", "0"))
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    with path.open("a+", encoding="utf-8") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    raise RunLockedError(
                        f"une autre exécution écrit déjà dans {settings.data_dir} ({handle.read().strip() or '?'}) : "
                        f"rien n'a été modifié ; relancez quand elle sera terminée (verrou {path})"
                    ) from None
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
        handle.seek(0)
        handle.truncate()
        since = datetime.now().isoformat(timespec="seconds")
        handle.write(json.dumps({"pid": os.getpid(), "since": since, "run": holder}))
        handle.flush()
        _HELD.add(path)
        try:
            yield
        finally:
            _HELD.discard(path)
            fcntl.flock(handle, fcntl.LOCK_UN)


class RunLockResource(dg.ConfigurableResource):
    """Held by every step that writes: a run started from the UI or the schedule takes the same lock as the CLI."""

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[RunLockResource]:
        with run_lock(get_settings(), holder=context.run_id if context.dagster_run else ""):
            yield self
