"""Starting a Celery worker process with Evercast's signals: fork safety and the periodic sweeps
(lost jobs; abandoned uploads and stale temp files)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from celery.signals import worker_process_init, worker_ready, worker_shutting_down

from core.settings import Settings
from workers import execute, jobs
from workers.app import create_celery
from workers.commands import uploads
from workers.runtime import Runtime, get_runtime, reset_runtime

log = logging.getLogger(__name__)
_stop = threading.Event()


@worker_process_init.connect
def _after_fork(**_: object) -> None:
    reset_runtime()
    execute.mark_pool_child()


@worker_ready.connect
def _start_sweeps(**_: object) -> None:
    worker = get_runtime().settings.worker
    for name, interval, sweep in (("job-recovery", worker.recover_interval_s, jobs.recover),
                                  ("upload-sweep", worker.sweep_interval_s, uploads.sweep)):
        threading.Thread(target=_every, args=(name, interval, sweep), name=name, daemon=True).start()


@worker_shutting_down.connect
def _stop_sweeps(**_: object) -> None:
    _stop.set()


def _every(name: str, interval_s: float, sweep: Callable[[Runtime], object]) -> None:
    """Run ``sweep`` every ``interval_s`` until the worker shuts down; a failed round is logged, not fatal."""
    rt = get_runtime()
    while not _stop.wait(interval_s):
        try:
            sweep(rt)
        except Exception:
            log.exception("%s sweep failed", name)


def run_worker(settings: Settings, queues: list[str], *, concurrency: int | None = None,
               pool: str = "prefork", loglevel: str = "INFO") -> None:
    """Block running a worker that consumes ``queues`` (settings also reach children via the environment)."""
    app = create_celery(settings)
    argv = ["worker", f"--queues={','.join(queues)}", f"--concurrency={concurrency or settings.worker.concurrency}",
            f"--pool={pool}", f"--loglevel={loglevel}", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    app.worker_main(argv)
