"""Delivery to platforms: one restartable copy per destination (:mod:`stream.rtmp`, a process of its own).

The room publishes once to the local relay; each destination's copy plays that stream and publishes it
on, in its own process, so a platform dropping, a slow ingest or a replaced stream key never touches
the other destinations or the room's clock. A copy that ends is restarted with capped, jittered
exponential back-off (reset once it has been up a while). A destination that refuses the key (at
``connect`` or ``publish``, before any media flowed) is counted, and after ``auth_fail_limit`` in a
row the relay stops and raises an alert instead of hammering the ingest;
:meth:`DestinationRelay.replace_url` with a new key starts it again.

Every connect is preceded by the egress check (:mod:`stream.egress`) and dials the address it
checked. A tenant sees only the class of a failure (:data:`FAILURES`); the copy's own words go to
the operator's log (the room process's log file), without the stream key.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from core.drain import die_with_parent, spawn
from core.settings import EgressSettings
from stream import rtmp
from stream.backoff import Backoff
from stream.egress import CUSTOM, EgressError, Target, check_destination

log = logging.getLogger(__name__)
RelayState = Literal["starting", "up", "backoff", "auth_failed", "stopped"]
Failure = Literal["refused", "unresolved", "unreachable", "rejected", "disconnected"]
Alert = Callable[[str, str], None]

FAILURES: dict[Failure, str] = {
    "refused": "refused: the destination is not an allowed ingest",
    "unresolved": "unreachable: the destination's host does not resolve",
    "unreachable": "unreachable: no RTMP session with the destination",
    "rejected": "rejected by platform: check the stream key",
    "disconnected": "disconnected: the destination dropped the stream",
}

class Destination(BaseModel):
    """A platform ingest: ``url`` is the full RTMP(S) URL including the (decrypted) stream key."""

    id: str = Field(min_length=1)
    url: str = Field(pattern=r"^rtmps?://")
    enabled: bool = True
    platform: str = Field(CUSTOM, description="Whose ingest hosts the URL must be on (stream.egress.platforms).")


@dataclass
class RelayStats:
    state: RelayState = "starting"
    restarts: int = 0
    auth_failures: int = 0
    last_error: str = ""
    up_since: float | None = None
    down_since: float | None = None
    reconnect_s: list[float] = field(default_factory=list)
    out_bytes: int = 0


def redact(url: str) -> str:
    """The URL without its stream key, for logs and alerts."""
    head, _, _ = url.rpartition("/")
    return f"{head}/***" if head else "***"


class DestinationRelay:
    """Keep one destination fed from ``source_url``; see the module docstring."""

    def __init__(
        self,
        destination: Destination,
        source_url: str,
        *,
        backoff: Backoff | None = None,
        on_alert: Alert | None = None,
        auth_fail_limit: int = 3,
        stable_after_s: float = 30.0,
        io_timeout_s: float = 5.0,
        egress: EgressSettings | None = None,
    ) -> None:
        self.destination = destination
        self.source_url = source_url
        self.backoff = backoff or Backoff(initial_s=0.5, max_s=30.0)
        self.on_alert = on_alert
        self.auth_fail_limit = auth_fail_limit
        self.stable_after_s = stable_after_s
        self.io_timeout_s = io_timeout_s
        self.egress = egress or EgressSettings()
        self.stats = RelayStats()
        self._url = destination.url
        self._proc: subprocess.Popen | None = None
        self._first_wait_s: float | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"relay:{destination.id}", daemon=True)

    # -- control ------------------------------------------------------------------------
    def start(self) -> "DestinationRelay":
        self._thread.start()
        return self

    def halt(self) -> None:
        """Drop the connection now and do not reconnect (:meth:`stop` then waits for the thread)."""
        self._stop.set()
        self._wake.set()
        self._kill()

    def stop(self, timeout_s: float = 5.0) -> None:
        self.halt()
        self._thread.join(timeout_s)
        self.stats.state = "stopped"

    def restart(self) -> None:
        """Drop the connection now and reconnect immediately (a manual or planned restart)."""
        self.backoff.reset()
        self._kill()
        self._wake.set()

    def replace_url(self, url: str) -> None:
        """Swap in a new stream key/URL; clears an auth failure and restarts only this relay."""
        Destination(id=self.destination.id, url=url)  # validates the scheme
        with self._lock:
            self._url = url
        self.stats.auth_failures = 0
        self.restart()

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    # -- supervisor thread ------------------------------------------------------------------
    def wait_for_source(self, seconds: float) -> None:
        """Let the first attempt wait this long for the source to start (instead of ``io_timeout_s``): a
        room taking over a platform key starts its relays before its publisher, so they catch its first
        keyframe; later attempts use ``io_timeout_s`` again."""
        self._first_wait_s = seconds

    def _command(self, target: Target) -> list[str]:
        first_wait, self._first_wait_s = self._first_wait_s, None
        ca_file = ["--ca-file", str(self.egress.ca_file)] if self.egress.ca_file else []
        # -I -S: the standard library only, so a copy is up in milliseconds
        return [sys.executable, "-I", "-S", rtmp.__file__, self.source_url, target.dial_url, "--tc-url", target.tc_url,
                "--server-name", target.host, "--first-wait", str(first_wait or 0), "--io-timeout", str(self.io_timeout_s),
                *ca_file]

    def _run(self) -> None:
        while not self._stop.is_set():
            # Cleared before the URL is read and the attempt made, never after it: a restart() or replace_url() that
            # lands while an attempt is ending (restart kills the copy, then wakes) cuts the back-off short.
            self._wake.clear()
            with self._lock:
                url = self._url
            started = time.monotonic()
            was_up, failure, detail = self._attempt(url)
            if self._stop.is_set():
                break
            self.stats.restarts += 1
            now = time.monotonic()
            self.stats.down_since = now
            self.stats.up_since = None
            self.stats.last_error = FAILURES[failure]
            log.warning("destination %s: %s: %s", self.destination.id, failure, detail)
            if was_up and now - started >= self.stable_after_s:
                self.backoff.reset()
            if failure == "rejected":
                self.stats.auth_failures += 1
                if self.stats.auth_failures >= self.auth_fail_limit:
                    self.stats.state = "auth_failed"
                    if self.on_alert is not None:
                        self.on_alert(self.destination.id, f"stream key rejected by {redact(url)}: replace the key")
                    while self.stats.auth_failures >= self.auth_fail_limit and not self._stop.is_set():
                        self._wake.wait()  # until replace_url() (which clears the count) or stop()
                        self._wake.clear()
                    continue
            else:
                self.stats.auth_failures = 0
            self.stats.state = "backoff"
            self._wake.wait(self.backoff.next_delay())

    def _attempt(self, url: str) -> tuple[bool, Failure, str]:
        """Check the destination, then push to it until the copy exits: (was it up, failure class, operator detail)."""
        try:
            target = check_destination(url, self.destination.platform, self.egress)
        except EgressError as exc:
            return False, exc.kind, str(exc)
        was_up, status, tail = self._run_once(target)
        detail = redact_in(tail, target.dial_url)
        if status == rtmp.REJECTED and not was_up:
            return was_up, "rejected", detail
        return was_up, "disconnected" if was_up else "unreachable", detail

    def _run_once(self, target: Target) -> tuple[bool, int, str]:
        self.stats.state = "starting"
        began = time.monotonic()
        proc = spawn(self._command(target), stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                     preexec_fn=die_with_parent())  # never outlive the room: an orphan would keep the platform key
        self._proc = proc
        was_up = False
        assert proc.stdout is not None
        for line in proc.stdout:
            key, _, value = line.strip().partition("=")
            if key == "total_size" and value.isdigit():
                self.stats.out_bytes = int(value)
            elif key == "out_time_us" and value.lstrip("-").isdigit() and not was_up and int(value) > 0:
                was_up = True
                self._mark_up()
                log.info("destination %s: up (%.3f s after its copy started)", self.destination.id,
                         time.monotonic() - began)
            if self._stop.is_set():
                break
        proc.stop()
        return was_up, proc.returncode, "\n".join(proc.stderr_tail().splitlines()[-20:])

    def _mark_up(self) -> None:
        now = time.monotonic()
        if self.stats.down_since is not None:
            self.stats.reconnect_s.append(now - self.stats.down_since)
        self.stats.state = "up"
        self.stats.up_since = now
        self.stats.down_since = None
        self.stats.auth_failures = 0

    def _kill(self) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.kill()


def redact_in(text: str, url: str) -> str:
    """``text`` (the copy's last words) with the destination's stream key masked."""
    return text.replace(url, redact(url)).strip()[-500:]


class Fanout:
    """All of a room's destination relays; each one is started, restarted and swapped on its own."""

    def __init__(self, source_url: str, destinations: list[Destination], *, on_alert: Alert | None = None,
                 backoff: Callable[[], Backoff] | None = None, **relay_options: object) -> None:
        make = backoff or (lambda: Backoff(initial_s=0.5, max_s=30.0))
        self.relays = {
            d.id: DestinationRelay(d, source_url, backoff=make(), on_alert=on_alert, **relay_options)  # type: ignore[arg-type]
            for d in destinations if d.enabled
        }

    def start(self) -> "Fanout":
        for relay in self.relays.values():
            relay.start()
        return self

    def halt(self) -> None:
        """Drop every destination's connection now, without waiting for their threads (a handover frees the
        platform keys first, then moves the lease, then waits in :meth:`stop`)."""
        for relay in self.relays.values():
            relay.halt()

    def stop(self) -> None:
        self.halt()
        for relay in self.relays.values():
            relay.stop()

    def restart_all(self) -> None:
        for relay in self.relays.values():
            relay.restart()
