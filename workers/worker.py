"""Starting a Celery worker process with Evercast's signals: fork safety, the periodic sweeps
(lost jobs; abandoned uploads and stale temp files) and, on a fleet host that takes the ``live``
queue, the live host's agent (workers/live_host.py)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from celery.signals import worker_process_init, worker_ready, worker_shutting_down

from core.errors import NotConfiguredError
from core.settings import Settings
from workers import execute, jobs
from workers.app import create_celery
from workers.commands import fleet, uploads
from workers.live_host import LiveHostAgent
from workers.runtime import Runtime, get_runtime, reset_runtime

log = logging.getLogger(__name__)
_stop = threading.Event()
_queues: list[str] = []
_agent: list[LiveHostAgent] = []


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
    rt = get_runtime()
    if "live" in _queues and fleet.enabled(rt):
        _agent.append(LiveHostAgent(rt).start())


@worker_shutting_down.connect
def _stop_sweeps(**_: object) -> None:
    _stop.set()
    for agent in _agent:
        agent.stop()


def _every(name: str, interval_s: float, sweep: Callable[[Runtime], object]) -> None:
    """Run ``sweep`` every ``interval_s`` until the worker shuts down; a failed round is logged, not fatal."""
    rt = get_runtime()
    while not _stop.wait(interval_s):
        try:
            sweep(rt)
        except Exception:
            log.exception("%s sweep failed", name)


def run_worker(settings: Settings, queues: list[str], *, concurrency: int | None = None,
               pool: str | None = None, loglevel: str = "INFO") -> None:
    """Block running a worker that consumes ``queues`` (settings also reach children via the environment).

    A worker of the ``live`` queue alone runs its tasks (placements: one claim each) on threads; its
    rooms run in processes of their own. ``live`` outside a fleet is refused: there is nothing to place."""
    if "live" in queues and settings.fleet.placement != "fleet":
        raise NotConfiguredError("the live queue places rooms on a fleet: set EVERCAST_FLEET__PLACEMENT=fleet (with "
                                 "PostgreSQL and Redis); on one host rooms run beside whoever starts them")
    pool = pool or ("threads" if queues == ["live"] else "prefork")
    _queues[:] = queues
    app = create_celery(settings)
    argv = ["worker", f"--queues={','.join(queues)}", f"--concurrency={concurrency or settings.worker.concurrency}",
            f"--pool={pool}", f"--loglevel={loglevel}", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    app.worker_main(argv)
