"""Live hosts on a fleet: who airs what (`GET /hosts`), planned drains, and the relays' fencing check."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Header, HTTPException, Query
from fastapi.responses import PlainTextResponse

from studio.api.deps import Owner, RuntimeDep
from studio.api.routes.rooms import prometheus_line
from studio.api.routing import ThreadedRoute
from workers.commands import fleet, host_drain

router = APIRouter(tags=["hosts"], route_class=ThreadedRoute)


@router.get("/relay/fence/{token}", response_class=PlainTextResponse, include_in_schema=False)
def relay_fence(token: str, rt: RuntimeDep, name: str = Query("", max_length=64), host: str = Query("", max_length=100),
                fence: int = Query(-1, ge=-1, le=2**62), call: str = Query("", max_length=30)) -> str:
    """nginx-rtmp's on_publish/on_play/on_update: 200 lets the publisher air the room (or the player copy
    it), 403 refuses or drops it. Only the holder of the room's current lease publishes; its destination
    copies play under the same fence, and so do a standby's, waiting before its handover. A copy of a
    process that lost its lease is refused or dropped: it would otherwise push the new holder's stream to
    the platform key in its name. The path's token keeps strangers out."""
    if not secrets.compare_digest(token, fleet.hook_token(rt)):
        raise HTTPException(404, "not found")
    if call in ("publish", "update_publish"):
        allowed = fleet.publisher_allowed(rt, name, host, fence)
    elif call in ("play", "update_play"):
        allowed = fleet.player_allowed(rt, name, host, fence)
    else:
        raise HTTPException(400, f"not a relay hook call: {call!r}")
    if not allowed:
        raise HTTPException(403, f"room {name}: fence {fence} from {host} is not the current lease")
    return "ok"


@router.get("/hosts")
def list_hosts(rt: RuntimeDep, principal: Owner) -> list[dict]:
    """Every live host: state (active, draining, unreachable, gone), slots, rooms, CPU; only the
    caller's own rooms are named."""
    return fleet.hosts(rt, principal.merchant_id)


@router.get("/hosts-metrics", response_class=PlainTextResponse)
def host_metrics(rt: RuntimeDep, principal: Owner) -> str:
    """Prometheus text per live host: up, draining, slots, rooms, CPU."""
    return "\n".join(prometheus_line(*m) for m in fleet.host_metrics(rt)) + "\n"


@router.post("/hosts/{name}/drain", status_code=202)
def drain_host(name: str, rt: RuntimeDep, x_fleet_token: str = Header("")) -> dict:
    """Move every room off a host (a platform operator's action, with EVERCAST_FLEET__ADMIN_TOKEN; merchants
    share hosts and cannot drain them). Returns the planned handovers; `GET /hosts` follows them."""
    admin = rt.settings.fleet.admin_token.get_secret_value()
    if not admin or not secrets.compare_digest(x_fleet_token, admin):
        raise HTTPException(403, "draining a host needs the fleet's admin token (X-Fleet-Token)")
    return host_drain.start(rt, name)
