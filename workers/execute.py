"""Running one job inside a worker: claim, heartbeat, progress, cancel, retry, publish, time limits.

``@job_task("avatar.train")`` turns ``fn(ctx) -> dict`` into a Celery task that takes only a job
id. The stage code sees a :class:`JobContext` (parameters, earlier steps' results, a progress
hook, a scratch directory, the asset store) and never Celery.

The heartbeat thread is also the watchdog. A heartbeat proves the process is alive, not that the
job is getting anywhere: a decoder blocked on a pipe beats forever. So each attempt has a time
limit for its kind, scaled by the input the task measured (``ctx.measure``), and a stall window
for its progress. Past either, the job is asked to stop at its next progress report; if it is
still running ``kill_grace_s`` later (stuck where it never reports), its outcome is recorded and
the worker process is killed, which the prefork pool replaces. A ``threads`` or ``solo`` pool has
no process of one job to kill: there the outcome is recorded and the stuck thread is left behind.
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import signal
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


_pool_child = False


def mark_pool_child() -> None:
    """This process is a prefork pool child, which the pool replaces if it dies: the watchdog may kill it."""
    global _pool_child
    _pool_child = True


class LeaseLost(Cancelled):
    """Another worker took this job over (this one was presumed dead); stop without writing."""


@dataclass(frozen=True)
class Verdict:
    """Why the watchdog stopped an attempt, and whether another attempt may succeed."""

    message: str
    code: str
    retry: bool


class Overrun(Cancelled):
    """The watchdog stopped this attempt: past its time limit, or stalled."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.message)
        self.verdict = verdict


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
    measure: Callable[[float], None] = field(repr=False)
    """Report the input's size in the kind's unit (see ``JobLimit``): the time limit grows with it."""

    @property
    def store(self) -> AssetStore:
        return self.runtime.store

    def publish(self, path: Path, kind: str, media_type: str = "application/octet-stream") -> str:
        """Store a finished file under this job's merchant and return its asset id (idempotent)."""
        if self.merchant_id is None:
            raise EvercastError(f"job {self.job_id} has no merchant to own its output")
        return store_file(self.runtime, self.merchant_id, path, kind, media_type)


class _Lease:
    """Heartbeat and watchdog thread plus throttled progress writes for one running job."""

    def __init__(self, rt: Runtime, job_id: str, worker: str, kind: str, on_kill: Callable[[Verdict], None]) -> None:
        self.rt, self.job_id, self.worker, self.kind, self.on_kill = rt, job_id, worker, kind, on_kill
        self.cancelled = threading.Event()
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._last_write = 0.0
        self.limit = rt.settings.worker.limit_for(kind)
        self.units = 0.0
        self.started = self._moved_at = time.monotonic()
        self._last_report: tuple[float, str] = (0.0, "")
        self.verdict: Verdict | None = None
        self._verdict_at = 0.0
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{job_id[:8]}", daemon=True)

    def __enter__(self) -> "_Lease":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def finished(self) -> None:
        """The task returned: stop the watchdog (work done late is still done) and check the lease once more."""
        self.__exit__()
        self.verdict = None
        self.check()

    def _beat(self) -> None:
        interval = self.rt.settings.worker.heartbeat_s
        while not self._stop.wait(interval):
            self._watch()
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

    def measure(self, units: float) -> None:
        self.units = float(units)

    def limit_s(self) -> float:
        return min(self.limit.seconds(self.units), self.rt.settings.worker.limit_cap_s)

    def _judge(self, now: float) -> Verdict | None:
        """The watchdog's view of the attempt: None while it is within its limit and moving."""
        cfg = self.rt.settings.worker
        limit_s, elapsed = self.limit_s(), now - self.started
        if elapsed > limit_s:
            size = f" for {self.units:g} {self.limit.unit}" if self.limit.unit else ""
            advice = "" if self.limit.retry else ": the input is too big to finish, split it or ask for a higher limit"
            return Verdict(f"stopped after {elapsed:.0f} s: {self.kind} may take {limit_s:.0f} s{size}{advice}",
                           "timeout", self.limit.retry)
        if now - self._moved_at > cfg.stall_after_s:
            fraction, stage = self._last_report
            return Verdict(f"stalled: no progress for {now - self._moved_at:.0f} s at {fraction:.0%} "
                           f"({stage or 'before the first step'})", "stalled", True)
        return None

    def _watch(self) -> None:
        now = time.monotonic()
        if self.verdict is None:
            self.verdict = self._judge(now)
            if self.verdict is not None:
                self._verdict_at = now
                log.warning("job %s: %s; asking it to stop", self.job_id, self.verdict.message)
        elif now - self._verdict_at > self.rt.settings.worker.kill_grace_s and not self.lost.is_set():
            ending = "its worker process was killed" if _pool_child else "its thread was abandoned"
            verdict = Verdict(f"{self.verdict.message} (it did not stop, so {ending})", self.verdict.code,
                              self.verdict.retry)
            log.error("job %s: %s", self.job_id, verdict.message)
            try:
                self.on_kill(verdict)
            except Exception:  # the row stays running: recovery re-sends it once the heartbeat is stale
                log.exception("job %s: could not record its end before the kill", self.job_id)
            self.lost.set()  # the row is no longer this attempt's to write, whatever happens next
            if _pool_child:
                os.kill(os.getpid(), signal.SIGKILL)

    def check(self) -> None:
        if self.lost.is_set():
            raise LeaseLost(f"job {self.job_id} was taken over by another worker")
        if self.cancelled.is_set():
            raise Cancelled(f"job {self.job_id} was cancelled")
        if self.verdict is not None:
            raise Overrun(self.verdict)

    def progress(self, fraction: float, stage: str) -> None:
        self.check()
        now = time.monotonic()
        if (fraction, stage) != self._last_report:
            self._last_report, self._moved_at = (fraction, stage), now
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

    def retry_or_fail(message: str, code: str, retry: bool) -> None:
        if not retry:
            jobs.fail(rt, job_id, me, message, code)
        elif attempts <= rt.settings.worker.max_retries:
            delay = retry_delay(rt, attempts)
            if jobs.schedule_retry(rt, job_id, me, message, delay):
                log.warning("job %s attempt %d failed (%s); retrying in %.1fs", job_id, attempts, message, delay)
                jobs.send(rt, kind, job_id, queue, countdown=delay)
        else:
            jobs.fail(rt, job_id, me, f"{message} (gave up after {attempts} attempts)", code)

    with _Lease(rt, job_id, me, kind, lambda v: retry_or_fail(v.message, v.code, v.retry)) as lease:
        ctx = JobContext(job_id, kind, params, merchant_id, inputs, attempts, rt, workdir, lease.progress,
                         lease.measure)
        try:
            result = fn(ctx) or {}
            lease.finished()
        except LeaseLost:
            log.warning("job %s: lease lost, leaving it to the new owner", job_id)
            return
        except Overrun as exc:
            retry_or_fail(exc.verdict.message, exc.verdict.code, exc.verdict.retry)
            return
        except Cancelled:
            jobs.mark_cancelled(rt, job_id)
            shutil.rmtree(workdir, ignore_errors=True)
            return
        except TransientError as exc:
            retry_or_fail(str(exc), exc.code, True)
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
