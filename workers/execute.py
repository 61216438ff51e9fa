"""Running one job inside a worker: claim, heartbeat, progress, cancel, retry, publish.

``@job_task("avatar.train")`` turns ``fn(ctx) -> dict`` into a Celery task that takes only a job
id. The stage code sees a :class:`JobContext` (parameters, earlier steps' results, a progress
hook, a scratch directory, the asset store) and never Celery.
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from celery import Task, shared_task
from sqlalchemy import select

from core.assets import AssetStore
from core.errors import Cancelled, EvercastError, TransientError
from core.models import Job
from workers import jobs
from workers.commands.assets import store_file
from workers.runtime import Runtime, get_runtime

log = logging.getLogger(__name__)


class LeaseLost(Cancelled):
    """Another worker took this job over (this one was presumed dead); stop without writing."""


@dataclass
class JobContext:
    job_id: str
    kind: str
    params: dict[str, Any]
    merchant_id: str | None
    inputs: dict[str, Any]
    """Results of the pipeline's earlier steps, by step kind."""
    attempt: int
    runtime: Runtime = field(repr=False)
    workdir: Path
    progress: Callable[[float, str], None] = field(repr=False)

    @property
    def store(self) -> AssetStore:
        return self.runtime.store

    def publish(self, path: Path, kind: str, media_type: str = "application/octet-stream") -> str:
        """Store a finished file under this job's merchant and return its asset id (idempotent)."""
        if self.merchant_id is None:
            raise EvercastError(f"job {self.job_id} has no merchant to own its output")
        return store_file(self.runtime, self.merchant_id, path, kind, media_type)


class _Lease:
    """Heartbeat thread plus throttled progress writes for one running job."""

    def __init__(self, rt: Runtime, job_id: str, worker: str) -> None:
        self.rt, self.job_id, self.worker = rt, job_id, worker
        self.cancelled = threading.Event()
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._last_write = 0.0
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id[:8]}", daemon=True)

    def __enter__(self) -> "_Lease":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _beat(self) -> None:
        interval = self.rt.settings.worker.heartbeat_s
        while not self._stop.wait(interval):
            try:
                with self.rt.session() as s:
                    owned, cancel = jobs.heartbeat(s, self.job_id, self.worker)
            except Exception:  # a missed beat is survivable; the next one retries
                log.warning("heartbeat failed for job %s", self.job_id, exc_info=True)
                continue
            if not owned:
                self.lost.set()
            if cancel:
                self.cancelled.set()

    def check(self) -> None:
        if self.lost.is_set():
            raise LeaseLost(f"job {self.job_id} was taken over by another worker")
        if self.cancelled.is_set():
            raise Cancelled(f"job {self.job_id} was cancelled")

    def progress(self, fraction: float, stage: str) -> None:
        self.check()
        now = time.monotonic()
        if now - self._last_write < 0.5 and fraction < 1.0:
            return
        self._last_write = now
        with self.rt.session() as s:
            jobs.report_progress(s, self.job_id, self.worker, fraction, stage)
            if s.scalar(select(Job.cancel_requested).where(Job.id == self.job_id)):
                self.cancelled.set()
        self.check()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def retry_delay(rt: Runtime, attempt: int) -> float:
    """Capped exponential backoff with full jitter."""
    cfg = rt.settings.worker
    ceiling = min(cfg.retry_backoff_max_s, cfg.retry_backoff_s * 2 ** max(attempt - 1, 0))
    return random.uniform(ceiling / 2, ceiling)


def run_job(job_id: str, fn: Callable[[JobContext], dict[str, Any]]) -> None:
    rt = get_runtime()
    me = worker_name()
    with rt.session() as s:
        claimed = jobs.claim(s, job_id, me, rt.settings.worker.stale_after_s)
        job = s.get(Job, job_id)
        if job is None or not claimed:
            status = job.status if job else "missing"
            log.info("job %s not claimed (%s): duplicate or late delivery", job_id, status)
            redelivered_after_success = status == "succeeded"
        else:
            redelivered_after_success = False
            inputs = _pipeline_inputs(s, job)
            kind, queue, params, merchant_id, attempts = job.kind, job.queue, dict(job.params), job.merchant_id, job.attempts
    if not claimed:
        if redelivered_after_success:  # the step finished but its successor may not have been queued
            jobs.advance(rt, job_id)
        return

    workdir = rt.settings.tmp_dir / "jobs" / job_id
    workdir.mkdir(parents=True, exist_ok=True)
    with _Lease(rt, job_id, me) as lease:
        ctx = JobContext(job_id, kind, params, merchant_id, inputs, attempts, rt, workdir, lease.progress)
        try:
            result = fn(ctx) or {}
            lease.check()
        except LeaseLost:
            log.warning("job %s: lease lost, leaving it to the new owner", job_id)
            return
        except Cancelled:
            jobs.mark_cancelled(rt, job_id)
            shutil.rmtree(workdir, ignore_errors=True)
            return
        except TransientError as exc:
            if attempts <= rt.settings.worker.max_retries:
                delay = retry_delay(rt, attempts)
                if jobs.schedule_retry(rt, job_id, me, str(exc), delay):
                    log.warning("job %s attempt %d failed (%s); retrying in %.1fs", job_id, attempts, exc, delay)
                    jobs.send(rt, kind, job_id, queue, countdown=delay)
                return
            jobs.fail(rt, job_id, me, f"{exc} (gave up after {attempts} attempts)", exc.code)
            return
        except EvercastError as exc:
            jobs.fail(rt, job_id, me, str(exc), exc.code, exc.details)
            return
        except Exception as exc:
            log.exception("job %s (%s) crashed", job_id, kind)
            jobs.fail(rt, job_id, me, f"internal error: {type(exc).__name__}: {exc}", "internal")
            return
    jobs.finish(rt, job_id, me, result)
    shutil.rmtree(workdir, ignore_errors=True)


def _pipeline_inputs(s: Any, job: Job) -> dict[str, Any]:
    if job.parent_id is None:
        return {}
    earlier = s.scalars(select(Job).where(Job.parent_id == job.parent_id, Job.position < job.position,
                                          Job.status == "succeeded").order_by(Job.position))
    return {step.kind: step.result or {} for step in earlier}


def job_task(name: str) -> Callable[[Callable[[JobContext], dict[str, Any]]], Task]:
    """Register ``fn(ctx) -> result dict`` as the Celery task ``name`` (queue from workers.routes)."""

    def register(fn: Callable[[JobContext], dict[str, Any]]) -> Task:
        @shared_task(name=name, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
        def task(job_id: str) -> None:
            run_job(job_id, fn)

        task.__doc__ = fn.__doc__
        return task

    return register
