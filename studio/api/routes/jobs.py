"""Jobs of the caller's merchant: list, read with progress, cancel, resume."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Query

from core.errors import InputError
from studio.api.deps import Editor, Offset, PrincipalDep, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit
from studio.schemas import JobPublic, JobsPublic
from workers import submit

router = APIRouter(prefix="/jobs", tags=["jobs"], route_class=ThreadedRoute)

Status = Literal["pending", "queued", "running", "retrying", "succeeded", "failed", "cancelled"]


def _found(rt: submit.Runtime, job_id: str, merchant_id: str) -> submit.JobView:
    view = submit.get(rt, job_id)
    if view is None or view.merchant_id != merchant_id:
        raise HTTPException(404, f"job {job_id} not found")
    return view


@router.get("", response_model=JobsPublic)
def list_jobs(rt: RuntimeDep, principal: PrincipalDep, status: Status | None = None,
              kind: str | None = Query(None, max_length=100), limit: int = Query(50, ge=1, le=500),
              offset: Offset = 0) -> JobsPublic:
    views, total = submit.list_jobs(rt, status=status, kind=kind, merchant_id=principal.merchant_id,
                                    limit=limit, offset=offset)
    return JobsPublic(data=[JobPublic.model_validate(v) for v in views], count=total)


@router.get("/{job_id}", response_model=JobPublic)
def read_job(job_id: str, rt: RuntimeDep, principal: PrincipalDep) -> JobPublic:
    return JobPublic.model_validate(_found(rt, job_id, principal.merchant_id))


@router.post("/{job_id}/cancel", response_model=JobPublic)
def cancel_job(job_id: str, rt: RuntimeDep, principal: Editor) -> JobPublic:
    _found(rt, job_id, principal.merchant_id)
    submit.cancel(rt, job_id)
    with rt.session() as s:
        audit(s, principal, "job.cancel", f"job:{job_id}")
    return JobPublic.model_validate(_found(rt, job_id, principal.merchant_id))


@router.post("/{job_id}/resume", response_model=JobPublic)
def resume_job(job_id: str, rt: RuntimeDep, principal: Editor) -> JobPublic:
    _found(rt, job_id, principal.merchant_id)
    try:
        submit.resume(rt, job_id)
    except InputError as exc:
        raise HTTPException(409, str(exc)) from exc
    with rt.session() as s:
        audit(s, principal, "job.resume", f"job:{job_id}")
    return JobPublic.model_validate(_found(rt, job_id, principal.merchant_id))
