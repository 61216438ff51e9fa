"""The job-system surface that studio/ (API and CLI) uses; task names, queues and retries stay inside workers/."""

from __future__ import annotations

from workers.flows import StagePlan, avatar_steps, demo_plan
from workers.jobs import (
    JobView,
    Step,
    cancel,
    get,
    list_jobs,
    recover,
    resume,
    submit,
    submit_pipeline,
)
from workers.runtime import Runtime
from workers.worker import run_worker

__all__ = [
    "JobView", "Runtime", "StagePlan", "Step", "avatar_steps", "cancel", "demo_plan", "get", "list_jobs", "recover",
    "resume", "run_worker", "submit", "submit_pipeline",
]
