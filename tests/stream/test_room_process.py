"""A room as the product runs it: rows in the database, its own process started by the CLI, a real
nginx relay and a real platform server, a segment queued through the database, read back at the platform."""

from __future__ import annotations

import subprocess
import sys
import time

from evercast_testkit import REPO, free_port

from core.models import LiveRoom, Merchant, Segment
from stream.monitor import watch
from workers.commands import rooms
from workers.commands.assets import store_file
from workers.runtime import Runtime


def cli(stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "studio.cli", "live", *args], env=stack.env, cwd=REPO,
                          capture_output=True, text=True, timeout=60)


def test_a_room_goes_live_airs_its_queue_and_stops(make_stack, nginx, slates):
    platform = nginx("platform")
    stack = make_stack(extra_env={"EVERCAST_STREAM__RELAY_URL": f"rtmp://127.0.0.1:{free_port()}/live",
                                  "EVERCAST_STREAM__WIDTH": "320", "EVERCAST_STREAM__HEIGHT": "180"})
    relay = subprocess.Popen([sys.executable, "-m", "studio.cli", "live", "relay"], env=stack.env, cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert "relay listening" in relay.stdout.readline()
    rt = Runtime.create(stack.settings)
    with rt.session() as s:
        s.add(merchant := Merchant(slug="shop", name="Shop"))
        s.flush()
        s.add(room := LiveRoom(merchant_id=merchant.id, name="night shift"))
        s.flush()
        merchant_id, room_id = merchant.id, room.id
        rooms.add_destination(rt, s, room, "custom", f"rtmp://127.0.0.1:{platform.rtmp_port}/live", "secretkey1")
    segment_id = rooms.enqueue(rt, room_id, store_file(rt, merchant_id, slates["long"], "segment", "video/mp2t"))
    try:
        started = cli(stack, "start", room_id)
        assert started.returncode == 0, started.stdout + started.stderr
        report = watch(platform.url("secretkey1"), 8.0, open_timeout_s=20.0)
        assert (report.video_codec, report.audio_codec, report.width, report.height) == ("h264", "aac", 320, 180)
        assert report.video_packets > 100 and report.max_gap_ms <= 100, report
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with rt.session() as s:
                played = s.get(Segment, segment_id).state
                state = s.get(LiveRoom, room_id).state
            if played == "played" and state == "live":
                break
            time.sleep(0.3)
        assert (played, state) == ("played", "live")
        with rt.session() as s:  # when it aired, for the learning loop to join with platform metrics
            seg = s.get(Segment, segment_id)
            assert seg.aired_at is not None and seg.ended_at is not None
            assert 0 < (seg.ended_at - seg.aired_at).total_seconds() < 60
        status = cli(stack, "status", room_id)
        assert '"published": true' in status.stdout and "transitions" in status.stdout
    finally:
        stopped = cli(stack, "stop", room_id)
        relay.terminate()
    assert stopped.returncode == 0
    assert relay.wait(10) == 0, "the relay stops cleanly with its nginx"
    with rt.session() as s:
        row = s.get(LiveRoom, room_id)
        assert (row.state, row.pid) == ("stopped", None)
        assert row.config["idle_asset_id"]  # a standby slate filled the air around the queued segment
    rt.close()


def test_a_warm_room_process_has_not_imported_the_viewers_webrtc_stack():
    """A spare imports what airing needs (PyAV, the room, the preview's server) but not aiortc, a fifth of a
    room process's imports that only a viewer needs; the preview's first offer imports it."""
    probe = ("import sys, studio.cli; from workers.commands import room_process; room_process.warm_up(); "
             "from stream import PreviewHub; loaded = [m for m in ('av', 'uvicorn', 'aiortc', 'alembic') if m in sys.modules]; "
             "from stream import answer_viewer; print(loaded, 'aiortc' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "['av', 'uvicorn'] True", out.stderr[-2000:]


def test_rooms_without_an_avatar_share_one_standby_slate_encoded_once(tmp_path):
    """Rooms starting together (threads here, processes on a host) encode the standby slate once per format
    and air the same stored asset; it follows the segment contract at the room's size."""
    from concurrent.futures import ThreadPoolExecutor

    from core.settings import Settings
    from stream.segment import RoomFormat
    from stream.segment import Segment as QueuedSegment
    from stream.segment import prepare_segment
    from workers.commands.room_process import ensure_idle

    rt = Runtime.create(Settings(_env_file=None, data_dir=tmp_path, stream={"width": 320, "height": 180}))
    with rt.session() as s:
        s.add(merchant := Merchant(slug="shop", name="Shop"))
        s.flush()
        rows = [LiveRoom(merchant_id=merchant.id, name=f"room {i}", config={}) for i in range(4)]
        s.add_all(rows)
        s.flush()
        ids = [r.id for r in rows]
    with ThreadPoolExecutor(4) as pool:
        paths = set(pool.map(lambda room_id: ensure_idle(rt, room_id), ids))
    assert len(paths) == 1 and len(list(rt.settings.tmp_dir.glob("standby-*.ts"))) == 1
    prepared = prepare_segment(QueuedSegment(id="idle", path=paths.pop(), kind="idle"), RoomFormat(320, 180))
    assert prepared.frames == 50 and prepared.packets[0].keyframe
    with rt.session() as s:
        assert len({s.get(LiveRoom, r).config["idle_asset_id"] for r in ids}) == 1
    rt.close()
