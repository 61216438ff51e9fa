from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Query

from core.errors import InputError
from studio.api.deps import RuntimeDep
from studio.schemas import JobPublic, JobsPublic
from workers import submit

router = APIRouter(prefix="/jobs", tags=["jobs"])

Status = Literal["pending", "queued", "running", "retrying", "succeeded", "failed", "cancelled"]


def _found(rt: submit.Runtime, job_id: str) -> submit.JobView:
    view = submit.get(rt, job_id)
    if view is None:
        raise HTTPException(404, f"job {job_id} not found")
    return view


@router.get("", response_model=JobsPublic)
def list_jobs(rt: RuntimeDep, status: Status | None = None, kind: str | None = Query(None, max_length=100),
              limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)) -> JobsPublic:
    views, total = submit.list_jobs(rt, status=status, kind=kind, limit=limit, offset=offset)
    return JobsPublic(data=[JobPublic.model_validate(v) for v in views], count=total)


@router.get("/{job_id}", response_model=JobPublic)
def read_job(rt: RuntimeDep, job_id: str) -> JobPublic:
    return JobPublic.model_validate(_found(rt, job_id))


@router.post("/{job_id}/cancel", response_model=JobPublic)
def cancel_job(rt: RuntimeDep, job_id: str) -> JobPublic:
    _found(rt, job_id)
    submit.cancel(rt, job_id)
    return JobPublic.model_validate(_found(rt, job_id))


@router.post("/{job_id}/resume", response_model=JobPublic)
def resume_job(rt: RuntimeDep, job_id: str) -> JobPublic:
    _found(rt, job_id)
    try:
        submit.resume(rt, job_id)
    except InputError as exc:
        raise HTTPException(409, str(exc)) from exc
    return JobPublic.model_validate(_found(rt, job_id))
