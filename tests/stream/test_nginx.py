"""The local relay's own rules, on a real nginx-rtmp: a publisher that stalls is kept or dropped."""

from __future__ import annotations

import http.server
import signal
import subprocess
import threading
import time

from stream.nginx import NginxRtmp
from stream.room import wait_for


def test_a_fenced_relay_keeps_a_starved_publisher_an_unfenced_one_drops_it(tmp_path, slates):
    """A publisher that sends nothing for 13 s (a room process starved of CPU, here stopped with SIGSTOP)
    keeps its session on a fleet relay, whose fencing hook (answering yes here) is what drops a publisher
    that lost its lease; the single-host relay drops it after 10 s as before."""

    class Yes(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Yes)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    fenced = NginxRtmp(tmp_path / "fenced", fence_hook=f"http://127.0.0.1:{hook.server_address[1]}/fence").start()
    plain = NginxRtmp(tmp_path / "plain").start()
    publishers = [subprocess.Popen(["ffmpeg", "-v", "error", "-re", "-stream_loop", "-1", "-i", str(slates["long"]),
                                    "-c", "copy", "-f", "flv", relay.url("r1")], stdin=subprocess.DEVNULL)
                  for relay in (fenced, plain)]
    try:
        assert wait_for(lambda: "r1" in fenced.publishing() and "r1" in plain.publishing(), 15)
        for proc in publishers:
            proc.send_signal(signal.SIGSTOP)
        time.sleep(13)
        assert "r1" in fenced.publishing() and "r1" not in plain.publishing()
        for proc in publishers:
            proc.send_signal(signal.SIGCONT)
        assert wait_for(lambda: publishers[1].poll() is not None, 10), "the dropped publisher's ffmpeg fails"
        assert publishers[0].poll() is None and "r1" in fenced.publishing()  # the kept one carries on
    finally:
        for proc in publishers:
            proc.send_signal(signal.SIGCONT)
            proc.kill()
            proc.wait()
        fenced.stop()
        plain.stop()
        hook.shutdown()
