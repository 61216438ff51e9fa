"""One SIP engine process: a PJSIP endpoint on its main thread placing up to four calls for the dialer.

Run as ``python -m calls.sip.engine``. The first line on stdin is the configuration (trunk, password
included, so it never appears on a command line); then one JSON command per line (``dial``, ``action``,
``play``, ``hangup``, ``quit``). Each event goes back as one JSON line on the protocol pipe, the process's
original stdout: ``ready``, ``digit``, ``speech`` (an utterance of the far end, as a WAV, on a call that
listens), ``result``, ``free`` (the call is gone from PJSIP and its slot can be reused). PJSIP's own log goes to
stderr, which the dialer keeps a tail of.

All PJSIP work happens on the main thread, which polls ``libHandleEvents``; a thread reads stdin into a queue,
and the player's end-of-file and the listener's frames (callbacks on PJSIP's media thread) only put notes in
other queues.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import sys
import threading
import time
import wave
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import pjsua2 as pj

from calls.sip.endpoint import CLOCK_RATE, EndpointSpec, account_config, start_endpoint
from calls.sip.outcome import AUTH_CODES, status_for
from calls.sip.utterance import Utterances

POLL_MS = 5  # longest a command or a media event waits for the PJSIP thread
SLOT_WAIT_S = 5.0  # longest a dial waits for PJSIP to free a call slot
PJ_ETOOMANY = 70010
DRAIN_S = 0.4  # after the last frame is sent, before BYE: what the far end still has buffered gets played
ECHO_S = 0.3  # after our audio stops, before listening: the tail of it an echoing line sends back
REPLY_WAIT_S = 15.0  # longest the call waits for the answer to an utterance before it lingers again


@dataclass
class _Timers:
    """Monotonic deadlines of one call; 0 means not set."""

    response: float = 0.0  # nothing heard from the trunk by then: the trunk is down
    ring: float = 0.0  # not answered by then: no answer (CANCEL)
    max_call: float = 0.0  # answered calls end by then
    linger: float = 0.0  # the message ended: wait this long for a digit, then hang up
    media: float = 0.0  # answered but no audio path by then: failed
    hangup: float = 0.0  # a hangup asked for; PJSIP did not end the call by then: destroy it
    reply: float = 0.0  # an utterance went to the dialer: its answer is due by then
    listen: float = 0.0  # listening starts then (our audio has stopped; 0: not listening)


@dataclass
class _Outcome:
    status: str = "failed"
    digits: str = ""
    seconds_played: float = 0.0
    played_to_end: bool = False
    sip_code: int | None = None
    reason: str = ""
    trunk_down: bool = False


def _wav_seconds(path: str) -> float:
    with wave.open(path, "rb") as w:
        return w.getnframes() / float(w.getframerate())


def main() -> None:
    """Entry point of the engine process."""
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # PJSIP prints its console log with printf: keep it off the protocol pipe
    config = json.loads(sys.stdin.readline())
    try:
        engine = Engine(config, proto)
    except pj.Error as exc:  # a transport that cannot be made: bad TLS material, an address not ours
        proto.write(json.dumps({"ev": "fatal", "reason": f"{exc.title}: {exc.reason}"[:300]}) + "\n")
        sys.exit(1)
    engine.run()


class Engine:
    """The PJSIP thread: commands in, events out, deadlines kept, finished calls released."""

    def __init__(self, config: dict[str, Any], proto: IO[str]) -> None:
        self.proto = proto
        trunk = config["trunk"]
        self.ep, transport_id = start_endpoint(EndpointSpec(
            transport=trunk["transport"], bind_ip=config["local_ip"], tls_ca_file=config.get("tls_ca_file", ""),
            log_level=int(config.get("log_level", 1))))
        self.account = TrunkAccount(bool(trunk.get("registrar")))
        self.account.create(account_config(
            id_uri=config["from_uri"], transport_id=transport_id, rtp_ip=config["local_ip"],
            username=trunk.get("username", ""), password=trunk.get("password", ""),
            registrar=trunk.get("registrar", "")), True)
        # a registered user is not the caller id: that goes in P-Asserted-Identity
        self.asserted = config["caller_uri"] if config.get("caller_uri", config["from_uri"]) != config["from_uri"] else ""
        self.commands: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()
        self.media_events: queue.SimpleQueue[tuple[str, int]] = queue.SimpleQueue()
        self.frames: queue.SimpleQueue[tuple[str, bytes]] = queue.SimpleQueue()
        self.calls: dict[str, OutCall] = {}
        self.waiting: collections.deque[tuple[OutCall, float]] = collections.deque()
        self.released: list[Any] = []  # PJSIP is done with them; dropped on the next turn, outside callbacks
        self.quitting = False

    def emit(self, **event: Any) -> None:
        self.proto.write(json.dumps(event) + "\n")

    def _read_commands(self) -> None:
        for line in sys.stdin:
            self.commands.put(json.loads(line))
        self.commands.put(None)  # the dialer is gone

    def run(self) -> None:
        threading.Thread(target=self._read_commands, name="engine-stdin", daemon=True).start()
        self.emit(ev="ready", pid=os.getpid())
        while not (self.quitting and not self.calls and not self.waiting):
            self.ep.libHandleEvents(POLL_MS)
            self.released.clear()
            self._commands()
            while not self.media_events.empty():
                key, serial = self.media_events.get()
                if key in self.calls:
                    self.calls[key].on_eof(serial)
            while not self.frames.empty():
                key, pcm = self.frames.get()
                if key in self.calls:
                    self.calls[key].on_frame(pcm)
            now = time.monotonic()
            self._place_waiting(now)
            self._check_deadlines(now)
        self.released.clear()  # every wrapper must go before the library does
        self.account.shutdown()
        self.ep.libDestroy()

    def _check_deadlines(self, now: float) -> None:
        for call in list(self.calls.values()):  # a local name: no call outlives its turn in a frame of run()
            call.check(now)

    def _commands(self) -> None:
        while not self.commands.empty():
            cmd = self.commands.get()
            if cmd is None or cmd["op"] == "quit":
                self.quitting = True
                for call in list(self.calls.values()):
                    call.end("the dialer closed")
                while self.waiting:
                    call = self.waiting.popleft()[0]
                    call.outcome.reason = "the dialer closed before the call was placed"
                    call.report()
                    self.emit(ev="free", key=call.key)
            elif cmd["op"] == "dial":
                self.waiting.append((OutCall(self, cmd), time.monotonic()))
            elif cmd["op"] == "action" and cmd["key"] in self.calls:
                self.calls[cmd["key"]].act(cmd["action"])
            elif cmd["op"] == "play" and cmd["key"] in self.calls:
                self.calls[cmd["key"]].reply(cmd["wav"])
            elif cmd["op"] == "hangup" and cmd["key"] in self.calls:
                self.calls[cmd["key"]].end(cmd.get("why", "the dialer hung up"))

    def _place_waiting(self, now: float) -> None:
        """Place queued calls in order. PJSIP frees a call's slot a little after it reports the call ended,
        so a dial that finds every slot taken waits for a later turn (up to ``SLOT_WAIT_S``)."""
        while self.waiting:
            call, queued_at = self.waiting[0]
            refused = self.account.refused
            if not refused and not self.account.registered:
                if now - queued_at < call.response_s:
                    return  # the trunk has not answered our REGISTER yet
                refused = f"the trunk did not answer our registration within {call.response_s:g} s"
            if refused:
                self.waiting.popleft()
                call.outcome.trunk_down, call.outcome.reason = True, refused[:300]
                call.report()
                self.emit(ev="free", key=call.key)
                continue
            prm = pj.CallOpParam(True)
            prm.opt.audioCount = 1
            prm.opt.videoCount = 0
            if self.asserted:
                identity = pj.SipHeader()
                identity.hName, identity.hValue = "P-Asserted-Identity", f"<{self.asserted}>"
                prm.txOption.headers.append(identity)
            try:
                call.makeCall(call.uri, prm)
            except pj.Error as exc:
                if exc.status == PJ_ETOOMANY and now - queued_at < SLOT_WAIT_S:
                    return
                self.waiting.popleft()
                call.outcome.trunk_down = exc.status != PJ_ETOOMANY
                call.outcome.reason = f"PJSIP could not place the call: {exc.reason or exc.info()}"[:300]
                call.report()
                self.emit(ev="free", key=call.key)
                continue
            self.waiting.popleft()
            call.placed(time.monotonic())
            self.calls[call.key] = call

    def finished(self, call: OutCall) -> None:
        """PJSIP disconnected ``call``: report it (unless reported already) and free its slot."""
        self.calls.pop(call.key, None)
        self.released.append(call)
        if not call.reported:
            call.report()
        self.emit(ev="free", key=call.key)


def _received(event: Any) -> bool:
    """Whether a SIP event is a message from the far end (not a timeout or a transport error of ours)."""
    return bool(event.type == pj.PJSIP_EVENT_TSX_STATE and event.body.tsxState.type == pj.PJSIP_EVENT_RX_MSG)


class TrunkAccount(pj.Account):
    """The trunk's account; on a trunk that wants registration, calls wait for it and fail as TrunkDown when it is
    refused (wrong credentials, a 403) or never answered."""

    def __init__(self, registering: bool) -> None:
        super().__init__()
        self.registered = not registering
        self.refused = ""

    def onRegState(self, prm: Any) -> None:  # noqa: N802 - PJSUA2's name
        if prm.code // 100 == 2 and prm.expiration > 0:
            self.registered, self.refused = True, ""
        elif prm.code >= 300 or prm.code == 0:
            self.registered = False
            self.refused = f"the trunk refused our registration ({prm.code} {prm.reason})"


class Player(pj.AudioMediaPlayer):
    """A WAV played once into a call; its end-of-file note is all that runs on PJSIP's media event thread."""

    def __init__(self, events: queue.SimpleQueue[tuple[str, int]], key: str, serial: int) -> None:
        super().__init__()
        self.events, self.key, self.serial = events, key, serial

    def onEof2(self) -> None:  # noqa: N802 - PJSUA2's name
        self.events.put((self.key, self.serial))


class Listener(pj.AudioMediaPort):
    """Receives the far end's audio of one call; each 20 ms frame is only queued for the PJSIP thread."""

    def __init__(self, frames: queue.SimpleQueue[tuple[str, bytes]], key: str) -> None:
        super().__init__()
        self.frames, self.key = frames, key
        fmt = pj.MediaFormatAudio()
        fmt.init(pj.PJMEDIA_FORMAT_PCM, CLOCK_RATE, 1, 20_000, 16)
        self.createPort(f"listen-{key}", fmt)

    def onFrameReceived(self, frame: Any) -> None:  # noqa: N802 - PJSUA2's name
        if frame.type == pj.PJMEDIA_FRAME_TYPE_AUDIO:
            self.frames.put((self.key, bytes(frame.buf)))


class OutCall(pj.Call):
    """One outgoing call and its message; every method runs on the PJSIP thread."""

    def __init__(self, engine: Engine, cmd: dict[str, Any]) -> None:
        super().__init__(engine.account)
        self.engine, self.key = engine, str(cmd["key"])
        self.wav, self.confirm_wav = cmd["wav"], cmd.get("confirm") or ""
        self.wav_s = _wav_seconds(self.wav)
        self.uri = str(cmd["uri"])
        self.linger_s, self.max_call_s = float(cmd["linger_s"]), float(cmd["max_call_s"])
        self.response_s, self.ring_timeout_s = float(cmd["response_s"]), float(cmd["ring_timeout_s"])
        self.timers = _Timers()
        self.outcome = _Outcome()
        self.heard = self.answered = self.optout = self.ring_timed_out = self.reported = False
        self.ending = ""
        self.audio: Any = None
        self.player: Any = None
        self.player_kind = ""
        self.serial = 0
        self.digits: list[str] = []
        self.speech_dir = str(cmd.get("speech_dir") or "")  # set: the call listens after the message
        self.listener: Any = None
        self.utterances = Utterances(CLOCK_RATE)
        self.heard_n = 0

    def placed(self, now: float) -> None:
        """The INVITE is on its way: start the clocks."""
        self.timers.response = now + self.response_s
        self.timers.ring = now + self.ring_timeout_s

    # --- PJSIP callbacks (main thread, mainThreadOnly) ---
    def onCallState(self, prm: Any) -> None:  # noqa: N802
        self.heard = self.heard or _received(prm.e)
        info = self.getInfo()
        if info.state in (pj.PJSIP_INV_STATE_EARLY, pj.PJSIP_INV_STATE_CONNECTING):
            self.heard = True
        elif info.state == pj.PJSIP_INV_STATE_CONFIRMED and not self.answered:
            self.heard = self.answered = True
            now = time.monotonic()
            self.timers.ring = 0.0
            self.timers.max_call = now + self.max_call_s
            self.timers.media = now + 3.0
            self._play_message()
        elif info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self._disconnected(info.lastStatusCode, info.lastReason)

    def onCallTsxState(self, prm: Any) -> None:  # noqa: N802
        self.heard = self.heard or _received(prm.e)

    def onCallMediaState(self, prm: Any) -> None:  # noqa: N802
        info = self.getInfo()  # keep it referenced: its media vector dies with it
        for media in info.media:
            if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                self.audio = self.getAudioMedia(media.index)
        if self.speech_dir and self.audio is not None and self.listener is None:
            self.listener = Listener(self.engine.frames, self.key)
            self.audio.startTransmit(self.listener)
        self._play_message()

    def onDtmfDigit(self, prm: Any) -> None:  # noqa: N802
        digit = str(prm.digit)[:1]
        if digit and self.answered and not self.reported:
            self.digits.append(digit)
            self.engine.emit(ev="digit", key=self.key, digit=digit, at=time.time())

    # --- driven by the engine loop ---
    def on_eof(self, serial: int) -> None:
        if serial != self.serial or self.player is None:
            return  # a player already replaced
        if self.player_kind in ("message", "reply"):
            if self.player_kind == "message":
                self.outcome.seconds_played += self.wav_s
                self.outcome.played_to_end = True
            self._stop_player(count=False)
            self._wait_for_the_far_end()
        else:  # the confirmation: hang up once the far end's jitter buffer has played its last syllable
            self._stop_player(count=False)
            self.timers.linger = time.monotonic() + DRAIN_S

    def _wait_for_the_far_end(self) -> None:
        """Our audio ended: wait ``linger_s`` for a key, and on a listening call for speech (after the echo)."""
        now = time.monotonic()
        self.timers.linger = now + self.linger_s
        if self.speech_dir:
            self.timers.listen = now + ECHO_S
            self.utterances.reset()

    def on_frame(self, pcm: bytes) -> None:
        """A frame the far end sent: cut utterances out while listening; one goes to the dialer as a WAV."""
        now = time.monotonic()
        if not self.timers.listen or now < self.timers.listen or self.ending or self.optout:
            return
        spoken = self.utterances.push(np.frombuffer(pcm, dtype="<i2"))
        if self.utterances.active:
            self.timers.linger = now + self.linger_s  # still speaking: not the time to hang up
        if spoken is None:
            return
        self.heard_n += 1
        path = Path(self.speech_dir) / f"call{self.key}-{self.heard_n}.wav"
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(CLOCK_RATE)
            out.writeframes(spoken.astype("<i2").tobytes())
        self.timers.listen = self.timers.linger = 0.0
        self.timers.reply = now + REPLY_WAIT_S
        self.engine.emit(ev="speech", key=self.key, wav=str(path))

    def reply(self, wav: str) -> None:
        """The dialer's answer to an utterance: play it (then wait again), or just wait again when there is none."""
        if not self.timers.reply or self.ending or self.optout:
            return
        self.timers.reply = 0.0
        if wav and self.audio is not None and self.player is None:
            self._start_player(wav, "reply")
        else:
            self._wait_for_the_far_end()

    def act(self, action: str) -> None:
        if not self.answered or self.optout or self.ending:
            return
        if action == "repeat":
            self._stop_player(count=True)
            self.timers.linger = self.timers.listen = self.timers.reply = 0.0
            self._play_message()
        elif action == "confirm_optout":
            self.optout = True
            self._stop_player(count=True)
            self.timers.linger = self.timers.listen = self.timers.reply = 0.0
            if self.confirm_wav:
                self._start_player(self.confirm_wav, "confirm")
            else:
                self.end("opted out")

    def check(self, now: float) -> None:
        t = self.timers
        if not self.heard and t.response and now > t.response and not self.ending:
            self.outcome.trunk_down = True
            self.outcome.reason = f"no response from the trunk within {self.response_s:g} s"
            self.end(self.outcome.reason)
            if not self.reported:  # PJSIP may keep the INVITE transaction 32 s: say so now, free the slot later
                self.report()
        elif t.ring and now > t.ring and not self.answered and not self.ending:
            self.ring_timed_out = True
            self.end("no answer before the ring timeout")
        elif t.max_call and now > t.max_call and not self.ending:
            self.end("the call reached its maximum length")
        elif t.linger and now > t.linger and not self.ending:
            self.end("opt-out confirmed" if self.optout else "message played")
        elif t.media and now > t.media and self.player is None and not self.outcome.played_to_end \
                and not self.optout and not self.ending:
            self.outcome.reason = "answered, but no audio path was set up (no common codec?)"
            self.end(self.outcome.reason)
        elif t.reply and now > t.reply and not self.ending:
            t.reply = 0.0
            self._wait_for_the_far_end()
        elif t.hangup and now > t.hangup:
            t.hangup = 0.0
            self._disconnected(self.getInfo().lastStatusCode, "PJSIP did not end the call after hangup")

    def end(self, why: str) -> None:
        """Hang up (CANCEL before an answer, BYE after), once."""
        if self.ending:
            return
        self.ending = why
        self.timers.hangup = time.monotonic() + 40.0
        self._stop_player(count=True)
        try:
            self.hangup(pj.CallOpParam(True))
        except pj.Error:
            pass  # already disconnecting

    # --- internals ---
    def _play_message(self) -> None:
        if self.answered and self.audio is not None and self.player is None and not self.optout \
                and not self.ending and not self.timers.linger and not self.timers.reply:
            self._start_player(self.wav, "message")

    def _start_player(self, path: str, kind: str) -> None:
        self.serial += 1
        player = Player(self.engine.media_events, self.key, self.serial)
        player.createPlayer(path, pj.PJMEDIA_FILE_NO_LOOP)
        player.startTransmit(self.audio)
        self.player, self.player_kind = player, kind

    def _stop_player(self, *, count: bool) -> None:
        if self.player is None:
            return
        if count and self.player_kind == "message":
            try:
                self.outcome.seconds_played += max(self.player.getPos(), 0) / 8000.0
            except pj.Error:
                pass
        if self.audio is not None:
            self.player.stopTransmit(self.audio)
        self.engine.released.append(self.player)  # destroyed next turn, never inside a callback
        self.player = None
        self.player_kind = ""

    def _disconnected(self, code: int, reason: str) -> None:
        self.audio = None  # PJSUA2 deleted the call's AudioMedia before this callback
        self._stop_player(count=True)
        if self.listener is not None:
            self.engine.released.append(self.listener)
            self.listener = None
        self.timers.listen = self.timers.reply = 0.0
        out = self.outcome
        if self.answered:
            out.status = "opted_out" if self.optout else "answered"
            out.sip_code = 200
            out.reason = out.reason or self.ending or f"the far end hung up ({reason})"
        elif not out.trunk_down:
            out.sip_code = code or None
            if not self.heard:
                out.trunk_down = True
                out.reason = f"the trunk could not be reached: {code} {reason}"[:300]
            elif code in AUTH_CODES:
                out.trunk_down = True
                out.reason = f"the trunk refused our credentials ({code} {reason})"[:300]
            elif self.ring_timed_out:
                out.status = "no_answer"
                out.reason = self.ending
            else:
                out.status = status_for(code).value
                out.reason = f"{code} {reason}"[:300]
        out.digits = "".join(self.digits)
        self.engine.finished(self)

    def report(self) -> None:
        self.reported = True
        self.engine.emit(ev="result", key=self.key, **asdict(self.outcome))



if __name__ == "__main__":
    main()
