"""A far end for the dialer's tests and bench: a second PJSIP endpoint, in its own process, that answers calls,
records the RTP it receives to a WAV per call and presses DTMF keys at given times after answering.

    python tests/calls/sip/callee.py --ip 127.0.0.3 --port 5080 --record DIR [--dtmf 9@1.5 --dtmf-method info]
                                     [--say question.wav@6.0] [--transport tls --cert C --key K]

One JSON line per event on stdout: ``ready``, ``recording`` (the wall-clock time the call's recorder was
attached: sample n of its WAV is n / 8000 s after it), ``answered``, ``dtmf`` (with the wall-clock time the key
went out), ``said`` (a WAV it started speaking into the call), ``ended`` (with the recording's path). It runs
until stdin closes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))

import pjsua2 as pj  # noqa: E402

from calls.sip.endpoint import EndpointSpec, account_config, start_endpoint  # noqa: E402

OUT = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)  # PJSIP's console log stays off the event stream


def emit(**event: object) -> None:
    OUT.write(json.dumps(event) + "\n")


class Callee(pj.Call):
    def __init__(self, account: pj.Account, call_id: int, n: int, args: argparse.Namespace) -> None:
        super().__init__(account, call_id)
        self.n, self.args = n, args
        self.recorder: pj.AudioMediaRecorder | None = None
        self.path = Path(args.record) / f"call{n}.wav"
        self.answered_at = 0.0
        self.keys = [(d.split("@")[0], float(d.split("@")[1])) for d in args.dtmf]
        self.says = [(w.rpartition("@")[0], float(w.rpartition("@")[2])) for w in args.say]
        self.audio: pj.AudioMedia | None = None
        self.players: list[pj.AudioMediaPlayer] = []
        self.ended = False

    def onCallState(self, prm: pj.OnCallStateParam) -> None:  # noqa: N802
        info = self.getInfo()
        if info.state == pj.PJSIP_INV_STATE_CONFIRMED:
            self.answered_at = time.monotonic()
            emit(ev="answered", call=self.n, at=time.time())
        elif info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.recorder = None  # closes the WAV
            self.players.clear()
            self.ended = True
            emit(ev="ended", call=self.n, at=time.time(), wav=str(self.path))

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:  # noqa: N802
        info = self.getInfo()
        for media in info.media:
            if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE \
                    and self.recorder is None:
                self.recorder = pj.AudioMediaRecorder()
                self.recorder.createRecorder(str(self.path))
                self.audio = self.getAudioMedia(media.index)
                self.audio.startTransmit(self.recorder)
                emit(ev="recording", call=self.n, at=time.time())

    def tick(self) -> None:
        """Press the keys that are due."""
        if not self.answered_at or self.ended:
            return
        while self.says and self.audio is not None and time.monotonic() - self.answered_at >= self.says[0][1]:
            wav = self.says.pop(0)[0]
            player = pj.AudioMediaPlayer()
            player.createPlayer(wav, pj.PJMEDIA_FILE_NO_LOOP)
            player.startTransmit(self.audio)
            self.players.append(player)
            emit(ev="said", call=self.n, wav=wav, at=time.time())
        while self.keys and time.monotonic() - self.answered_at >= self.keys[0][1]:
            digit = self.keys.pop(0)[0]
            emit(ev="dtmf", call=self.n, digit=digit, at=time.time())
            if self.args.dtmf_method == "info":
                prm = pj.CallSendDtmfParam()
                prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
                prm.digits = digit
                self.sendDtmf(prm)
            else:
                self.dialDtmf(digit)


class Account(pj.Account):
    def __init__(self, args: argparse.Namespace) -> None:
        super().__init__()
        self.args = args
        self.calls: list[Callee] = []

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:  # noqa: N802
        call = Callee(self, prm.callId, len(self.calls), self.args)
        self.calls.append(call)
        answer = pj.CallOpParam()
        answer.statusCode = 200
        call.answer(answer)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ip", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--transport", default="udp", choices=["udp", "tcp", "tls"])
    parser.add_argument("--record", required=True)
    parser.add_argument("--dtmf", action="append", default=[], help="DIGIT@SECONDS after answering")
    parser.add_argument("--dtmf-method", default="rfc4733", choices=["rfc4733", "info"])
    parser.add_argument("--say", action="append", default=[], help="WAV@SECONDS after answering: speak it then")
    parser.add_argument("--cert", default="")
    parser.add_argument("--key", default="")
    args = parser.parse_args()
    ep, transport_id = start_endpoint(EndpointSpec(
        transport=args.transport, bind_ip=args.ip, sip_port=args.port, tls_cert_file=args.cert,
        tls_key_file=args.key, tls_verify_server=False, log_level=int(os.environ.get("CALLEE_LOG", "1"))))
    account = Account(args)
    account.create(account_config(id_uri=f"sip:callee@{args.ip}", transport_id=transport_id, rtp_ip=args.ip))
    stdin_closed = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stdin_closed.set()), daemon=True).start()
    emit(ev="ready")
    while not stdin_closed.is_set():
        ep.libHandleEvents(5)
        for call in account.calls:
            call.tick()
    ep.hangupAllCalls()
    for _ in range(50):
        ep.libHandleEvents(10)
    account.calls.clear()
    account.shutdown()
    ep.libDestroy()


if __name__ == "__main__":
    main()
