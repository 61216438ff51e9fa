"""Delivery to platforms: one restartable ``ffmpeg -c copy`` relay per destination.

The room publishes once to the local relay; each destination pulls that stream and pushes it on,
in its own process, so a platform dropping, a slow ingest or a replaced stream key never touches
the other destinations or the room's clock. A relay that dies is restarted with capped, jittered
exponential back-off (reset once it has been up a while). Failures that look like a refused key
(the destination answered, then rejected the publish, before any media flowed) are counted, and
after ``auth_fail_limit`` in a row the relay stops and raises an alert instead of hammering the
ingest; :meth:`DestinationRelay.replace_url` with a new key starts it again.

Every connect is preceded by the egress check (:mod:`stream.egress`) and dials the address it
checked. A tenant sees only the class of a failure (:data:`FAILURES`); ffmpeg's own words go to
the operator's log (the room process's log file), stream key masked.
"""

from __future__ import annotations

import logging
import re
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from core.drain import die_with_parent, spawn
from core.media import require_tool
from core.settings import EgressSettings
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

_TRANSIENT = re.compile(r"connection refused|timed out|network is unreachable|no route|reset by peer|broken pipe", re.I)
_AUTH = re.compile(r"input/output error|403|401|unauthori[sz]ed|forbidden|badname|permission denied|access denied", re.I)


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


def _nodelay(url: str) -> list[str]:
    """TCP_NODELAY for a plain RTMP leg; a file (a slate) or a TLS leg has no such option and ffmpeg would refuse."""
    return ["-tcp_nodelay", "1"] if url.startswith("rtmp://") else []


def redact(url: str) -> str:
    """The URL without its stream key, for logs and alerts."""
    head, _, _ = url.rpartition("/")
    return f"{head}/***" if head else "***"


def classify_failure(stderr_tail: str, url: str, *, was_up: bool) -> Literal["auth", "transient"]:
    """Guess why a relay died: a rejected key reads as an I/O error on the destination URL before media flowed."""
    if was_up:
        return "transient"
    lines = [line for line in stderr_tail.splitlines() if url in line or "403" in line or "Unauthorized" in line]
    text = "\n".join(lines)
    if not text or _TRANSIENT.search(text):
        return "transient"
    return "auth" if _AUTH.search(text) else "transient"


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
        copy_timestamps: bool = True,
        egress: EgressSettings | None = None,
        ffmpeg: str = "ffmpeg",
    ) -> None:
        self.destination = destination
        self.source_url = source_url
        self.backoff = backoff or Backoff(initial_s=0.5, max_s=30.0)
        self.on_alert = on_alert
        self.auth_fail_limit = auth_fail_limit
        self.stable_after_s = stable_after_s
        self.io_timeout_s = io_timeout_s
        self.copy_timestamps = copy_timestamps
        self.egress = egress or EgressSettings()
        self.ffmpeg = require_tool(ffmpeg)
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
        timeout = str(int(self.io_timeout_s * 1e6))
        first_wait, self._first_wait_s = self._first_wait_s, None
        cmd = [self.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "warning", "-nostats", "-progress", "pipe:1",
               "-rw_timeout", str(int(first_wait * 1e6)) if first_wait else timeout, "-fflags", "nobuffer",
               # every moment of a (re)connect is dark at the platform, and the copy dials the platform only
               # once it has probed its source: the relay sends both codec headers before the first keyframe,
               # so 20 ms of stream finds them, and the frame rate comes from them, not from counting frames
               # (0.2 s and frame counting cost ~0.19 s more of every reconnect's gap)
               "-analyzeduration", "20000", "-fpsprobesize", "0", *_nodelay(self.source_url), "-i", self.source_url,
               "-map", "0", "-c", "copy"]
        if self.copy_timestamps:
            cmd += ["-copyts"]  # keep the room's clock end to end (and let tests cross the 2^24 ms wrap)
        # TCP_NODELAY both ways: Nagle's algorithm against delayed ACKs stalls the RTMP handshake ~0.1 s each
        return cmd + ["-rw_timeout", timeout, *_nodelay(target.dial_url), "-f", "flv", "-flvflags", "no_duration_filesize",
                      "-rtmp_tcurl", target.tc_url, target.dial_url]

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
        """Check the destination, then push to it until ffmpeg exits: (was it up, failure class, operator detail)."""
        try:
            target = check_destination(url, self.destination.platform, self.egress)
        except EgressError as exc:
            return False, exc.kind, str(exc)
        was_up, tail = self._run_once(target)
        detail = redact_in(tail, target.dial_url)
        if classify_failure(tail, target.dial_url, was_up=was_up) == "auth":
            return was_up, "rejected", detail
        return was_up, "disconnected" if was_up else "unreachable", detail

    def _run_once(self, target: Target) -> tuple[bool, str]:
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
        return was_up, "\n".join(proc.stderr_tail().splitlines()[-20:])

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
    """``text`` (ffmpeg's last words) with the destination's stream key masked."""
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
