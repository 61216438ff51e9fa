"""A Dialer for the campaign tests that do not need SIP: a scripted far end behind the real contract.

It is what a test phone network would do, minus the wire: it checks the WAV it was asked to play (8 kHz
mono 16-bit PCM, as the contract says), keeps a copy of it per call (so a test can compare what each number
would have heard), answers per number from a JSON table, presses the scripted digits at their times in the
message and obeys the campaign's DigitAction for each (REPEAT restarts the message, CONFIRM_OPTOUT plays the
confirmation and hangs up), and accounts for the seconds of message played. Every call is appended to
``calls.log`` in the table's folder before anything else, so a test counts exactly who was rung, and to
``spans.log`` with the times it began and ended when it is over, so a test sees how many were up at once.

Table (``<EVERCAST_TEST_FAR_END>/table.json``), by E.164 number, default under "*":
``{"status": "answered"|"busy"|"no_answer"|"rejected"|"failed", "digits": [["1", 2.0], ["9", 1.0]],
"ring_s": 0.0, "trunk_down": false, "says": ["question.wav"]}``; each digit comes that many seconds of message
after the one before it; after a message played to the end, each WAV of ``says`` (the person's words, 8 kHz)
goes to the campaign's ``on_speech`` and the answer it gives is kept as ``heard/<number>-<call>-answer<n>.wav``.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import wave
from collections.abc import Callable
from pathlib import Path

from calls.dialer import CallRequest, CallResult, CallStatus, DigitAction, SpeechReply, TrunkConfig, TrunkDown

SIP_CODES = {"answered": 200, "busy": 486, "no_answer": 408, "rejected": 603, "failed": 500}


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (8000, 1, 2):
            raise ValueError(f"{path.name}: not 8 kHz mono 16-bit PCM")
        return w.getnframes() / 8000.0


class ScriptedFarEnd:
    def __init__(self, folder: Path, trunk: TrunkConfig) -> None:
        self.folder, self.trunk = folder, trunk
        self.closed = False

    def _log(self, line: str, name: str = "calls.log") -> None:
        with open(self.folder / name, "a", encoding="utf-8") as out:
            fcntl.flock(out, fcntl.LOCK_EX)
            out.write(line + "\n")
            out.flush()
            os.fsync(out.fileno())

    def call(self, request: CallRequest, on_digit: Callable[[str], DigitAction],
             on_speech: SpeechReply | None = None) -> CallResult:
        if self.closed:
            raise TrunkDown("the dialer was closed")
        table = json.loads((self.folder / "table.json").read_text())
        far = table.get(request.to_e164, table.get("*", {"status": "answered"}))
        if far.get("trunk_down"):
            raise TrunkDown("503 Service Unavailable from the trunk")
        self._log(f"{request.call_id} {request.to_e164}")
        began = time.time()
        try:
            return self._answer(request, far, on_digit, on_speech)
        finally:
            self._log(f"{request.call_id} {began:.6f} {time.time():.6f}", "spans.log")

    def _answer(self, request: CallRequest, far: dict, on_digit: Callable[[str], DigitAction],
                on_speech: SpeechReply | None) -> CallResult:
        length = wav_seconds(request.audio_wav)
        heard = self.folder / "heard"
        heard.mkdir(exist_ok=True)
        shutil.copyfile(request.audio_wav, heard / f"{request.to_e164}-{request.call_id}.wav")
        time.sleep(float(far.get("ring_s", 0.0)))
        status = far.get("status", "answered")
        if status != "answered":
            return CallResult(CallStatus(status), sip_code=SIP_CODES[status], reason=status)
        played, position, digits, played_to_end = 0.0, 0.0, "", False
        for digit, at in far.get("digits", []):
            if at > length - position:  # the message ended before this key was pressed
                break
            played, position = played + at, position + at
            digits += digit
            action = on_digit(digit)
            if action == DigitAction.CONFIRM_OPTOUT:
                if request.confirm_optout_wav is not None:
                    wav_seconds(request.confirm_optout_wav)
                return CallResult(CallStatus.OPTED_OUT, digits, round(played, 3), False, 200, "opted out")
            if action == DigitAction.REPEAT:
                position = 0.0
        played += length - position
        played_to_end = True
        for n, words in enumerate(far.get("says", []) if on_speech else []):
            answer = on_speech(Path(words))
            if answer is not None:
                wav_seconds(answer)
                shutil.copyfile(answer, heard / f"{request.to_e164}-{request.call_id}-answer{n}.wav")
        return CallResult(CallStatus.ANSWERED, digits, round(played, 3), played_to_end, 200, "answered")

    def close(self) -> None:
        self.closed = True


def open_dialer(trunk: TrunkConfig) -> ScriptedFarEnd:
    return ScriptedFarEnd(Path(os.environ["EVERCAST_TEST_FAR_END"]), trunk)
