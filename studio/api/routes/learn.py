"""The learning loop: import measured broadcasts, read what each section and variant earned, and run,
pin, promote or end a room's variant experiments.

Datasets and adapters (retraining, issue 19 item 4) are served by their own routes beside these
(``/learn/datasets``, ``/learn/adapters``); the performance page shows them in its marked section.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from core.models import Asset, Experiment, LearnSession, LiveRoom
from studio.api.deps import Editor, Operator, PrincipalDep, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned
from studio.schemas import (
    ExperimentAction,
    ExperimentCreate,
    ExperimentPublic,
    JobPublic,
    LearnImportRequest,
    PerformancePublic,
)
from workers import submit
from workers.commands import learn, quotas

router = APIRouter(tags=["learn"], route_class=ThreadedRoute)


@router.post("/learn/imports", response_model=JobPublic, status_code=202)
def import_session(body: LearnImportRequest, rt: RuntimeDep, principal: Editor) -> JobPublic:
    """Import a measured broadcast in a job (follow it at ``/jobs/{id}``): a file with bad rows fails the
    job with each bad row and column in ``result.issues`` and stores nothing."""
    quotas.check_jobs(rt, principal.merchant_id)
    with rt.session() as s:
        owned(s, Asset, body.metrics_asset_id, principal)
        if body.transcript_asset_id:
            owned(s, Asset, body.transcript_asset_id, principal)
        if body.room_id:
            owned(s, LiveRoom, body.room_id, principal)
    params = body.model_dump(mode="json", exclude_none=True)
    job_id = submit.submit(rt, "learn.import", params, merchant_id=principal.merchant_id)
    with rt.session() as s:
        audit(s, principal, "learn.import", f"asset:{body.metrics_asset_id}", job=job_id)
    return JobPublic.model_validate(submit.get(rt, job_id))


@router.get("/learn/performance", response_model=PerformancePublic)
def performance(rt: RuntimeDep, principal: PrincipalDep,
                sku: str | None = Query(None, max_length=100)) -> PerformancePublic:
    """Every section and variant with attributed click, order and GMV rates per 1000 viewer-minutes and
    their intervals, each room's experiments with P(best), and the imported sessions."""
    return PerformancePublic.model_validate(learn.performance(rt, principal.merchant_id, sku))


@router.post("/rooms/{room_id}/experiments", response_model=ExperimentPublic, status_code=201)
def start_experiment(room_id: str, body: ExperimentCreate, rt: RuntimeDep, principal: Operator) -> ExperimentPublic:
    """The room's playlist slot for ``sku`` chooses among ``scripts`` by Thompson sampling from now on."""
    with rt.session() as s:
        owned(s, LiveRoom, room_id, principal)
    experiment_id = learn.start_experiment(rt, principal.merchant_id, room_id, body.sku, body.scripts,
                                           actor=principal.actor)
    with rt.session() as s:
        audit(s, principal, "experiment.start", f"experiment:{experiment_id}", room=room_id, sku=body.sku)
    return ExperimentPublic.model_validate(learn.experiment_for(rt, principal.merchant_id, experiment_id))


@router.get("/learn/experiments/{experiment_id}", response_model=ExperimentPublic)
def read_experiment(experiment_id: str, rt: RuntimeDep, principal: PrincipalDep) -> ExperimentPublic:
    with rt.session() as s:
        owned(s, Experiment, experiment_id, principal)
    return ExperimentPublic.model_validate(learn.experiment_for(rt, principal.merchant_id, experiment_id))


@router.post("/learn/experiments/{experiment_id}/{action}", response_model=ExperimentPublic)
def override_experiment(experiment_id: str, action: Literal["pin", "unpin", "promote", "end"], body: ExperimentAction,
                        rt: RuntimeDep, principal: Operator) -> ExperimentPublic:
    """``pin`` a variant (the room airs only it until unpinned), ``unpin``, ``promote`` one by hand, or
    ``end`` the experiment (the playlist's own rotation again)."""
    with rt.session() as s:
        owned(s, Experiment, experiment_id, principal)
    learn.override(rt, principal.merchant_id, experiment_id, action, body.script_id, actor=principal.actor)
    with rt.session() as s:
        audit(s, principal, f"experiment.{action}", f"experiment:{experiment_id}", script=body.script_id)
    return ExperimentPublic.model_validate(learn.experiment_for(rt, principal.merchant_id, experiment_id))


@router.delete("/learn/sessions/{session_id}", status_code=204)
def delete_session(session_id: str, rt: RuntimeDep, principal: Editor) -> None:
    """Forget an imported session and everything credited from it."""
    with rt.session() as s:
        owned(s, LearnSession, session_id, principal)
    learn.delete_session(rt, principal.merchant_id, session_id)
    with rt.session() as s:
        audit(s, principal, "learn.delete_session", f"session:{session_id}")
