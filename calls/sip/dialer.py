"""``PjsipDialer``: the :class:`calls.dialer.Dialer` that places calls through a SIP trunk with PJSIP.

The ``pjsua2-python`` wheel carries at most four calls per endpoint and one endpoint per process, so the
dialer runs a pool of engine processes (:mod:`calls.sip.engine`), each a PJSIP endpoint on its own thread,
started as calls need them and kept until :meth:`PjsipDialer.close`. The dialer itself holds the trunk's
limits for all of them: at most ``max_channels`` calls up and ``calls_per_second`` new INVITEs. A caller's
thread waits for its call's events and runs ``on_digit`` (and ``on_speech``) itself, so the far end's keys and
words of one call are never handled concurrently and a slow database write or answer delays no other call.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

from calls.dialer import CallRequest, CallResult, CallStatus, DigitAction, SpeechReply, TrunkConfig, TrunkDown
from calls.sip.trunk import SipTrunk, TrunkUrlError, trunk_from_config
from core.drain import DrainedProcess, spawn

log = logging.getLogger(__name__)

CALLS_PER_ENGINE = 4  # PJSUA_MAX_CALLS in the wheel (calls.sip.endpoint.MAX_CALLS, not imported: no PJSIP here)
ENGINE_START_S = 20.0
MAX_MESSAGE_S = 900.0
SIP_SERVICE_UNAVAILABLE = 503


def check_message_wav(path: Path, what: str = "message") -> float:
    """Seconds of an 8 kHz mono 16-bit PCM WAV; a clear ValueError for anything else."""
    try:
        with wave.open(str(path), "rb") as w:
            rate, channels, width, frames = w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()
    except (OSError, EOFError, wave.Error) as exc:
        raise ValueError(f"the {what} WAV {path.name!r} cannot be read: {exc}") from None
    if (rate, channels, width) != (8000, 1, 2):
        raise ValueError(f"the {what} WAV {path.name!r} is {rate} Hz, {channels} channel(s), {8 * width}-bit; "
                         "calls need 8 kHz mono 16-bit PCM")
    if not 0 < frames <= MAX_MESSAGE_S * rate:
        raise ValueError(f"the {what} WAV {path.name!r} is empty or longer than {MAX_MESSAGE_S:g} s")
    return frames / rate


def local_ip_for(host: str, port: int) -> str:
    """The address this machine would use to reach the trunk (a routing lookup; nothing is sent)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
    except socket.gaierror as exc:
        raise TrunkDown(f"the trunk host cannot be resolved: {exc.strerror}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(address)
        except OSError as exc:
            raise TrunkDown(f"no route to the trunk: {exc.strerror}") from None
        return str(probe.getsockname()[0])


class _Engine:
    """One engine process: its pipes, the calls it carries, and a thread routing its events to their callers."""

    def __init__(self, config: dict[str, Any], on_free: Callable[[_Engine, str | None], None],
                 on_ready: Callable[[], None]) -> None:
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH", "")]))
        self.proc: DrainedProcess = spawn([sys.executable, "-m", "calls.sip.engine"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, text=True, bufsize=1, env=env)
        self.write_lock = threading.Lock()
        self.calls: dict[str, queue.SimpleQueue[dict[str, Any]]] = {}
        self.busy = 0  # slots taken: a slot is freed by the engine's "free", not by the result
        self.alive = True
        self.on_free, self.on_ready = on_free, on_ready
        self.ready = threading.Event()
        self.fatal = ""
        self.send(config)
        threading.Thread(target=self._route, name=f"sip-engine-{self.proc.pid}", daemon=True).start()

    def send(self, message: dict[str, Any]) -> None:
        with self.write_lock:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(json.dumps(message) + "\n")
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass  # the engine died; _route tells every caller

    def _route(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            event = json.loads(line)
            kind = event["ev"]
            if kind == "ready":
                self.ready.set()
                self.on_ready()
            elif kind == "fatal":
                self.fatal = event["reason"]
            elif kind == "free":
                self.on_free(self, event["key"])
            elif event.get("key") in self.calls:
                self.calls[event["key"]].put(event)
        self.proc.wait()
        self.fatal = self.fatal or f"the SIP engine exited ({self.proc.returncode}): {self.proc.stderr_tail()[-300:]}"
        self.on_free(self, None)
        self.ready.set()

    def died(self) -> None:
        """Fail every call this engine carried (called under the dialer's lock, so no caller joins meanwhile)."""
        self.alive = False
        for events in self.calls.values():
            events.put({"ev": "died", "reason": self.fatal})
        self.calls.clear()

    def stop(self, wait_s: float) -> None:
        """Wait up to ``wait_s`` for the engine to end after a quit, then make sure it has."""
        try:
            self.proc.wait(wait_s)
        except subprocess.TimeoutExpired:
            pass
        self.proc.stop()


class PjsipDialer:
    """Places calls over one SIP trunk (see the module's docstring); thread-safe, close it when done."""

    def __init__(self, trunk: SipTrunk, *, linger_s: float = 4.0, response_timeout_s: float = 5.0,
                 tls_ca_file: Path | None = None, trunk_down_after_503: int = 3, log_level: int = 1) -> None:
        self.trunk = trunk
        self.linger_s, self.response_timeout_s = linger_s, response_timeout_s
        self.trunk_down_after_503 = trunk_down_after_503
        local_ip = local_ip_for(trunk.host, trunk.port)
        self._config = {"trunk": {"transport": trunk.transport, "username": trunk.username,
                                  "password": trunk.password.get_secret_value(),
                                  "registrar": f"sip:{trunk.hostport};transport={trunk.transport}"
                                               if trunk.registers else ""},
                        "from_uri": trunk.aor_uri if trunk.registers else trunk.from_uri,
                        "caller_uri": trunk.from_uri, "local_ip": local_ip, "response_s": response_timeout_s,
                        "tls_ca_file": str(tls_ca_file or ""), "log_level": log_level}
        self._channels = threading.BoundedSemaphore(trunk.max_channels)
        self._max_engines = math.ceil(trunk.max_channels / CALLS_PER_ENGINE) + 1  # +1: slots PJSIP holds late
        self._engines: list[_Engine] = []
        self._slots = threading.Condition()
        self._waiting = 0  # callers waiting for a slot
        self._pace_lock = threading.Lock()
        self._next_invite = 0.0
        self._keys = itertools.count(1)
        self._503_in_a_row = 0
        self._closed = False
        self._speech_dir = ""  # where engines write the far end's utterances (made on the first listening call)

    # --- the Dialer protocol ---
    def call(self, request: CallRequest, on_digit: Callable[[str], DigitAction],
             on_speech: SpeechReply | None = None) -> CallResult:
        """Ring ``request.to_e164``, play the message, relay digits (and utterances, with ``on_speech``);
        TrunkDown if the trunk cannot carry it."""
        if self._closed:
            raise TrunkDown("the dialer is closed")
        try:
            uri = self.trunk.uri_for(request.to_e164)
        except TrunkUrlError as exc:
            raise ValueError(str(exc)) from None
        check_message_wav(request.audio_wav)
        if request.confirm_optout_wav is not None:
            check_message_wav(request.confirm_optout_wav, "opt-out confirmation")
        with self._channels:
            engine, key, events = self._take_slot()
            self._pace()
            engine.send({"op": "dial", "key": key, "uri": uri, "wav": str(request.audio_wav.resolve()),
                         "confirm": str(request.confirm_optout_wav.resolve()) if request.confirm_optout_wav else "",
                         "ring_timeout_s": request.ring_timeout_s, "max_call_s": request.max_call_s,
                         "linger_s": self.linger_s, "response_s": self.response_timeout_s,
                         "speech_dir": self._listening_dir() if on_speech else ""})
            event = self._follow(engine, key, events, request, on_digit, on_speech)
        return self._result(event)

    def close(self) -> None:
        """Hang up every call still up, stop the engines; later calls raise TrunkDown."""
        self._closed = True
        with self._slots:
            engines, self._engines = self._engines, []
            self._slots.notify_all()
        for engine in engines:  # every engine hangs up at once, then each is waited for
            engine.send({"op": "quit"})
        for engine in engines:
            engine.stop(wait_s=5.0)
        if self._speech_dir:
            shutil.rmtree(self._speech_dir, ignore_errors=True)

    def __enter__(self) -> PjsipDialer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ---
    def _listening_dir(self) -> str:
        with self._pace_lock:
            if not self._speech_dir:
                self._speech_dir = tempfile.mkdtemp(prefix="evercast-speech-")
            return self._speech_dir

    def _wake(self) -> None:
        with self._slots:
            self._slots.notify_all()

    def _freed(self, engine: _Engine, key: str | None) -> None:
        """An engine freed a call's slot (``key``), or ended (``None``)."""
        with self._slots:
            if key is None:
                engine.died()
            elif engine.calls.pop(key, None) is not None:
                engine.busy -= 1
            self._slots.notify_all()

    def _take_slot(self) -> tuple[_Engine, str, queue.SimpleQueue[dict[str, Any]]]:
        """A free slot on a running engine; engines start (in parallel) while callers outnumber free slots."""
        deadline = time.monotonic() + ENGINE_START_S
        with self._slots:
            self._waiting += 1
            try:
                while True:
                    if self._closed:
                        raise TrunkDown("the dialer is closed")
                    self._engines = [e for e in self._engines if e.alive]
                    ready = [e for e in self._engines if e.ready.is_set() and e.busy < CALLS_PER_ENGINE]
                    if ready:
                        engine = min(ready, key=lambda e: e.busy)
                        engine.busy += 1
                        key, events = str(next(self._keys)), queue.SimpleQueue()
                        engine.calls[key] = events
                        return engine, key, events
                    starting = sum(1 for e in self._engines if not e.ready.is_set())
                    if starting * CALLS_PER_ENGINE < self._waiting and len(self._engines) < self._max_engines:
                        self._engines.append(_Engine(self._config, self._freed, self._wake))
                        continue
                    if time.monotonic() > deadline:
                        failed = [e.fatal for e in self._engines if e.fatal]
                        raise TrunkDown(failed[0] if failed else "no SIP engine became ready in time")
                    self._slots.wait(0.5)
            finally:
                self._waiting -= 1

    def _pace(self) -> None:
        with self._pace_lock:
            now = time.monotonic()
            at = max(now, self._next_invite)
            self._next_invite = at + 1.0 / self.trunk.calls_per_second
        if at > now:
            time.sleep(at - now)

    def _follow(self, engine: _Engine, key: str, events: queue.SimpleQueue[dict[str, Any]], request: CallRequest,
                on_digit: Callable[[str], DigitAction], on_speech: SpeechReply | None) -> dict[str, Any]:
        """Relay digits to ``on_digit`` and utterances to ``on_speech``, and their answers back, until the call's
        result arrives."""
        limit_s = self.response_timeout_s + request.ring_timeout_s + request.max_call_s + self.linger_s + 60.0
        deadline = time.monotonic() + limit_s
        while True:
            try:
                event = events.get(timeout=max(deadline - time.monotonic(), 0.0))
            except queue.Empty:
                engine.proc.stop()  # a stuck engine: its router fails every call it carries
                return {"ev": "died", "reason": f"the SIP engine gave no result within {limit_s:g} s"}
            if event["ev"] == "digit":
                try:
                    action = DigitAction(on_digit(event["digit"]))
                except BaseException:
                    engine.send({"op": "hangup", "key": key, "why": "on_digit failed"})
                    raise
                engine.send({"op": "action", "key": key, "action": action.value})
            elif event["ev"] == "speech":
                engine.send({"op": "play", "key": key, "wav": self._answer(Path(event["wav"]), on_speech)})
            else:
                return event

    @staticmethod
    def _answer(utterance: Path, on_speech: SpeechReply | None) -> str:
        """The WAV answering ``utterance`` ("" for none). An answer that fails is logged and the call goes on:
        the person can still press a key."""
        try:
            reply = on_speech(utterance) if on_speech else None
            if reply is None:
                return ""
            check_message_wav(reply, "answer")
            return str(reply.resolve())
        except Exception:
            log.exception("no answer to an utterance (%s)", utterance.name)
            return ""
        finally:
            utterance.unlink(missing_ok=True)

    def _result(self, event: dict[str, Any]) -> CallResult:
        if event["ev"] == "died":
            return CallResult(status=CallStatus.FAILED, reason=event["reason"])
        if event["trunk_down"]:
            raise TrunkDown(event["reason"])
        with self._pace_lock:
            self._503_in_a_row = self._503_in_a_row + 1 if event["sip_code"] == SIP_SERVICE_UNAVAILABLE else 0
            if self._503_in_a_row >= self.trunk_down_after_503:
                raise TrunkDown(f"the trunk answered 503 to {self._503_in_a_row} calls in a row")
        return CallResult(status=CallStatus(event["status"]), digits=event["digits"],
                          seconds_played=round(event["seconds_played"], 3), played_to_end=event["played_to_end"],
                          sip_code=event["sip_code"], reason=event["reason"])


def open_dialer(trunk: TrunkConfig, *, tls_ca_file: Path | None = None) -> PjsipDialer:
    """The dialer for a campaign's trunk (``calls.settings.dialer`` names this function)."""
    return PjsipDialer(trunk_from_config(trunk), tls_ca_file=tls_ca_file)
