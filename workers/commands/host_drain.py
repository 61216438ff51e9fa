"""Draining a live host for an upgrade: `evercast live drain HOST`, `POST /hosts/{name}/drain`, a pod's preStop.

The host is marked draining before anything moves, so no placement or sweep sends it a room
again; its agent then hands its rooms over make-before-break, a few at a time (see
:mod:`workers.commands.fleet`). A handover that has not happened within ``fleet.drain_timeout_s``
(its standby could not start) falls back to break-before-make: the room's fence is bumped, its
holder stops on its next renewal, and another host's sweep takes the room like a failover.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from core.models import LiveRoom
from workers.commands import fleet
from workers.runtime import Runtime


def start(rt: Runtime, host: str) -> dict[str, Any]:
    """Mark ``host`` draining and plan a handover for each of its rooms."""
    return fleet.request_drain(rt, host)


def wait(rt: Runtime, host: str, progress: Callable[[float, str], None] | None = None) -> int:
    """Wait until ``host`` holds no room; returns how many are left. Its agent hands them over one by one;
    if the agent is gone (no heartbeat for a lease) or the drain overruns a timeout per room, the rest
    are forced off (they move like a failover)."""
    total = max(fleet.rooms_on(rt, host), 1)
    cfg = rt.settings.fleet
    deadline = time.monotonic() + cfg.drain_timeout_s * (total + 1)
    while left := fleet.rooms_on(rt, host):
        if progress is not None:
            progress(1 - left / total, f"{left} rooms left")
        if time.monotonic() > deadline or not agent_alive(rt, host):
            for room_id in rooms_of(rt, host):
                fleet.force_off(rt, room_id, host)
            return fleet.rooms_on(rt, host)
        time.sleep(0.5)
    return 0


def agent_alive(rt: Runtime, host: str) -> bool:
    return any(h["name"] == host and h["state"] in ("active", "draining") for h in fleet.hosts(rt))


def rooms_of(rt: Runtime, host: str) -> list[str]:
    with rt.session() as s:
        return list(s.scalars(select(LiveRoom.id).where(LiveRoom.host == host, LiveRoom.state.in_(fleet.WANTED))))
