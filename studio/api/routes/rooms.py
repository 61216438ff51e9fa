"""Live rooms: create with destinations, playlist and schedule; start, stop and control; watch over WebRTC."""

from __future__ import annotations

import httpx
from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import PlainTextResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import InputError
from core.models import Asset, Avatar, LiveRoom, Segment, Voice
from studio.api.deps import Operator, PrincipalDep, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned, scoped
from studio.schemas import (
    Announcement,
    JobPublic,
    RoomCommandIn,
    RoomCreate,
    RoomPublic,
    RoomUpdate,
    SegmentPublic,
    SegmentQueue,
    WebRtcOffer,
)
from workers import submit
from workers.commands import fleet, quotas, rooms
from workers.submit import Runtime

router = APIRouter(tags=["rooms"], route_class=ThreadedRoute)


def _configure(s: Session, room: LiveRoom, body: RoomCreate | RoomUpdate) -> None:
    if body.schedule is not None:
        rooms.set_schedule(room, body.schedule.model_dump())
    if body.playlist is not None:
        rooms.set_playlist(s, room, body.playlist.skus, body.playlist.prompts, body.playlist.prompt_every)
    if "responsible" in body.model_fields_set:
        rooms.set_responsible(room, body.responsible)


@router.post("/rooms", response_model=RoomPublic, status_code=201)
def create_room(body: RoomCreate, rt: RuntimeDep, principal: Operator) -> RoomPublic:
    """One transaction: a refused schedule, playlist, size or destination leaves no room behind."""
    if bool(body.width) != bool(body.height):
        raise InputError("give both width and height of the room, or neither")
    with rt.session() as s:
        if body.avatar_id:
            owned(s, Avatar, body.avatar_id, principal)
        if body.voice_id:
            owned(s, Voice, body.voice_id, principal)
        if body.background_asset_id:
            owned(s, Asset, body.background_asset_id, principal)
        room = LiveRoom(merchant_id=principal.merchant_id, name=body.name, avatar_id=body.avatar_id,
                        voice_id=body.voice_id,
                        config={"background_asset_id": body.background_asset_id} if body.background_asset_id else {})
        s.add(room)
        s.flush()
        _configure(s, room, body)
        if body.width and body.height:
            rooms.set_format(room, body.width, body.height)
        for d in body.destinations:
            rooms.add_destination(rt, s, room, d.name, d.server_url, d.stream_key)
        audit(s, principal, "room.create", f"room:{room.id}", destinations=len(body.destinations))
        return RoomPublic.of(room)


@router.get("/rooms", response_model=list[RoomPublic])
def list_rooms(rt: RuntimeDep, principal: PrincipalDep) -> list[RoomPublic]:
    with rt.session() as s:
        return [RoomPublic.of(r) for r in s.scalars(scoped(LiveRoom, principal).order_by(LiveRoom.created_at))]


@router.get("/rooms/{room_id}", response_model=RoomPublic)
def read_room(room_id: str, rt: RuntimeDep, principal: PrincipalDep) -> RoomPublic:
    """State and live status: on air, queue depth, dark seconds, reconnects, destinations, A/V offset."""
    with rt.session() as s:
        return RoomPublic.of(owned(s, LiveRoom, room_id, principal))


@router.patch("/rooms/{room_id}", response_model=RoomPublic)
def update_room(room_id: str, body: RoomUpdate, rt: RuntimeDep, principal: Operator) -> RoomPublic:
    """Change the schedule or the playlist; a running room picks up a new playlist at its next fill."""
    with rt.session() as s:
        room = owned(s, LiveRoom, room_id, principal)
        _configure(s, room, body)
        audit(s, principal, "room.update", f"room:{room_id}", fields=sorted(body.model_fields_set))
        return RoomPublic.of(room)


@router.get("/rooms/{room_id}/segments", response_model=list[SegmentPublic])
def list_segments(room_id: str, rt: RuntimeDep, principal: PrincipalDep,
                  limit: int = Query(50, ge=1, le=500)) -> list[SegmentPublic]:
    """The room's queue and what it aired, newest first."""
    with rt.session() as s:
        owned(s, LiveRoom, room_id, principal)
        rows = s.scalars(select(Segment).where(Segment.room_id == room_id)
                         .order_by(Segment.position.desc()).limit(limit))
        return [SegmentPublic.model_validate(r) for r in rows]


@router.post("/rooms/{room_id}/segments", status_code=201)
def queue_segment(room_id: str, body: SegmentQueue, rt: RuntimeDep, principal: Operator) -> dict[str, str]:
    """Queue a rendered segment; `urgent` airs at the next boundary (a flash-sale announcement)."""
    with rt.session() as s:
        owned(s, LiveRoom, room_id, principal)
        owned(s, Asset, body.asset_id, principal)
    return {"segment_id": rooms.enqueue(rt, room_id, body.asset_id, kind=body.kind, label=body.label)}


@router.post("/rooms/{room_id}/announce", response_model=JobPublic, status_code=202)
def announce(room_id: str, body: Announcement, rt: RuntimeDep, principal: Operator) -> JobPublic:
    """Speak, render and air a text at the next boundary, ahead of the playlist."""
    quotas.check_jobs(rt, principal.merchant_id)
    with rt.session() as s:
        owned(s, LiveRoom, room_id, principal)
    job_id = rooms.announce(rt, room_id, body.text, body.emotion)
    with rt.session() as s:
        audit(s, principal, "room.announce", f"room:{room_id}", job=job_id)
    return JobPublic.model_validate(submit.get(rt, job_id))


@router.post("/rooms/{room_id}/commands", status_code=202)
def command(room_id: str, body: RoomCommandIn, rt: RuntimeDep, principal: Operator) -> dict[str, str]:
    """pause, resume, skip (the segment on air) or reconnect (a planned RTMP reconnect)."""
    with rt.session() as s:
        owned(s, LiveRoom, room_id, principal)
    try:
        command_id = rooms.send_command(rt, room_id, body.action)
    except InputError as exc:
        raise HTTPException(409, str(exc)) from exc
    with rt.session() as s:
        audit(s, principal, f"room.{body.action}", f"room:{room_id}")
    return {"command_id": command_id}


@router.get("/webrtc/ice-servers")
def ice_servers(rt: RuntimeDep, principal: PrincipalDep) -> list[dict[str, str]]:
    """The STUN/TURN servers (EVERCAST_STREAM__ICE_SERVERS) a viewer's browser uses to reach a room's host,
    as RTCPeerConnection's ``iceServers``: the same list the rooms offer candidates through. A TURN
    credential is the deployment's, so only a logged-in caller gets it."""
    return [{"urls": server.urls, **({"username": server.username, "credential": server.credential.get_secret_value()}
                                      if server.username else {})} for server in rt.settings.stream.ice_servers]


@router.post("/rooms/{room_id}/webrtc")
def watch(room_id: str, body: WebRtcOffer, rt: RuntimeDep, principal: PrincipalDep) -> dict[str, str]:
    """Answer a viewer's WebRTC offer with the room's live picture and sound (host candidates, and relayed ones
    through ``GET /webrtc/ice-servers``); on a fleet the offer is forwarded to the room's host, whichever API
    host received it."""
    with rt.session() as s:
        room = owned(s, LiveRoom, room_id, principal)
        preview = room.config.get("preview")
        if room.state not in rooms.ACTIVE_STATES or not preview:
            raise HTTPException(409, f"room {room.name} is not on air")
    if not body.sdp.startswith("v=0") or "\nm=" not in body.sdp:
        raise HTTPException(422, "not a WebRTC offer: an SDP starting with v=0, with media sections")
    try:
        answer = httpx.post(f"http://{preview.get('host', '127.0.0.1')}:{preview['port']}/offer", json=body.model_dump(),
                            headers={"x-preview-token": preview["token"]}, timeout=15)
    except httpx.ConnectError as exc:
        raise HTTPException(409, f"room {room_id} is still starting its preview; try again") from exc
    if answer.status_code == 400:
        raise HTTPException(422, answer.json()["detail"])
    if answer.status_code != 200:
        raise HTTPException(502, f"the room's preview failed: {answer.text[:200]}")
    return answer.json()


@router.post("/rooms/{room_id}/start", response_model=RoomPublic)
def start_room(room_id: str, rt: RuntimeDep, principal: Operator) -> RoomPublic:
    with rt.session() as s:
        owned(s, LiveRoom, room_id, principal)
    quotas.check_live_rooms(rt, principal.merchant_id, room_id)
    try:
        rooms.start(rt, room_id)
    except InputError as exc:
        raise HTTPException(409, str(exc)) from exc
    with rt.session() as s:
        audit(s, principal, "room.start", f"room:{room_id}")
        return RoomPublic.of(owned(s, LiveRoom, room_id, principal))


@router.post("/rooms/{room_id}/stop", response_model=RoomPublic)
def stop_room(room_id: str, rt: RuntimeDep, principal: Operator) -> RoomPublic:
    with rt.session() as s:
        owned(s, LiveRoom, room_id, principal)
    rooms.stop(rt, room_id)
    with rt.session() as s:
        audit(s, principal, "room.stop", f"room:{room_id}")
        return RoomPublic.of(owned(s, LiveRoom, room_id, principal))


@router.get("/rooms-metrics", response_class=PlainTextResponse)
def room_metrics(rt: RuntimeDep, principal: PrincipalDep) -> str:
    """Prometheus text for the merchant's rooms, from the status each room process reports, with the
    host airing it, and for every started room whether it is on air, how long it has been off, and the
    off-air alert (past EVERCAST_FLEET__OFF_AIR_ALERT_S)."""
    lines = []
    gauges = ("uptime_s", "dark_s", "queue_s", "bitrate_kbps", "reconnects", "dropped_frames", "av_offset_ms")
    with rt.session() as s:
        for room in s.scalars(scoped(LiveRoom, principal)):
            for key in gauges:
                if isinstance(room.status.get(key), int | float):
                    lines.append(f'evercast_room_{key}{{room="{room.id}",host="{room.host or ""}"}} {room.status[key]}')
    lines += [prometheus_line(*m) for m in fleet.room_metrics(rt, principal.merchant_id)]
    return "\n".join(lines) + "\n"


def prometheus_line(name: str, labels: dict[str, str], value: float) -> str:
    """One sample; label values are ids and host names (no quotes or backslashes reach them)."""
    return f"{name}{{{','.join(f'{k}={chr(34)}{v}{chr(34)}' for k, v in labels.items())}}} {value}"
