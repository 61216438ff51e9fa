"""Several live hosts on one machine, for the fleet tests and bench/rooms_scale.py.

Each host is `evercast worker --queues live` in a process group of its own (its relay and its room
processes inside it), with its relay on a loopback address of its own (127.0.0.2, 127.0.0.3, ...);
they share one PostgreSQL database, one Redis and one data dir (the assets). API hosts are
`evercast serve --no-worker`. The platform is an nginx-rtmp server that reports every publisher
arriving and leaving to a recorder here, which is how the tests see double publishing and gaps.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from evercast_testkit import LOOPBACK_EGRESS, REPO, egress_env, free_port, wait_for_port

from core.models import LiveRoom
from core.settings import Settings
from stream.nginx import NginxRtmp
from workers.commands import rooms
from workers.runtime import Runtime


@dataclass
class PublishEvent:
    at: float
    call: str  # publish | publish_done
    name: str
    client: str
    wall: float = 0.0  # time.time(), to line up with the hosts' and rooms' logs


class PlatformLog:
    """The platform's publish/publish_done hook: every publisher's arrival and departure, in order."""

    def __init__(self) -> None:
        self.events: list[PublishEvent] = []
        self._lock = threading.Lock()
        log = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                with log._lock:
                    log.events.append(PublishEvent(time.monotonic(), query.get("call", [""])[0],
                                                   query.get("name", [""])[0], query.get("clientid", [""])[0],
                                                   time.time()))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def of(self, name: str) -> list[PublishEvent]:
        with self._lock:
            return [e for e in self.events if e.name == name]

    def double_publishes(self, name: str) -> int:
        """Publishers that arrived while another was still publishing the same key."""
        active, doubles = 0, 0
        for event in self.of(name):
            if event.call == "publish":
                doubles += active > 0
                active += 1
            elif event.call == "publish_done":
                active = max(active - 1, 0)
        return doubles

    def gaps(self, name: str, after: float = 0.0) -> list[float]:
        """Seconds between a publisher leaving and the next arriving (after ``after``)."""
        out, left = [], None
        for event in self.of(name):
            if event.at < after:
                continue
            if event.call == "publish_done":
                left = event.at
            elif event.call == "publish" and left is not None:
                out.append(event.at - left)
                left = None
        return out

    def close(self) -> None:
        self.server.shutdown()


@dataclass
class Host:
    name: str
    address: str
    relay_port: int
    proc: subprocess.Popen[bytes]
    log: Path


@dataclass
class Fleet:
    """Hosts, API hosts and the platform of one test; everything is killed at :meth:`close`."""

    tmp: Path
    database_url: str
    broker_url: str
    lease_s: float = 5.0
    slots: int = 4
    spares: int = 1
    hosts: dict[str, Host] = field(default_factory=dict)
    apis: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.data_dir = self.tmp / "shared"
        self.api_port = free_port()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("EVERCAST_")}
        self.env.update({
            "EVERCAST_DATA_DIR": str(self.data_dir), "EVERCAST_DATABASE_URL": self.database_url,
            "EVERCAST_BROKER_URL": self.broker_url, "EVERCAST_FLEET__PLACEMENT": "fleet",
            "EVERCAST_SECRET_KEY": "fleet-test-secret-" + "x" * 32, "EVERCAST_STREAM_KEY_SECRET": "k" * 40,
            "EVERCAST_FLEET__LEASE_S": str(self.lease_s), "EVERCAST_FLEET__RENEW_S": str(self.lease_s / 5),
            "EVERCAST_FLEET__SWEEP_S": "0.5", "EVERCAST_FLEET__SPARES": str(self.spares),
            "EVERCAST_FLEET__HOOK_URL": f"http://127.0.0.1:{self.api_port}",
            "EVERCAST_FLEET__ADMIN_TOKEN": "fleet-admin-" + "a" * 24,
            "EVERCAST_STREAM__WIDTH": "320", "EVERCAST_STREAM__HEIGHT": "180",
            "EVERCAST_STREAM__RELAY_BACKOFF_INITIAL_S": "0.2", "EVERCAST_STREAM__RELAY_BACKOFF_MAX_S": "1",
            "EVERCAST_WORKER__HEARTBEAT_S": "0.5", "EVERCAST_WORKER__STALE_AFTER_S": "5",
            "EVERCAST_WORKER__VISIBILITY_TIMEOUT_S": "30",
            "PYTHONPATH": str(REPO), **egress_env(LOOPBACK_EGRESS),
        })
        self.settings = Settings(_env_file=None, data_dir=self.data_dir, database_url=self.database_url,
                                 broker_url=self.broker_url, secret_key=self.env["EVERCAST_SECRET_KEY"],
                                 stream_key_secret=self.env["EVERCAST_STREAM_KEY_SECRET"],
                                 fleet={"placement": "fleet", "lease_s": self.lease_s},
                                 stream={"egress": LOOPBACK_EGRESS.model_dump(mode="json"), "width": 320, "height": 180})
        self.settings.ensure_dirs()
        self.rt = Runtime.create(self.settings)
        self.platform_log = PlatformLog()
        self.platform = NginxRtmp(self.tmp / "platform", notify=self.platform_log.url).start()

    # -- processes ------------------------------------------------------------------------
    def start_host(self, name: str, address: str) -> Host:
        port = free_port()
        env = {**self.env, "EVERCAST_FLEET__HOST_NAME": name, "EVERCAST_FLEET__ADDRESS": address,
               "EVERCAST_FLEET__SLOTS": str(self.slots), "EVERCAST_STREAM__RELAY_URL": f"rtmp://{address}:{port}/live"}
        log = self.tmp / f"host-{name}.log"
        proc = subprocess.Popen([sys.executable, "-m", "studio.cli", "worker", "--queues", "live", "--concurrency", "2"],
                                env=env, cwd=REPO, stdout=log.open("ab"), stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.hosts[name] = Host(name, address, port, proc, log)
        return self.hosts[name]

    def start_api(self, port: int | None = None) -> str:
        port = port or self.api_port
        proc = subprocess.Popen([sys.executable, "-m", "studio.cli", "serve", "--no-worker", "--host", "127.0.0.1",
                                 "--port", str(port)], env=self.env, cwd=REPO,
                                stdout=(self.tmp / f"api-{port}.log").open("ab"), stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.apis.append(proc)
        wait_for_port(port, 60)
        return f"http://127.0.0.1:{port}"

    def wait_hosts(self, *names: str, timeout_s: float = 60) -> None:
        """Until every named host has announced itself (its relay is up)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            up = {h["name"] for h in rooms_hosts(self.rt) if h["state"] == "active"}
            if set(names) <= up:
                return
            for name in names:
                if self.hosts[name].proc.poll() is not None:
                    raise AssertionError(f"host {name} exited:\n{self.hosts[name].log.read_text()[-3000:]}")
            time.sleep(0.2)
        raise AssertionError(f"hosts {names} did not come up: {rooms_hosts(self.rt)}")

    def kill(self, name: str) -> None:
        """SIGKILL every process of the host (worker, relay, room processes, their copies), as a crash would."""
        host = self.hosts[name]
        try:
            os.killpg(host.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        host.proc.wait(10)

    def close(self) -> None:
        for host in self.hosts.values():
            if host.proc.poll() is None:
                self.kill(host.name)
        for api in self.apis:
            if api.poll() is None:
                os.killpg(api.pid, signal.SIGKILL)
                api.wait(10)
        self.platform.stop()
        self.platform_log.close()
        self.rt.close()

    def logs(self) -> str:
        return "\n".join(f"--- {h.name}\n{h.log.read_text(errors='replace')[-4000:]}" for h in self.hosts.values())

    # -- rooms ------------------------------------------------------------------------------
    def make_rooms(self, count: int, slug: str = "shop") -> tuple[str, list[str]]:
        """``count`` rooms of one merchant, each pushing to its own key on the platform; returns the
        merchant's owner API key and the room ids."""
        from studio.services.accounts import create_merchant

        with self.rt.session() as s:
            merchant, key = create_merchant(s, slug, slug, f"owner@{slug}.example.com", "correct horse battery")
            ids = []
            for i in range(count):
                s.add(room := LiveRoom(merchant_id=merchant.id, name=f"room {i}", config={}))
                s.flush()
                rooms.add_destination(self.rt, s, room, "custom", f"rtmp://127.0.0.1:{self.platform.rtmp_port}/live",
                                      f"key-{room.id}")
                ids.append(room.id)
            return key.key, ids

    def room(self, room_id: str) -> LiveRoom:
        with self.rt.session() as s:
            row = s.get(LiveRoom, room_id)
            s.expunge(row)
            return row

    def on_air(self, room_ids: list[str]) -> dict[str, bool]:
        """Which rooms the platform receives right now (a publisher on the room's key)."""
        live = self.platform.publishing()
        return {r: f"key-{r}" in live for r in room_ids}


def rooms_hosts(rt: Runtime) -> list[dict]:
    from workers.commands import fleet

    return fleet.hosts(rt)


def api_json(method: str, url: str, token: str = "", body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")
