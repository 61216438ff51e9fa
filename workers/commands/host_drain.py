"""Draining a live host for an upgrade: `evercast live drain HOST`, `POST /hosts/{name}/drain`, a pod's preStop.

The host is marked draining before anything moves, so no placement or sweep sends it a room
again; each of its rooms is then handed over make-before-break (see :mod:`workers.commands.fleet`).
A handover that has not happened within ``fleet.drain_timeout_s`` (its standby could not start, or
no host had a free slot) falls back to break-before-make: the room's fence is bumped, its holder
stops on its next renewal, and another host's sweep takes the room like a failover.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update

from core.models import LiveRoom
from workers.commands import fleet
from workers.runtime import Runtime


def start(rt: Runtime, host: str) -> dict[str, Any]:
    """Mark ``host`` draining and plan a handover for each of its rooms."""
    return fleet.request_drain(rt, host)


def wait(rt: Runtime, host: str, progress: Callable[[float, str], None] | None = None) -> int:
    """Wait until ``host`` holds no room, forcing the stragglers off after the drain timeout; returns
    how many are left (none, unless a room was placed there again by hand)."""
    total = max(fleet.rooms_on(rt, host), 1)
    deadline = time.monotonic() + rt.settings.fleet.drain_timeout_s
    while left := fleet.rooms_on(rt, host):
        if progress is not None:
            progress(1 - left / total, f"{left} rooms left")
        if time.monotonic() > deadline:
            force_off(rt, host)
            return fleet.rooms_on(rt, host)
        time.sleep(0.5)
    return 0


def force_off(rt: Runtime, host: str) -> int:
    """Take every room from ``host`` at once (a new fence, nobody holding): its processes stop at their
    next renewal and the other hosts' sweeps place the rooms, as after a crash."""
    fleet.cancel_handovers(rt, host)
    with rt.session() as s:
        ids = list(s.scalars(select(LiveRoom.id).where(LiveRoom.host == host, LiveRoom.state.in_(fleet.WANTED))))
        s.execute(update(LiveRoom).where(LiveRoom.id.in_(ids))
                  .values(host=None, lease_until=None, fence=LiveRoom.fence + 1))
    return len(ids)
