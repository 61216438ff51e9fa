from __future__ import annotations

from fastapi import APIRouter, Response, status

from studio import checks
from studio.api.deps import CallerDep, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.schemas import CheckPublic, ReadinessPublic

router = APIRouter(tags=["health"], route_class=ThreadedRoute)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (no dependencies checked)."""
    return {"status": "ok"}


@router.get("/readyz", response_model=ReadinessPublic, response_model_exclude_none=True)
def readyz(rt: RuntimeDep, caller: CallerDep, response: Response) -> ReadinessPublic:
    """Database, broker and ffmpeg answer; 503 otherwise. What is wrong (with paths and versions) only
    to an authenticated caller: a load balancer needs the status, not the server's layout."""
    results = checks.readiness(rt)
    ready = all(c.ok for c in results)
    if not ready:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    if caller is None:
        return ReadinessPublic(ready=ready)
    return ReadinessPublic(ready=ready, checks=[CheckPublic(name=c.name, ok=c.ok, detail=c.detail) for c in results])
