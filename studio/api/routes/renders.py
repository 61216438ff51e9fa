"""Renders: an avatar speaking stored speech, as a job whose result names the video asset."""

from __future__ import annotations

from fastapi import APIRouter

from core.models import Asset, Avatar
from studio.api.deps import Editor, RuntimeDep
from studio.api.tenancy import audit, owned
from studio.schemas import JobPublic, RenderRequest
from workers import submit

router = APIRouter(tags=["renders"])


@router.post("/renders", response_model=JobPublic, status_code=202)
def create_render(body: RenderRequest, rt: RuntimeDep, principal: Editor) -> JobPublic:
    with rt.session() as s:
        owned(s, Avatar, body.avatar_id, principal)
        owned(s, Asset, body.audio_asset_id, principal)
        if body.timings_asset_id:
            owned(s, Asset, body.timings_asset_id, principal)
    job_id = submit.submit(rt, "render.segment", body.model_dump(), merchant_id=principal.merchant_id)
    with rt.session() as s:
        audit(s, principal, "render.create", f"job:{job_id}", avatar=body.avatar_id)
    return JobPublic.model_validate(submit.get(rt, job_id))
