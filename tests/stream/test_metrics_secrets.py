import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.errors import InputError
from stream.live import DestinationStatus, LiveStatus
from stream.metrics import render_metrics
from stream.secrets import decrypt_key, destination_url, encrypt_key, reencrypt_key


def status(room_id: str, **kw) -> LiveStatus:
    base = dict(room_id=room_id, state="live", uptime_s=3600.0, frames=90000, on_air="s1", on_air_kind="content",
                paused=False, queue_s=42.5, queued_segments=3, idle_s=12.0, transitions=500, broken_segments=1,
                late_frames=0, published=True, dark_s=0.0, reconnects=5, dropped_frames=0, bitrate_kbps=4000.0,
                av_offset_ms=0.0,
                destinations=[DestinationStatus(id="douyin", state="up", restarts=2, reconnect_s_last=1.2,
                                                last_error="")])
    base.update(kw)
    return LiveStatus(**base)


def test_prometheus_exposition_has_every_room_figure():
    text = render_metrics([status("r1"), status("r2", state="degraded", dark_s=1.5)]).decode()
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(text) for s in family.samples}
    assert samples[("evercast_room_uptime_seconds", (("room", "r1"),))] == 3600.0
    assert samples[("evercast_room_queue_seconds", (("room", "r1"),))] == 42.5
    assert samples[("evercast_room_dark_seconds_total", (("room", "r2"),))] == 1.5
    assert samples[("evercast_room_reconnects_total", (("room", "r1"),))] == 5
    assert samples[("evercast_room_bitrate_kbps", (("room", "r1"),))] == 4000.0
    assert samples[("evercast_room_dropped_frames_total", (("room", "r1"),))] == 0
    assert samples[("evercast_room_av_offset_seconds", (("room", "r1"),))] == 0.0
    assert samples[("evercast_room_state", (("room", "r2"), ("state", "degraded")))] == 1.0
    assert samples[("evercast_room_state", (("room", "r2"), ("state", "live")))] == 0.0
    assert samples[("evercast_destination_up", (("destination", "douyin"), ("room", "r1")))] == 1.0


def test_stream_keys_are_encrypted_at_rest():
    token = encrypt_key("live_123?sign=abc", "s3cret")
    assert "live_123" not in token
    assert decrypt_key(token, "s3cret") == "live_123?sign=abc"
    assert destination_url("rtmp://push.example.com/live/", token, "s3cret") == "rtmp://push.example.com/live/live_123?sign=abc"
    with pytest.raises(InputError, match="re-enter"):
        decrypt_key(token, "other-secret")
    with pytest.raises(InputError):
        destination_url("http://x/live", token, "s3cret")
    with pytest.raises(InputError):
        encrypt_key("  ", "s3cret")


def test_a_key_stored_under_the_signing_secret_is_reencrypted_under_the_stream_key_secret():
    old = encrypt_key("live_old", "signing-secret")
    moved = reencrypt_key(old, "stream-secret", "signing-secret")
    assert decrypt_key(moved, "stream-secret") == "live_old"
    with pytest.raises(InputError):
        decrypt_key(moved, "signing-secret")
    assert decrypt_key(reencrypt_key(moved, "stream-secret", "signing-secret"), "stream-secret") == "live_old"
    with pytest.raises(InputError, match="re-enter"):
        reencrypt_key(encrypt_key("k", "a third secret"), "stream-secret", "signing-secret")
