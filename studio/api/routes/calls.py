"""Outbound call campaigns: trunks, voice licences, calling rules, campaigns with their calls, the DNC list."""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Query
from fastapi.responses import Response

from core.models import Asset, CallCampaign, CallTrunk, Voice, VoiceLicence
from studio.api.deps import Editor, Offset, Operator, Owner, PrincipalDep, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned, scoped
from studio.schemas import (
    CallRecipientPublic,
    CallRulesIn,
    CampaignCreate,
    CampaignPublic,
    DncAdd,
    LicenceCreate,
    TestCallRequest,
    TrunkCreate,
    TrunkPublic,
)
from workers import submit
from workers.commands import call_runner, calls

router = APIRouter(tags=["calls"], route_class=ThreadedRoute)


@router.post("/trunks", response_model=TrunkPublic, status_code=201)
def create_trunk(body: TrunkCreate, rt: RuntimeDep, principal: Owner) -> TrunkPublic:
    trunk = calls.add_trunk(rt, principal.merchant_id, name=body.name, url=body.url, caller_id=body.caller_id,
                            max_channels=body.max_channels, calls_per_second=body.calls_per_second)
    with rt.session() as s:
        audit(s, principal, "trunk.create", f"trunk:{trunk['id']}")
    return TrunkPublic(**trunk)


@router.get("/trunks", response_model=list[TrunkPublic])
def list_trunks(rt: RuntimeDep, principal: PrincipalDep) -> list[TrunkPublic]:
    with rt.session() as s:
        return [TrunkPublic(**calls.trunk_view(t)) for t in s.scalars(scoped(CallTrunk, principal)
                                                                      .order_by(CallTrunk.created_at))]


@router.post("/voices/{voice_id}/licences", status_code=201)
def add_licence(voice_id: str, body: LicenceCreate, rt: RuntimeDep, principal: Owner) -> dict[str, str]:
    """The contract behind a voice: a campaign needs one that covers calls, in force, where it calls."""
    with rt.session() as s:
        owned(s, Voice, voice_id, principal)
    licence_id = calls.add_licence(rt, principal.merchant_id, voice_id, grantor=body.grantor, scopes=body.scopes,
                                   territories=body.territories, expires_at=body.expires_at,
                                   starts_at=body.starts_at, reference=body.reference)
    with rt.session() as s:
        audit(s, principal, "voice.licence", f"voice:{voice_id}", licence=licence_id)
    return {"id": licence_id}


@router.get("/voices/{voice_id}/licences")
def list_licences(voice_id: str, rt: RuntimeDep, principal: PrincipalDep) -> list[dict[str, object]]:
    with rt.session() as s:
        owned(s, Voice, voice_id, principal)
        return [{"id": r.id, "grantor": r.grantor, "scopes": r.scopes, "territories": r.territories,
                 "starts_at": r.starts_at, "expires_at": r.expires_at, "reference": r.reference}
                for r in s.scalars(scoped(VoiceLicence, principal).where(VoiceLicence.voice_id == voice_id)
                                   .order_by(VoiceLicence.created_at))]


@router.put("/call-rules")
def set_call_rules(body: CallRulesIn, rt: RuntimeDep, principal: Owner) -> dict[str, object]:
    """Calling hours, frequency cap and interest webhook; a new webhook's signing secret is shown once."""
    rules = calls.set_rules(rt, principal.merchant_id, **body.model_dump(exclude_none=True))
    with rt.session() as s:
        audit(s, principal, "calls.rules", "", webhook=bool(rules.get("webhook_url")))
    return rules


@router.post("/campaigns", response_model=CampaignPublic, status_code=201)
def create_campaign(body: CampaignCreate, rt: RuntimeDep, principal: Editor) -> CampaignPublic:
    """Refused at once (422) if the voice's licence does not cover calls; then a job imports the recipients
    (every bad row and column fails it) and renders each checked message at 8 kHz."""
    with rt.session() as s:
        owned(s, Asset, body.recipients_asset_id, principal)
        owned(s, Voice, body.voice_id, principal)
        owned(s, CallTrunk, body.trunk_id, principal)
    campaign_id, job_id = calls.create_campaign(rt, principal.merchant_id, **body.model_dump())
    with rt.session() as s:
        audit(s, principal, "campaign.create", f"campaign:{campaign_id}", job=job_id)
    return CampaignPublic(**calls.campaign_view(rt, campaign_id))


@router.get("/campaigns", response_model=list[CampaignPublic])
def list_campaigns(rt: RuntimeDep, principal: PrincipalDep) -> list[CampaignPublic]:
    with rt.session() as s:
        ids = list(s.scalars(scoped(CallCampaign, principal).with_only_columns(CallCampaign.id)
                             .order_by(CallCampaign.created_at.desc()).limit(100)))
    return [CampaignPublic(**calls.campaign_view(rt, i)) for i in ids]


def _campaign(rt: RuntimeDep, campaign_id: str, principal: PrincipalDep) -> str:
    with rt.session() as s:
        return owned(s, CallCampaign, campaign_id, principal).id


@router.get("/campaigns/{campaign_id}", response_model=CampaignPublic)
def read_campaign(campaign_id: str, rt: RuntimeDep, principal: PrincipalDep) -> CampaignPublic:
    """State, progress, recipients by state, attempts by outcome, interest count, and any alert."""
    return CampaignPublic(**calls.campaign_view(rt, _campaign(rt, campaign_id, principal)))


def _control(rt: RuntimeDep, campaign_id: str, principal: Operator, action: str) -> CampaignPublic:
    campaign_id = _campaign(rt, campaign_id, principal)
    {"start": calls.start, "pause": calls.pause, "cancel": calls.cancel}[action](rt, campaign_id)
    with rt.session() as s:
        audit(s, principal, f"campaign.{action}", f"campaign:{campaign_id}")
    return CampaignPublic(**calls.campaign_view(rt, campaign_id))


@router.post("/campaigns/{campaign_id}/start", response_model=CampaignPublic)
def start_campaign(campaign_id: str, rt: RuntimeDep, principal: Operator) -> CampaignPublic:
    """Start dialing once the messages are ready; also resumes after a pause or a trunk alert."""
    return _control(rt, campaign_id, principal, "start")


@router.post("/campaigns/{campaign_id}/pause", response_model=CampaignPublic)
def pause_campaign(campaign_id: str, rt: RuntimeDep, principal: Operator) -> CampaignPublic:
    """No new calls; calls already up finish and are recorded."""
    return _control(rt, campaign_id, principal, "pause")


@router.post("/campaigns/{campaign_id}/cancel", response_model=CampaignPublic)
def cancel_campaign(campaign_id: str, rt: RuntimeDep, principal: Operator) -> CampaignPublic:
    """End the campaign for good."""
    return _control(rt, campaign_id, principal, "cancel")


@router.post("/campaigns/{campaign_id}/test-call", status_code=202)
def test_call(campaign_id: str, body: TestCallRequest, rt: RuntimeDep, principal: Operator) -> dict[str, str]:
    """Call your own phone with a recipient's message over the campaign's trunk before launch; the job's result
    holds the outcome (answered, digits, seconds heard). Numbers on the DNC list are refused."""
    campaign_id = _campaign(rt, campaign_id, principal)
    phone = call_runner.test_call_number(rt, campaign_id, body.phone)  # a bad or DNC number: 422 now, not a job
    with rt.session() as s:
        audit(s, principal, "campaign.test_call", f"campaign:{campaign_id}", phone=phone)
    job_id = submit.submit(rt, "calls.test_call", {"campaign_id": campaign_id, "phone": phone, "row": body.row},
                         merchant_id=principal.merchant_id)
    return {"job_id": job_id, "phone": phone}


@router.get("/campaigns/{campaign_id}/calls", response_model=list[CallRecipientPublic])
def campaign_calls(campaign_id: str, rt: RuntimeDep, principal: PrincipalDep,
                   limit: int = Query(100, ge=1, le=1000), offset: Offset = 0) -> list[CallRecipientPublic]:
    """Per recipient: message, state and reason (which rule skipped or deferred them), every attempt."""
    rows = calls.campaign_calls(rt, _campaign(rt, campaign_id, principal), limit=limit, offset=offset)
    return [CallRecipientPublic(**r) for r in rows]


@router.get("/campaigns/{campaign_id}/export", response_class=Response)
def export_campaign(campaign_id: str, rt: RuntimeDep, principal: PrincipalDep) -> Response:
    """The outcomes as CSV: one line per attempt (skips with their rule), never-attempted recipients too."""
    out = io.StringIO()
    csv.writer(out).writerows(calls.export_rows(rt, _campaign(rt, campaign_id, principal)))
    return Response(out.getvalue().encode("utf-8-sig"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="campaign-{campaign_id}.csv"'})


@router.post("/dnc", status_code=201)
def add_dnc(body: DncAdd, rt: RuntimeDep, principal: Editor) -> dict[str, list[str]]:
    """Numbers this merchant must never call, checked again before every call."""
    phones = calls.add_dnc(rt, principal.merchant_id, body.phones, region=body.region.upper())
    with rt.session() as s:
        audit(s, principal, "dnc.add", "", count=len(phones))
    return {"phones": phones}
