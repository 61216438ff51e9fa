"""What the API returns, named by suffix (``JobPublic``, ``JobsPublic``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class JobPublic(BaseModel):
    """A job or pipeline; a pipeline's progress and stage summarise its steps."""

    model_config = ConfigDict(from_attributes=True)

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
