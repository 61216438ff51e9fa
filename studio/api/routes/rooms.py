"""Live rooms: create with destinations and schedule, queue segments, start and stop, metrics."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import PlainTextResponse

from core.errors import InputError
from core.models import Asset, Avatar, LiveRoom, Voice
from studio.api.deps import Operator, PrincipalDep, RuntimeDep
from studio.api.routing import ThreadedRoute
from studio.api.tenancy import audit, owned, scoped
from studio.schemas import RoomCreate, RoomPublic, SegmentQueue
from workers.commands import rooms

router = APIRouter(tags=["rooms"], route_class=ThreadedRoute)


@router.post("/rooms", response_model=RoomPublic, status_code=201)
def create_room(body: RoomCreate, rt: RuntimeDep, principal: Operator) -> RoomPublic:
    with rt.session() as s:
        if body.avatar_id:
            owned(s, Avatar, body.avatar_id, principal)
        if body.voice_id:
            owned(s, Voice, body.voice_id, principal)
        room = LiveRoom(merchant_id=principal.merchant_id, name=body.name, avatar_id=body.avatar_id,
                        voice_id=body.voice_id, config={"schedule": body.schedule} if body.schedule else {})
        s.add(room)
        s.flush()
        room_id = room.id
    try:
        for d in body.destinations:
            rooms.add_destination(rt, room_id, d.name, d.server_url, d.stream_key)
    except InputError as exc:
        raise HTTPException(422, str(exc)) from exc
    with rt.session() as s:
        audit(s, principal, "room.create", f"room:{room_id}", destinations=len(body.destinations))
        return RoomPublic.model_validate(owned(s, LiveRoom, room_id, principal))


@router.get("/rooms", response_model=list[RoomPublic])
def list_rooms(rt: RuntimeDep, principal: PrincipalDep) -> list[RoomPublic]:
    with rt.session() as s:
        return [RoomPublic.model_validate(r) for r in s.scalars(scoped(LiveRoom, principal).order_by(LiveRoom.created_at))]


@router.get("/rooms/{room_id}", response_model=RoomPublic)
def read_room(room_id: str, rt: RuntimeDep, principal: PrincipalDep) -> RoomPublic:
    """State and live status: on air, queue depth, dark seconds, reconnects, destinations, A/V offset."""
    with rt.session() as s:
        return RoomPublic.model_validate(owned(s, LiveRoom, room_id, principal))


@router.post("/rooms/{room_id}/segments", status_code=201)
def queue_segment(room_id: str, body: SegmentQueue, rt: RuntimeDep, principal: Operator) -> dict[str, str]:
    """Queue a rendered segment; `urgent` airs at the next boundary (a flash-sale announcement)."""
    with rt.session() as s:
        owned(s, LiveRoom, room_id, principal)
        owned(s, Asset, body.asset_id, principal)
    return {"segment_id": rooms.enqueue(rt, room_id, body.asset_id, kind=body.kind, label=body.label)}


@router.post("/rooms/{room_id}/start", response_model=RoomPublic)
def start_room(room_id: str, rt: RuntimeDep, principal: Operator) -> RoomPublic:
    with rt.session() as s:
        owned(s, LiveRoom, room_id, principal)
    try:
        rooms.start(rt, room_id)
    except InputError as exc:
        raise HTTPException(409, str(exc)) from exc
    with rt.session() as s:
        audit(s, principal, "room.start", f"room:{room_id}")
        return RoomPublic.model_validate(owned(s, LiveRoom, room_id, principal))


@router.post("/rooms/{room_id}/stop", response_model=RoomPublic)
def stop_room(room_id: str, rt: RuntimeDep, principal: Operator) -> RoomPublic:
    with rt.session() as s:
        owned(s, LiveRoom, room_id, principal)
    rooms.stop(rt, room_id)
    with rt.session() as s:
        audit(s, principal, "room.stop", f"room:{room_id}")
        return RoomPublic.model_validate(owned(s, LiveRoom, room_id, principal))


@router.get("/rooms-metrics", response_class=PlainTextResponse)
def room_metrics(rt: RuntimeDep, principal: PrincipalDep) -> str:
    """Prometheus text for the merchant's rooms, from the status each room process reports."""
    lines = []
    gauges = ("uptime_s", "dark_s", "queue_s", "bitrate_kbps", "reconnects", "dropped_frames", "av_offset_ms")
    with rt.session() as s:
        for room in s.scalars(scoped(LiveRoom, principal)):
            for key in gauges:
                if isinstance(room.status.get(key), int | float):
                    lines.append(f'evercast_room_{key}{{room="{room.id}"}} {room.status[key]}')
    return "\n".join(lines) + "\n"
