"""Avatars and voices of the merchant, and speech synthesis; the heavy work runs as jobs."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query

from core.models import Asset, Avatar, Script, Voice
from studio.api.consent import consent_record
from studio.api.deps import Editor, PrincipalDep, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned, scoped
from studio.schemas import (
    AvatarCreate,
    AvatarPublic,
    JobPublic,
    SpeechRequest,
    VoiceCreate,
    VoicePublic,
)
from workers import submit
from workers.commands import quotas

router = APIRouter(tags=["avatars"], route_class=ThreadedRoute)


def _media_asset(s, asset_id: str, principal, kinds: tuple[str, ...]) -> Asset:  # noqa: ANN001
    asset = owned(s, Asset, asset_id, principal)
    if asset.kind not in kinds:
        raise HTTPException(422, f"asset {asset_id} is a {asset.kind} file; expected {' or '.join(kinds)}")
    return asset


@router.post("/avatars", response_model=AvatarPublic, status_code=202)
def create_avatar(body: AvatarCreate, rt: RuntimeDep, principal: Editor) -> AvatarPublic:
    """Gate, train and evaluate an avatar from an uploaded video (a pipeline job); consent is required."""
    quotas.check_jobs(rt, principal.merchant_id)
    with rt.session() as s:
        video = _media_asset(s, body.video_asset_id, principal, ("video",))
        row = Avatar(merchant_id=principal.merchant_id, name=body.name, source_asset_id=video.id,
                     consent=consent_record(s, body.consent, principal))
        s.add(row)
        s.flush()
        avatar_id = row.id
    job_id = submit.submit_pipeline(rt, list(submit.avatar_steps(avatar_id)), merchant_id=principal.merchant_id,
                                    name=f"avatar {body.name}")
    with rt.session() as s:
        audit(s, principal, "avatar.create", f"avatar:{avatar_id}", job=job_id)
        return AvatarPublic.model_validate(owned(s, Avatar, avatar_id, principal)).model_copy(update={"job_id": job_id})


@router.get("/avatars", response_model=list[AvatarPublic])
def list_avatars(rt: RuntimeDep, principal: PrincipalDep, limit: int = Query(100, ge=1, le=500)) -> list[AvatarPublic]:
    with rt.session() as s:
        rows = s.scalars(scoped(Avatar, principal).order_by(Avatar.created_at.desc()).limit(limit))
        return [AvatarPublic.model_validate(r) for r in rows]


@router.get("/avatars/{avatar_id}", response_model=AvatarPublic)
def read_avatar(avatar_id: str, rt: RuntimeDep, principal: PrincipalDep) -> AvatarPublic:
    """Status, the quality gate's findings and the lip-sync metrics."""
    with rt.session() as s:
        return AvatarPublic.model_validate(owned(s, Avatar, avatar_id, principal))


@router.post("/avatars/{avatar_id}/evaluate", response_model=JobPublic, status_code=202)
def evaluate_avatar(avatar_id: str, rt: RuntimeDep, principal: Editor) -> JobPublic:
    quotas.check_jobs(rt, principal.merchant_id)
    with rt.session() as s:
        if owned(s, Avatar, avatar_id, principal).status != "ready":
            raise HTTPException(409, "only a ready avatar can be evaluated")
    job_id = submit.submit(rt, "avatar.evaluate", {"avatar_id": avatar_id}, merchant_id=principal.merchant_id)
    return JobPublic.model_validate(submit.get(rt, job_id))


@router.post("/voices", response_model=VoicePublic, status_code=202)
def create_voice(body: VoiceCreate, rt: RuntimeDep, principal: Editor) -> VoicePublic:
    """Clone a voice from an uploaded recording or video (a job); consent is required."""
    quotas.check_jobs(rt, principal.merchant_id)
    with rt.session() as s:
        source = _media_asset(s, body.asset_id, principal, ("audio", "video"))
        row = Voice(merchant_id=principal.merchant_id, name=body.name, source_asset_id=source.id,
                    consent=consent_record(s, body.consent, principal))
        s.add(row)
        s.flush()
        voice_id = row.id
    job_id = submit.submit(rt, "voice.clone", {"voice_id": voice_id}, merchant_id=principal.merchant_id)
    with rt.session() as s:
        audit(s, principal, "voice.create", f"voice:{voice_id}", job=job_id)
        return VoicePublic.model_validate(owned(s, Voice, voice_id, principal)).model_copy(update={"job_id": job_id})


@router.get("/voices", response_model=list[VoicePublic])
def list_voices(rt: RuntimeDep, principal: PrincipalDep) -> list[VoicePublic]:
    with rt.session() as s:
        return [VoicePublic.model_validate(r) for r in s.scalars(scoped(Voice, principal).order_by(Voice.created_at))]


@router.get("/voices/{voice_id}", response_model=VoicePublic)
def read_voice(voice_id: str, rt: RuntimeDep, principal: PrincipalDep) -> VoicePublic:
    with rt.session() as s:
        return VoicePublic.model_validate(owned(s, Voice, voice_id, principal))


@router.post("/speech", response_model=JobPublic, status_code=202)
def create_speech(body: SpeechRequest, rt: RuntimeDep, principal: Editor) -> JobPublic:
    """Speech with word/phoneme timings as a job; the result names the audio and timings assets."""
    quotas.check_jobs(rt, principal.merchant_id)
    if bool(body.text and body.text.strip()) == bool(body.script_id):
        raise HTTPException(422, "give either text or script_id")
    with rt.session() as s:
        if body.voice_id:
            owned(s, Voice, body.voice_id, principal)
        if body.script_id:
            owned(s, Script, body.script_id, principal)
    job_id = submit.submit(rt, "voice.synthesize", body.model_dump(), merchant_id=principal.merchant_id)
    return JobPublic.model_validate(submit.get(rt, job_id))
