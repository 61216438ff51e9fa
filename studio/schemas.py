"""What the API returns, named by suffix (``JobPublic``, ``JobsPublic``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from workers.submit import JobView


class JobPublic(BaseModel):
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
    steps: list["JobPublic"] = []

    @classmethod
    def of(cls, view: JobView) -> "JobPublic":
        return cls(id=view.id, kind=view.kind, status=view.status, progress=view.progress, stage=view.stage,
                   attempts=view.attempts, error=view.error, error_code=view.error_code, result=view.result,
                   created_at=view.created_at, finished_at=view.finished_at,
                   steps=[cls.of(step) for step in view.steps])


class JobsPublic(BaseModel):
    data: list[JobPublic]
    count: int


class CheckPublic(BaseModel):
    name: str
    ok: bool
    detail: str


class ReadinessPublic(BaseModel):
    ready: bool
    checks: list[CheckPublic]
