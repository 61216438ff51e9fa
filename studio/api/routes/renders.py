"""Renders: an avatar speaking stored speech, as a job whose result names the video asset."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from core.models import Asset, Avatar, Sku, Voice
from studio.api.deps import Editor, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned, scoped
from studio.schemas import BatchCreate, JobPublic, RenderRequest
from workers import submit
from workers.commands import batches, quotas

router = APIRouter(tags=["renders"], route_class=ThreadedRoute)


@router.post("/renders", response_model=JobPublic, status_code=202)
def create_render(body: RenderRequest, rt: RuntimeDep, principal: Editor) -> JobPublic:
    quotas.check_jobs(rt, principal.merchant_id)
    with rt.session() as s:
        owned(s, Avatar, body.avatar_id, principal)
        owned(s, Asset, body.audio_asset_id, principal)
        for asset_id in (body.timings_asset_id, body.background_asset_id):
            if asset_id:
                owned(s, Asset, asset_id, principal)
    job_id = submit.submit(rt, "render.segment", body.model_dump(), merchant_id=principal.merchant_id)
    with rt.session() as s:
        audit(s, principal, "render.create", f"job:{job_id}", avatar=body.avatar_id)
    return JobPublic.model_validate(submit.get(rt, job_id))


@router.post("/batches", response_model=JobPublic, status_code=202)
def create_batch(body: BatchCreate, rt: RuntimeDep, principal: Editor) -> JobPublic:
    """N SKUs x M templates -> one short video each (script, speech, lip-sync, cover, subtitles), zipped.
    A failed item does not stop the others; resuming the job redoes only unfinished items."""
    quotas.check_jobs(rt, principal.merchant_id)
    files = [t.model_dump(include={f"{field}_asset_id" for field in batches.TEMPLATE_FILES}) for t in body.templates]
    files += [{"image": card.image_asset_id} for card in body.cards.values()]
    with rt.session() as s:
        owned(s, Avatar, body.avatar_id, principal)
        if body.voice_id:
            owned(s, Voice, body.voice_id, principal)
        for asset_id in (value for refs in files for value in refs.values() if value):
            owned(s, Asset, asset_id, principal)
        known = set(s.scalars(scoped(Sku, principal).where(Sku.code.in_(body.skus)).with_only_columns(Sku.code)))
    if missing := [sku for sku in body.skus if sku not in known]:
        raise HTTPException(404, f"unknown SKU(s): {', '.join(missing[:20])}")
    batches.check_request(rt, principal.merchant_id, body.skus, [t.model_dump() for t in body.templates],
                          {sku: card.model_dump() for sku, card in body.cards.items()})
    job_id = submit.submit(rt, "render.batch", body.model_dump(), merchant_id=principal.merchant_id)
    with rt.session() as s:
        audit(s, principal, "batch.create", f"job:{job_id}", items=len(body.skus) * len(body.templates))
    return JobPublic.model_validate(submit.get(rt, job_id))
