"""An unprivileged nginx-rtmp server on loopback: the local relay a room publishes to, or a test platform.

Runs Debian's nginx with ``libnginx-mod-rtmp`` from a private prefix (``daemon off``, pid, logs and
temp paths under that prefix), so neither root nor the system nginx is involved. ``allowed_keys``
turns on publish authorisation (nginx answers 403 through ``on_publish`` for any other stream
name), which is how tests exercise a rejected stream key. ``fence_hook`` makes the relay ask that URL
before it accepts a publisher, and again every ``update_s`` while one publishes (nginx-rtmp's
``on_publish``/``on_update``, GET with the stream name and the publish URL's query): a non-2xx answer
refuses or drops it. Players (a room's destination copies) are asked the same (``on_play``, and
``on_update`` with ``call=update_play``). That is how a room's fencing token is checked
(workers/commands/fleet.py).
``notify`` reports every publisher's arrival and departure to a URL (a test platform's log).
``/stat`` reports who is publishing.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

from core.errors import NotConfiguredError, TransientError

RTMP_MODULE = Path("/usr/lib/nginx/modules/ngx_rtmp_module.so")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# A fenced relay (a fleet host's) drops a publisher that lost its lease through the fencing hook within
# update_s; one that merely sent nothing for a while is a room process starved of CPU on a busy host, and
# dropping it after 10 s only added a reconnect (~7 s dark at the platform, measured) to the stall.
FENCED_IDLE_DROP_S = 30


def _config(prefix: Path, rtmp_port: int, http_port: int, allowed_keys: tuple[str, ...] | None, *,
            host: str = "127.0.0.1", fence_hook: str = "", update_s: int = 2, notify: str = "") -> str:
    auth = ""
    auth_location = ""
    if notify:  # a platform that tells someone about every publisher arriving and leaving (tests, benches)
        auth = f"notify_method get; on_publish {notify}; on_publish_done {notify};"
    elif fence_hook:
        auth = (f"notify_method get; on_publish {fence_hook}; on_play {fence_hook}; on_update {fence_hook}; "
                f"notify_update_timeout {update_s}s;")
    elif allowed_keys is not None:
        auth = f"notify_method get; on_publish http://{host}:{http_port}/auth;"
        checks = "".join(f'    if ($arg_name = "{key}") {{ return 200; }}\n' for key in allowed_keys)
        auth_location = f"  location /auth {{\n{checks}    return 403;\n  }}\n"
    temp = prefix / "temp"
    return f"""load_module {RTMP_MODULE};
daemon off;
master_process off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
rtmp {{
  server {{
    listen {host}:{rtmp_port};
    chunk_size 4096;
    application live {{
      live on;
      record off;
      wait_key on;
      wait_video on;
      drop_idle_publisher {FENCED_IDLE_DROP_S if fence_hook else 10}s;
      {auth}
    }}
  }}
}}
http {{
  access_log off;
  client_body_temp_path {temp}/body;
  proxy_temp_path {temp}/proxy;
  fastcgi_temp_path {temp}/fastcgi;
  uwsgi_temp_path {temp}/uwsgi;
  scgi_temp_path {temp}/scgi;
  server {{
    listen {host}:{http_port};
    location /stat {{ rtmp_stat all; }}
{auth_location}  }}
}}
"""


def players(stat_url: str, name: str) -> int:
    """Clients playing stream ``name`` on the nginx-rtmp server whose ``/stat`` is ``stat_url`` (0 if unreachable)."""
    try:
        with urllib.request.urlopen(stat_url, timeout=1) as resp:
            root = ET.fromstring(resp.read())
    except OSError:
        return 0
    return sum(1 for stream in root.iter("stream") if stream.findtext("name", "") == name
               for client in stream.iter("client") if client.find("publishing") is None)


class NginxRtmp:
    """Start, kill and restart one nginx-rtmp server; ``url(name)`` is where to publish or play."""

    def __init__(
        self, prefix: str | Path, *, allowed_keys: tuple[str, ...] | None = None, nginx: str = "nginx",
        rtmp_port: int | None = None, http_port: int | None = None, host: str = "127.0.0.1", fence_hook: str = "",
        update_s: int = 2, notify: str = "",
    ) -> None:
        """``rtmp_port``/``http_port`` default to free ports (tests); production passes the relay's port.
        ``host`` is the address it listens on (a loopback address of its own per host in tests)."""
        binary = shutil.which(nginx)
        if binary is None or not RTMP_MODULE.is_file():
            raise NotConfiguredError("nginx with the RTMP module is needed: apt-get install nginx-light libnginx-mod-rtmp")
        self.binary = binary
        self.prefix = Path(prefix)
        self.host = host
        (self.prefix / "temp").mkdir(parents=True, exist_ok=True)
        self.rtmp_port = rtmp_port or free_port()
        self.http_port = http_port or free_port()
        self.conf = self.prefix / "nginx.conf"
        self.conf.write_text(_config(self.prefix, self.rtmp_port, self.http_port, allowed_keys, host=host,
                                     fence_hook=fence_hook, update_s=update_s, notify=notify))
        self.proc: subprocess.Popen | None = None

    def url(self, name: str) -> str:
        return f"rtmp://{self.host}:{self.rtmp_port}/live/{name}"

    def start(self, timeout_s: float = 5.0) -> "NginxRtmp":
        log = open(self.prefix / "stderr.log", "ab")
        self.proc = subprocess.Popen(
            [self.binary, "-p", str(self.prefix), "-c", str(self.conf), "-e", str(self.prefix / "error.log")],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise TransientError(f"nginx exited at start: {(self.prefix / 'error.log').read_text()[-400:]}")
            try:
                with socket.create_connection((self.host, self.rtmp_port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise TransientError(f"nginx did not listen on {self.rtmp_port} within {timeout_s} s")

    def kill(self) -> None:
        """Crash the server (SIGKILL): every connection drops at once."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def restart(self) -> None:
        self.kill()
        self.start()

    def players(self, name: str) -> int:
        """Clients playing stream ``name`` now (a relay's destination copies, a viewer)."""
        return players(f"http://{self.host}:{self.http_port}/stat", name)

    def accepted(self) -> int:
        """Connections the server has accepted since it started (``/stat``'s ``naccepted``; 0 if unreachable)."""
        try:
            with urllib.request.urlopen(f"http://{self.host}:{self.http_port}/stat", timeout=1) as resp:
                return int(ET.fromstring(resp.read()).findtext("naccepted", "0"))
        except OSError:
            return 0

    def publishing(self) -> dict[str, float]:
        """Stream names being published now, with how long each has been up (seconds)."""
        try:
            with urllib.request.urlopen(f"http://{self.host}:{self.http_port}/stat", timeout=1) as resp:
                root = ET.fromstring(resp.read())
        except OSError:
            return {}
        live = {}
        for stream in root.iter("stream"):
            if any(client.find("publishing") is not None for client in stream.iter("client")):
                live[stream.findtext("name", "")] = int(stream.findtext("time", "0")) / 1000.0
        return live

    def __enter__(self) -> "NginxRtmp":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
