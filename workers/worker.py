"""Starting a Celery worker process with Evercast's signals: fork safety and the recovery sweep."""

from __future__ import annotations

import logging
import threading

from celery.signals import worker_process_init, worker_ready, worker_shutting_down

from core.settings import Settings
from workers import execute, jobs
from workers.app import create_celery
from workers.runtime import get_runtime, reset_runtime

log = logging.getLogger(__name__)
_stop = threading.Event()


@worker_process_init.connect
def _after_fork(**_: object) -> None:
    reset_runtime()
    execute.mark_pool_child()


@worker_ready.connect
def _start_recovery(**_: object) -> None:
    threading.Thread(target=_recovery_loop, name="job-recovery", daemon=True).start()


@worker_shutting_down.connect
def _stop_recovery(**_: object) -> None:
    _stop.set()


def _recovery_loop() -> None:
    rt = get_runtime()
    while not _stop.wait(rt.settings.worker.recover_interval_s):
        try:
            jobs.recover(rt)
        except Exception:
            log.exception("job recovery sweep failed")


def run_worker(settings: Settings, queues: list[str], *, concurrency: int | None = None,
               pool: str = "prefork", loglevel: str = "INFO") -> None:
    """Block running a worker that consumes ``queues`` (settings also reach children via the environment)."""
    app = create_celery(settings)
    argv = ["worker", f"--queues={','.join(queues)}", f"--concurrency={concurrency or settings.worker.concurrency}",
            f"--pool={pool}", f"--loglevel={loglevel}", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    app.worker_main(argv)
