"""Retraining: dataset versions, adapter training (a gpu job), the promotion gate, promote and rollback."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from core.errors import InputError
from core.models import Adapter, TrainingDataset
from studio.api.deps import Editor, Principal, PrincipalDep, Reviewer, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned
from studio.schemas import (
    AdapterPublic,
    DatasetBuild,
    DatasetPublic,
    JobPublic,
    RollbackPublic,
    TrainSubmit,
)
from workers import submit
from workers.commands import quotas, retrain

router = APIRouter(tags=["retrain"], route_class=ThreadedRoute)


def _job(rt: submit.Runtime, principal: Principal, kind: str, params: dict[str, Any], resource: str) -> JobPublic:
    quotas.check_jobs(rt, principal.merchant_id)
    job_id = submit.submit(rt, kind, params, merchant_id=principal.merchant_id)
    with rt.session() as s:
        audit(s, principal, kind, resource, job=job_id)
    return JobPublic.model_validate(submit.get(rt, job_id))


@router.get("/learn/datasets", response_model=list[DatasetPublic])
def list_datasets(rt: RuntimeDep, principal: PrincipalDep) -> list[DatasetPublic]:
    return [DatasetPublic.model_validate(d) for d in retrain.list_datasets(rt, principal.merchant_id)]


@router.post("/learn/datasets", response_model=JobPublic, status_code=202)
def build_dataset(body: DatasetBuild, rt: RuntimeDep, principal: Editor) -> JobPublic:
    """A job that builds a new dataset version from the attributed variants (its result names it; the same
    content gives back the existing version)."""
    return _job(rt, principal, "learn.dataset", {"options": body.model_dump(exclude_none=True)}, "datasets")


@router.get("/learn/datasets/{dataset_id}", response_model=DatasetPublic)
def read_dataset(dataset_id: str, rt: RuntimeDep, principal: PrincipalDep) -> DatasetPublic:
    with rt.session() as s:
        owned(s, TrainingDataset, dataset_id, principal)
    return DatasetPublic.model_validate(next(d for d in retrain.list_datasets(rt, principal.merchant_id)
                                             if d["id"] == dataset_id))


@router.post("/learn/train", response_model=JobPublic, status_code=202)
def train(body: TrainSubmit, rt: RuntimeDep, principal: Editor) -> JobPublic:
    """A gpu job: LoRA training of the hf backend's base model on the dataset, then its gate (progress in the job)."""
    with rt.session() as s:
        owned(s, TrainingDataset, body.dataset_id, principal)
    try:
        retrain.train_config(rt, body.train)  # a bad value is a 422 now, not a failed job later
    except InputError as exc:
        raise HTTPException(422, str(exc)) from exc
    return _job(rt, principal, "learn.train", {"dataset_id": body.dataset_id, "train": body.train},
                f"dataset:{body.dataset_id}")


@router.get("/learn/adapters", response_model=list[AdapterPublic])
def list_adapters(rt: RuntimeDep, principal: PrincipalDep) -> list[AdapterPublic]:
    return [AdapterPublic.model_validate(a) for a in retrain.list_adapters(rt, principal.merchant_id)]


@router.post("/learn/adapters/{adapter_id}/gate", response_model=JobPublic, status_code=202)
def gate(adapter_id: str, rt: RuntimeDep, principal: Editor) -> JobPublic:
    """Run the gate again, against the adapter promoted now (a gpu job)."""
    with rt.session() as s:
        owned(s, Adapter, adapter_id, principal)
    return _job(rt, principal, "learn.gate", {"adapter_id": adapter_id}, f"adapter:{adapter_id}")


@router.post("/learn/adapters/{adapter_id}/promote", response_model=AdapterPublic)
def promote(adapter_id: str, rt: RuntimeDep, principal: Reviewer) -> AdapterPublic:
    """Serve this adapter from now on; 409 unless its gate passed against the adapter served now."""
    with rt.session() as s:
        owned(s, Adapter, adapter_id, principal)
    try:
        adapter = retrain.promote(rt, principal.merchant_id, adapter_id)
    except InputError as exc:
        raise HTTPException(409, str(exc)) from exc
    with rt.session() as s:
        audit(s, principal, "learn.promote", f"adapter:{adapter_id}", version=adapter["version"])
    return AdapterPublic.model_validate(adapter)


@router.post("/learn/adapters/rollback", response_model=RollbackPublic)
def rollback(rt: RuntimeDep, principal: Reviewer) -> RollbackPublic:
    """Serve the adapter promoted before the current one (or the bare base model); 409 when none is promoted."""
    try:
        result = retrain.rollback(rt, principal.merchant_id)
    except InputError as exc:
        raise HTTPException(409, str(exc)) from exc
    with rt.session() as s:
        audit(s, principal, "learn.rollback", f"adapter:{result['rolled_back']['id']}",
              serving=result["serving"]["id"] if result["serving"] else "base")
    return RollbackPublic.model_validate(result)
