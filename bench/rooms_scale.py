"""Rooms on a fleet: failover after a host is killed, and the gap of a planned drain, read at the platform.

Three live hosts on this machine (process groups of their own, relays on 127.0.0.2-4), sharing a
PostgreSQL database it creates and a Redis it starts; one API host answers the relays' fencing
checks; one nginx-rtmp "platform" logs every publisher arriving and leaving. ROOMS small rooms
(320x180) each air a queue of 3 s segments. At KILL_AT s the host holding the most rooms is
SIGKILLed with everything it runs; at DRAIN_AT s the busiest surviving host is drained.

Figures (last line): failover_s_p95 (kill -> the room published at the platform from another host),
drain_gap_ms_max (a publisher leaving the platform key -> the next arriving, during the drain),
double_publish (a publisher arriving on a key another still held: must be 0), segments_lost
(segments skipped: queued before one that played, but never played themselves; must be 0),
rooms_on_air_end (must be ROOMS).

    nice -n 10 python bench/rooms_scale.py --rooms 6 --seconds 150 --kill-at 40 --drain-at 90
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import sqlalchemy as sa  # noqa: E402
from evercast_testkit import RedisServer  # noqa: E402
from fleet_rig import Fleet  # noqa: E402
from sqlalchemy import select  # noqa: E402

from core.models import Segment  # noqa: E402
from stream.segment import RoomFormat  # noqa: E402
from stream.slate import make_slate  # noqa: E402
from workers.commands import host_drain, rooms  # noqa: E402
from workers.commands.assets import store_file  # noqa: E402

HOSTS = (("h1", "127.0.0.2"), ("h2", "127.0.0.3"), ("h3", "127.0.0.4"))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)] if ordered else float("nan")


def held_by(fleet: Fleet, room_ids: list[str]) -> dict[str, str | None]:
    return {r: fleet.room(r).host for r in room_ids}


def segments_lost(fleet: Fleet, room_id: str) -> int:
    """Segments queued before the last one played that never played themselves (skipped or failed)."""
    with fleet.rt.session() as s:
        rows = s.execute(select(Segment.position, Segment.state).where(Segment.room_id == room_id)
                         .order_by(Segment.position)).all()
    last_played = max((r.position for r in rows if r.state == "played"), default=0)
    return sum(1 for r in rows if r.position < last_played and r.state != "played")


def clock(wall: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(wall)) + f".{int(wall % 1 * 1000):03d}"


def stamp(what: str, show: bool) -> None:
    """The wall-clock time of a step, to line it up with the kept logs."""
    if show:
        print(f"{clock(time.time())} {what}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rooms", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=150.0)
    parser.add_argument("--kill-at", type=float, default=40.0)
    parser.add_argument("--drain-at", type=float, default=90.0)
    parser.add_argument("--slots", type=int, default=0, help="Slots per host (default: rooms, so two hosts carry all).")
    parser.add_argument("--spares", type=int, default=2, help="Room processes each host starts ahead (the default's).")
    parser.add_argument("--start-timeout", type=float, default=180.0,
                        help="Seconds the rooms may take to be all on air before the timeline starts.")
    parser.add_argument("--keep", action="store_true", help="Keep the run's directory (hosts', rooms' and relays' logs).")
    args = parser.parse_args()
    base = os.environ.get("EVERCAST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"evercast_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    tmp = Path(tempfile.mkdtemp(prefix="rooms-scale-"))
    redis = RedisServer(tmp / "redis")
    fleet = Fleet(tmp, admin.url.set(database=name).render_as_string(hide_password=False), redis.url,
                  slots=args.slots or args.rooms, spares=args.spares)
    try:
        for host, address in HOSTS:
            fleet.start_host(host, address)
        fleet.start_api()
        fleet.wait_hosts(*(h for h, _ in HOSTS))
        _, room_ids = fleet.make_rooms(args.rooms)
        clip = make_slate(tmp / "clip.ts", RoomFormat(320, 180), 75)
        asset = store_file(fleet.rt, fleet.room(room_ids[0]).merchant_id, clip, "segment", "video/mp2t")
        per_room = int(args.seconds / 3) + 10
        for r in room_ids:
            for _ in range(per_room):
                rooms.enqueue(fleet.rt, r, asset, duration_s=3.0)
        t0 = time.monotonic()
        for r in room_ids:
            rooms.start(fleet.rt, r)
        while not all(fleet.on_air(room_ids).values()):
            if time.monotonic() - t0 > args.start_timeout:
                raise SystemExit(f"rooms did not all go on air:\n{fleet.logs()}")
            time.sleep(0.5)
        print(f"all {args.rooms} rooms on air after {time.monotonic() - t0:.1f} s", flush=True)
        t0 = time.monotonic()
        time.sleep(max(args.kill_at - (time.monotonic() - t0), 0))
        holders = held_by(fleet, room_ids)
        victim = max((h for h, _ in HOSTS), key=lambda h: list(holders.values()).count(h))
        moved = [r for r, h in holders.items() if h == victim]
        killed_at = time.monotonic()
        stamp(f"killing {victim}", args.keep)
        fleet.kill(victim)
        back: dict[str, float] = {}
        while len(back) < len(moved) and time.monotonic() - killed_at < 90:
            for r, on in fleet.on_air(moved).items():
                if on and r not in back and fleet.room(r).host not in (victim, None):
                    back[r] = time.monotonic() - killed_at
            time.sleep(0.1)
        print(f"killed {victim} ({len(moved)} rooms): back after {sorted(round(v, 1) for v in back.values())} s", flush=True)
        time.sleep(max(args.drain_at - (time.monotonic() - t0), 0))
        holders = held_by(fleet, room_ids)
        survivors = [h for h, _ in HOSTS if h != victim]
        drained = max(survivors, key=lambda h: list(holders.values()).count(h))
        drain_at = time.monotonic()
        stamp(f"draining {drained}", args.keep)
        plan = host_drain.start(fleet.rt, drained)
        left = host_drain.wait(fleet.rt, drained)
        print(f"drained {drained}: {plan['rooms']} rooms handed over, {left} left, "
              f"{time.monotonic() - drain_at:.1f} s", flush=True)
        time.sleep(max(args.seconds - (time.monotonic() - t0), 20))  # the last handover reaches the platform
        gaps = [g for r in room_ids for g in fleet.platform_log.gaps(f"key-{r}", after=drain_at)]
        on_air = fleet.on_air(room_ids)
        on_air_end = sum(on_air.values())
        for r in (r for r, on in on_air.items() if not on):
            row = fleet.room(r)
            print(f"off air at the end: room {r} host={row.host} fence={row.fence} next={row.next_host} "
                  f"state={row.state} platform={[(round(e.at - t0, 1), e.call) for e in fleet.platform_log.of(f'key-{r}')]}")
        doubles = sum(fleet.platform_log.double_publishes(f"key-{r}") for r in room_ids)
        lost = sum(segments_lost(fleet, r) for r in room_ids)
        failover = list(back.values()) + [float("inf")] * (len(moved) - len(back))
        if args.keep:
            for r in room_ids:
                print(f"platform {r}: " + " ".join(f"{clock(e.wall)} {e.call}" for e in fleet.platform_log.of(f"key-{r}")))
        print(f"rooms={args.rooms} hosts={len(HOSTS)} killed_rooms={len(moved)} drained_rooms={plan['rooms']} "
              f"drain_gaps_ms={sorted(round(g * 1000) for g in gaps)}")
        print(f"failover_s_p95={p95(failover):.2f} drain_gap_ms_max={max(gaps, default=float('nan')) * 1000:.0f} "
              f"double_publish={doubles} segments_lost={lost} rooms_on_air_end={on_air_end}")
    finally:
        fleet.close()
        redis.stop()
        if args.keep:
            print(f"logs kept in {tmp}", flush=True)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
