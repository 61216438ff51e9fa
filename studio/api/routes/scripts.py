"""The SKU knowledge base and sales scripts: import, generate (a job), check, edit, review, performance."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query
from sqlalchemy import select

from core.errors import InputError
from core.models import Asset, Script, Sku
from studio.api.deps import Editor, Offset, PrincipalDep, Reviewer, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned, scoped
from studio.schemas import (
    JobPublic,
    KbImportRequest,
    ScriptCheckRequest,
    ScriptEdit,
    ScriptGenerate,
    ScriptPublic,
    ScriptState,
    SkuPublic,
)
from workers import submit
from workers.commands import quotas
from workers.commands import scripts as script_commands

router = APIRouter(tags=["scripts"], route_class=ThreadedRoute)


def _public(s: Any, row: Script) -> ScriptPublic:
    sku = s.scalar(select(Sku.code).where(Sku.id == row.sku_id)) if row.sku_id else None
    return ScriptPublic.of(row, sku)


def _bad_input(exc: InputError) -> HTTPException:
    issues = getattr(exc, "issues", None)
    detail: Any = str(exc) if not issues else {"message": str(exc), "issues": [i.model_dump() for i in issues]}
    return HTTPException(422, detail)


@router.post("/kb/imports", response_model=JobPublic, status_code=202)
def import_kb(body: KbImportRequest, rt: RuntimeDep, principal: Editor) -> JobPublic:
    """Import an uploaded CSV/JSON/XLSX (see /uploads) in a job: every row is validated before anything
    changes; a rejected file fails the job with each bad row and column in its ``result.issues``."""
    with rt.session() as s:
        asset = owned(s, Asset, body.asset_id, principal)
    job_id = submit.submit(rt, "kb.import", {"asset_id": asset.id}, merchant_id=principal.merchant_id)
    with rt.session() as s:
        audit(s, principal, "kb.import", f"asset:{asset.id}", job=job_id)
    return JobPublic.model_validate(submit.get(rt, job_id))


@router.get("/skus", response_model=list[SkuPublic])
def list_skus(rt: RuntimeDep, principal: PrincipalDep, limit: int = Query(200, ge=1, le=1000),
              offset: Offset = 0) -> list[SkuPublic]:
    query = scoped(Sku, principal).with_only_columns(Sku.code, Sku.title, Sku.version, Sku.data)  # rows, not entities
    with rt.session() as s:
        rows = s.execute(query.order_by(Sku.code).limit(limit).offset(offset))
        return [SkuPublic.model_validate(r) for r in rows]


@router.get("/skus/{code}", response_model=SkuPublic)
def read_sku(code: str, rt: RuntimeDep, principal: PrincipalDep) -> SkuPublic:
    with rt.session() as s:
        row = s.scalar(scoped(Sku, principal).where(Sku.code == code))
        if row is None:
            raise HTTPException(404, f"sku {code} not found")
        return SkuPublic.model_validate(row)


@router.post("/scripts/generate", response_model=JobPublic, status_code=202)
def generate_script(body: ScriptGenerate, rt: RuntimeDep, principal: Editor) -> JobPublic:
    """Queue a generation job; its result names the new draft script."""
    quotas.check_jobs(rt, principal.merchant_id)
    with rt.session() as s:
        if s.scalar(scoped(Sku, principal).where(Sku.code == body.sku)) is None:
            raise HTTPException(404, f"sku {body.sku} not found")
    job_id = submit.submit(rt, "script.generate", {**body.model_dump(), "author": principal.actor},
                           merchant_id=principal.merchant_id)
    with rt.session() as s:
        audit(s, principal, "script.generate", f"job:{job_id}", sku=body.sku)
    return JobPublic.model_validate(submit.get(rt, job_id))


@router.post("/scripts/check")
def check_script(body: ScriptCheckRequest, rt: RuntimeDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    """Findings (claims without support, banned terms ...) with character spans into `text`."""
    with rt.session() as s:
        if s.scalar(scoped(Sku, principal).where(Sku.code == body.sku)) is None:
            raise HTTPException(404, f"sku {body.sku} not found")
    try:
        return script_commands.check_text(rt, principal.merchant_id, body.sku, body.text, at=body.at)
    except InputError as exc:
        raise _bad_input(exc) from exc


@router.get("/scripts", response_model=list[ScriptPublic])
def list_scripts(rt: RuntimeDep, principal: PrincipalDep, state: str | None = Query(None, max_length=20),
                 limit: int = Query(100, ge=1, le=500)) -> list[ScriptPublic]:
    query = scoped(Script, principal).order_by(Script.created_at.desc()).limit(limit)
    if state:
        query = query.where(Script.state == state)
    with rt.session() as s:
        return [_public(s, r) for r in s.scalars(query)]


@router.get("/scripts/{script_id}", response_model=ScriptPublic)
def read_script(script_id: str, rt: RuntimeDep, principal: PrincipalDep) -> ScriptPublic:
    with rt.session() as s:
        return _public(s, owned(s, Script, script_id, principal))


@router.post("/scripts/{script_id}/edit", response_model=ScriptPublic, status_code=201)
def edit_script(script_id: str, body: ScriptEdit, rt: RuntimeDep, principal: Editor) -> ScriptPublic:
    """A new draft version with the diff and fresh findings."""
    with rt.session() as s:
        owned(s, Script, script_id, principal)
    try:
        new_id = script_commands.edit(rt, script_id, body.text, principal.actor)
    except InputError as exc:
        raise _bad_input(exc) from exc
    with rt.session() as s:
        audit(s, principal, "script.edit", f"script:{new_id}", edited_from=script_id)
        return _public(s, owned(s, Script, new_id, principal))


@router.post("/scripts/{script_id}/state", response_model=ScriptPublic)
def change_script_state(script_id: str, body: ScriptState, rt: RuntimeDep, principal: Reviewer) -> ScriptPublic:
    with rt.session() as s:
        owned(s, Script, script_id, principal)
    try:
        script_commands.set_state(rt, script_id, body.state)
    except InputError as exc:
        raise HTTPException(409, str(exc)) from exc
    with rt.session() as s:
        audit(s, principal, f"script.{body.state}", f"script:{script_id}")
        return _public(s, owned(s, Script, script_id, principal))


@router.post("/scripts/{script_id}/performance", status_code=201)
def record_performance(script_id: str, body: dict[str, Any], rt: RuntimeDep, principal: Editor) -> dict[str, int]:
    """How the script did on air (views, dwell_seconds, clicks, orders, gmv for a section and window)."""
    with rt.session() as s:
        owned(s, Script, script_id, principal)
    try:
        return {"id": script_commands.record_performance(rt, script_id, body)}
    except ValueError as exc:  # pydantic validation and InputError
        raise HTTPException(422, str(exc)) from exc

