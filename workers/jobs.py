"""Job rows: create, enqueue, claim, finish, cancel, resume and recover.

The database is the source of truth and the broker only carries "run job <id>". Every state
change is a conditional UPDATE, so two workers that receive the same message (a redelivery, a
recovery sweep racing a slow worker) can never both run or both finish one job, and a pipeline
step is enqueued exactly once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, func, or_, select, update
from sqlalchemy.orm import Session

from core.errors import InputError
from core.models import Job, utcnow
from workers.routes import queue_for
from workers.runtime import Runtime

log = logging.getLogger(__name__)

ACTIVE = ("pending", "queued", "running", "retrying")
TERMINAL = ("succeeded", "failed", "cancelled")
PIPELINE = "pipeline"


@dataclass(frozen=True)
class Step:
    """One stage of a pipeline: a task name and its parameters."""

    kind: str
    params: dict[str, Any]
    queue: str | None = None


# ---------------------------------------------------------------- creating and sending


def submit(rt: Runtime, kind: str, params: dict[str, Any] | None = None, *, merchant_id: str | None = None,
           queue: str | None = None) -> str:
    """Create a job row and send it; returns the job id."""
    with rt.session() as s:
        job = Job(kind=kind, params=params or {}, merchant_id=merchant_id, queue=queue or queue_for(kind),
                  status="queued", enqueued_at=utcnow())
        s.add(job)
        s.flush()
        job_id, job_queue = job.id, job.queue
    send(rt, kind, job_id, job_queue)
    return job_id


def submit_pipeline(rt: Runtime, steps: list[Step], *, merchant_id: str | None = None, name: str = "") -> str:
    """Create a pipeline (a parent row and one row per step) and send its first step."""
    if not steps:
        raise InputError("a pipeline needs at least one step")
    with rt.session() as s:
        parent = Job(kind=PIPELINE, params={"name": name, "steps": [st.kind for st in steps]},
                     merchant_id=merchant_id, queue="", status="queued", enqueued_at=utcnow())
        s.add(parent)
        s.flush()
        for position, step in enumerate(steps):
            s.add(Job(kind=step.kind, params=step.params, merchant_id=merchant_id, parent_id=parent.id,
                      position=position, queue=step.queue or queue_for(step.kind),
                      status="queued" if position == 0 else "pending",
                      enqueued_at=utcnow() if position == 0 else None))
        s.flush()
        first = s.scalars(select(Job).where(Job.parent_id == parent.id, Job.position == 0)).one()
        parent_id, first_id, first_kind, first_queue = parent.id, first.id, first.kind, first.queue
    send(rt, first_kind, first_id, first_queue)
    return parent_id


def send(rt: Runtime, kind: str, job_id: str, queue: str, *, countdown: float | None = None) -> None:
    """Publish "run job <id>". A failure is logged, not raised: the recovery sweep re-sends it."""
    try:
        rt.celery.send_task(kind, args=[job_id], queue=queue, countdown=countdown)
    except Exception:  # broker down: the row stays queued and recover() sends it again
        log.exception("could not publish job %s (%s); it stays queued for recovery", job_id, kind)


# ---------------------------------------------------------------- the worker side


def claim(s: Session, job_id: str, worker: str, stale_after_s: float) -> bool:
    """Take a job for ``worker``: only if queued/retrying, or running with a dead heartbeat."""
    now = utcnow()
    stale = now - timedelta(seconds=stale_after_s)
    result = s.execute(
        update(Job)
        .where(Job.id == job_id, Job.cancel_requested.is_(False),
               or_(Job.status.in_(("queued", "retrying")),
                   (Job.status == "running") & (Job.heartbeat_at < stale)))
        .values(status="running", worker=worker, attempts=Job.attempts + 1, heartbeat_at=now,
                started_at=now, error=None, error_code=None, result=None)
    )
    if result.rowcount == 1:
        parent_id = s.scalar(select(Job.parent_id).where(Job.id == job_id))
        if parent_id:
            s.execute(update(Job).where(Job.id == parent_id, Job.status.in_(("queued", "retrying")))
                      .values(status="running", started_at=now))
        return True
    return False


def heartbeat(s: Session, job_id: str, worker: str) -> tuple[bool, bool]:
    """Refresh the lease; returns (still ours, cancel requested)."""
    owned = s.execute(update(Job).where(Job.id == job_id, Job.worker == worker, Job.status == "running")
                      .values(heartbeat_at=utcnow())).rowcount == 1
    cancel = bool(s.scalar(select(Job.cancel_requested).where(Job.id == job_id)))
    return owned, cancel


def report_progress(s: Session, job_id: str, worker: str, fraction: float, stage: str) -> None:
    s.execute(update(Job).where(Job.id == job_id, Job.worker == worker)
              .values(progress=min(max(fraction, 0.0), 1.0), stage=stage[:200], heartbeat_at=utcnow()))


def finish(rt: Runtime, job_id: str, worker: str, result: dict[str, Any]) -> bool:
    """Record success and enqueue the pipeline's next step (exactly once). False if the lease was lost."""
    with rt.session() as s:
        done = s.execute(update(Job).where(Job.id == job_id, Job.worker == worker, Job.status == "running")
                         .values(status="succeeded", result=result, progress=1.0, finished_at=utcnow())).rowcount
    if done:
        advance(rt, job_id)
    return bool(done)


def advance(rt: Runtime, job_id: str) -> None:
    """After a step succeeded: queue the next one, or close the pipeline (idempotent)."""
    with rt.session() as s:
        job = s.get(Job, job_id)
        if job is None or job.parent_id is None or job.status != "succeeded":
            return
        nxt = s.scalars(select(Job).where(Job.parent_id == job.parent_id, Job.position == job.position + 1)).first()
        if nxt is None:
            s.execute(update(Job).where(Job.id == job.parent_id, Job.status.in_(ACTIVE))
                      .values(status="succeeded", progress=1.0, result=job.result, finished_at=utcnow()))
            return
        queued = s.execute(update(Job).where(Job.id == nxt.id, Job.status == "pending")
                           .values(status="queued", enqueued_at=utcnow())).rowcount
        to_send = (nxt.kind, nxt.id, nxt.queue) if queued else None
    if to_send:
        send(rt, *to_send)


def fail(rt: Runtime, job_id: str, worker: str, message: str, code: str,
         details: dict[str, Any] | None = None) -> None:
    """Record failure; ``details`` (the problems behind ``message``, say) is kept as the job's result."""
    with rt.session() as s:
        ended = s.execute(update(Job).where(Job.id == job_id, Job.worker == worker)
                          .values(status="failed", error=message, error_code=code, result=details,
                                  finished_at=utcnow())).rowcount
        parent_id = s.scalar(select(Job.parent_id).where(Job.id == job_id))
        if ended and parent_id:
            s.execute(update(Job).where(Job.id == parent_id, Job.status.in_(ACTIVE))
                      .values(status="failed", error=message, error_code=code, finished_at=utcnow()))


def schedule_retry(rt: Runtime, job_id: str, worker: str, message: str, delay_s: float) -> bool:
    """Mark a job for another attempt after ``delay_s``; False if it was not ours any more."""
    with rt.session() as s:
        return s.execute(update(Job).where(Job.id == job_id, Job.worker == worker)
                         .values(status="retrying", error=message, error_code="transient",
                                 enqueued_at=utcnow() + timedelta(seconds=delay_s))).rowcount == 1


def mark_cancelled(rt: Runtime, job_id: str) -> None:
    with rt.session() as s:
        _cancel_rows(s, job_id)


# ---------------------------------------------------------------- operator actions


def cancel(rt: Runtime, job_id: str) -> None:
    """Cancel a job or a whole pipeline.

    Waiting steps are cancelled at once. A running step is asked to stop and stops at its next
    progress call; its pipeline reads "cancelled" once it has.
    """
    now = utcnow()
    with rt.session() as s:
        job = s.get(Job, job_id)
        if job is None:
            raise KeyError(job_id)
        rows = list(s.scalars(select(Job).where(Job.parent_id == job.id))) or [job]
        running = False
        for row in rows:
            if row.status == "running":
                row.cancel_requested = running = True
            elif row.status in ACTIVE:
                row.status, row.cancel_requested, row.finished_at = "cancelled", True, now
        if job.status in ACTIVE and job not in rows:
            job.cancel_requested = True
            if not running:
                job.status, job.finished_at = "cancelled", now


def _cancel_rows(s: Session, job_id: str) -> None:
    now = utcnow()
    s.execute(update(Job).where(Job.id == job_id, Job.status.in_(ACTIVE))
              .values(status="cancelled", cancel_requested=True, finished_at=now))
    parent_id = s.scalar(select(Job.parent_id).where(Job.id == job_id))
    if parent_id:
        s.execute(update(Job).where(Job.parent_id == parent_id, Job.status == "pending")
                  .values(status="cancelled", finished_at=now))
        s.execute(update(Job).where(Job.id == parent_id, Job.status.in_(ACTIVE))
                  .values(status="cancelled", cancel_requested=True, finished_at=now))


def resume(rt: Runtime, job_id: str) -> str:
    """Re-run a failed or cancelled job; a pipeline restarts from its first unfinished step."""
    with rt.session() as s:
        job = s.get(Job, job_id)
        if job is None:
            raise KeyError(job_id)
        if job.status not in ("failed", "cancelled"):
            raise InputError(f"job {job_id} is {job.status}; only failed or cancelled jobs can be resumed")
        steps = list(s.scalars(select(Job).where(Job.parent_id == job.id).order_by(Job.position)))
        todo = [st for st in steps if st.status != "succeeded"] if steps else [job]
        fresh = dict(cancel_requested=False, error=None, error_code=None, finished_at=None, progress=0.0, attempts=0)
        first = todo[0]
        s.execute(update(Job).where(Job.id == first.id).values(status="queued", enqueued_at=utcnow(), **fresh))
        for later in todo[1:]:
            s.execute(update(Job).where(Job.id == later.id).values(status="pending", enqueued_at=None, **fresh))
        if steps:
            s.execute(update(Job).where(Job.id == job.id).values(status="running", **fresh))
        to_send = (first.kind, first.id, first.queue)
    send(rt, *to_send)
    return to_send[1]


def recover(rt: Runtime) -> list[str]:
    """Re-send jobs whose worker died (stale heartbeat) or whose message the broker lost."""
    cfg = rt.settings.worker
    now = utcnow()
    stale = now - timedelta(seconds=cfg.stale_after_s)
    waited = now - timedelta(seconds=cfg.requeue_queued_after_s)
    resent: list[str] = []
    with rt.session() as s:
        candidates = list(s.execute(
            select(Job.id, Job.kind, Job.queue, Job.status).where(
                or_((Job.status == "running") & (Job.heartbeat_at < stale),
                    Job.status.in_(("queued", "retrying")) & (Job.enqueued_at < waited)),
                Job.kind != PIPELINE)))
    for job_id, kind, queue, status in candidates:
        with rt.session() as s:
            if status == "running":
                moved = s.execute(update(Job).where(Job.id == job_id, Job.status == "running", Job.heartbeat_at < stale)
                                  .values(status="queued", worker=None, enqueued_at=now)).rowcount
            else:
                moved = s.execute(update(Job).where(Job.id == job_id, Job.status == status, Job.enqueued_at < waited)
                                  .values(enqueued_at=now)).rowcount
        if moved:
            log.warning("recovering job %s (%s, was %s)", job_id, kind, status)
            send(rt, kind, job_id, queue)
            resent.append(job_id)
    return resent


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class JobView:
    id: str
    kind: str
    status: str
    progress: float
    stage: str
    attempts: int
    error: str | None
    error_code: str | None
    result: dict[str, Any] | None
    created_at: datetime
    finished_at: datetime | None
    merchant_id: str | None
    steps: tuple["JobView", ...] = ()


# What a view reads: selecting these columns (not Job entities) spares the ORM's per-row bookkeeping,
# which was most of the cost of a page of pipelines.
VIEW_COLUMNS = (Job.id, Job.kind, Job.status, Job.progress, Job.stage, Job.attempts, Job.error, Job.error_code,
                Job.result, Job.created_at, Job.finished_at, Job.merchant_id)


def _view(job: Row[Any], steps: list[Row[Any]]) -> JobView:
    child_views = tuple(_view(st, []) for st in steps)
    progress, stage = job.progress, job.stage
    if steps:
        progress = sum(1.0 if st.status == "succeeded" else st.progress for st in steps) / len(steps)
        current = next((st for st in steps if st.status != "succeeded"), None)
        stage = f"{current.kind}: {current.stage or current.status}" if current else "done"
    return JobView(job.id, job.kind, job.status, round(progress, 4), stage, job.attempts, job.error,
                   job.error_code, job.result, job.created_at, job.finished_at, job.merchant_id, child_views)


def _steps(s: Session, parent_ids: list[str]) -> dict[str, list[Row[Any]]]:
    """The steps of these pipelines, in order, in one query."""
    steps: dict[str, list[Row[Any]]] = {parent_id: [] for parent_id in parent_ids}
    if parent_ids:
        query = select(*VIEW_COLUMNS, Job.parent_id).where(Job.parent_id.in_(parent_ids)).order_by(Job.position)
        for step in s.execute(query):
            steps[step.parent_id].append(step)
    return steps


def get(rt: Runtime, job_id: str) -> JobView | None:
    with rt.session() as s:
        job = s.execute(select(*VIEW_COLUMNS).where(Job.id == job_id)).first()
        return None if job is None else _view(job, _steps(s, [job_id])[job_id])


def list_jobs(rt: Runtime, *, status: str | None = None, kind: str | None = None, merchant_id: str | None = None,
              limit: int = 50, offset: int = 0) -> tuple[list[JobView], int]:
    """A page of top-level jobs (pipelines and single jobs), newest first, and how many match in all."""
    where = [Job.parent_id.is_(None)]
    if status:
        where.append(Job.status == status)
    if kind:
        where.append(Job.kind == kind)
    if merchant_id:
        where.append(Job.merchant_id == merchant_id)
    with rt.session() as s:
        total = s.scalar(select(func.count()).select_from(Job).where(*where)) or 0
        page = s.execute(select(*VIEW_COLUMNS).where(*where).order_by(Job.created_at.desc()).limit(limit)
                         .offset(offset)).all()
        steps = _steps(s, [job.id for job in page])
        return [_view(job, steps[job.id]) for job in page], total
