"""espeak-ng speech with phoneme timings, through libespeak-ng's synchronous callback API.

The command-line ``espeak-ng`` prints phonemes but not their times (``--pho`` needs an MBROLA
voice), so the library is called directly with phoneme events switched on. Each event carries
the sample position at which the phoneme starts, which is exactly what a viseme track needs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from dataclasses import dataclass

import numpy as np

from core.errors import NotConfiguredError

_EVENT_END_OF_LIST = 0
_EVENT_PHONEME = 7
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_PHONEME_EVENTS = 0x0001
_PARAM_RATE = 1
_PARAM_VOLUME = 2
_PARAM_PITCH = 3
_PARAM_RANGE = 4
_POS_CHARACTER = 1


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
        ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p), ("id", _EventId),
    ]


_Callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


@dataclass(frozen=True)
class Phoneme:
    """One phoneme in espeak-ng's ASCII mnemonics (``p``, ``aI``, ``_:`` for a pause), in seconds."""

    symbol: str
    start: float
    end: float


@dataclass(frozen=True)
class Utterance:
    samples: np.ndarray  # float32 mono in [-1, 1]
    sample_rate: int
    phonemes: tuple[Phoneme, ...]

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


class _Espeak:
    """The process-wide libespeak-ng handle (the library keeps global state, hence one lock)."""

    _lock = threading.Lock()
    _instance: "_Espeak | None" = None

    def __init__(self) -> None:
        name = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
        try:
            self.lib = ctypes.CDLL(name)
        except OSError as exc:
            raise NotConfiguredError("libespeak-ng was not found: install it (Debian: apt-get install espeak-ng)") from exc
        self.sample_rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, _INITIALIZE_PHONEME_EVENTS)
        if self.sample_rate <= 0:
            raise NotConfiguredError("libespeak-ng failed to initialise (is espeak-ng-data installed?)")
        self._chunks: list[np.ndarray] = []
        self._events: list[tuple[int, str]] = []
        self._callback = _Callback(self._on_audio)  # keep a reference: ctypes does not
        self.lib.espeak_SetSynthCallback(self._callback)

    @classmethod
    def get(cls) -> "_Espeak":
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def _on_audio(self, wav, count, events) -> int:
        if wav and count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).astype(np.float32) / 32768.0)
        i = 0
        while events[i].type != _EVENT_END_OF_LIST:
            if events[i].type == _EVENT_PHONEME:
                self._events.append((events[i].sample, events[i].id.string.decode("ascii", "replace")))
            i += 1
        return 0

    def synthesize(self, text: str, voice: str, rate: int, pitch: int) -> Utterance:
        with self._lock:
            self._chunks, self._events = [], []
            # libespeak-ng is one global engine per process: another binding (voice/) may have taken its
            # audio callback or changed volume and pitch range since the last call, so set them every time
            self.lib.espeak_SetSynthCallback(self._callback)
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise NotConfiguredError(f"espeak-ng has no voice named {voice!r}")
            self.lib.espeak_SetParameter(_PARAM_RATE, int(rate), 0)
            self.lib.espeak_SetParameter(_PARAM_PITCH, int(pitch), 0)
            self.lib.espeak_SetParameter(_PARAM_VOLUME, 100, 0)
            self.lib.espeak_SetParameter(_PARAM_RANGE, 50, 0)
            data = text.encode("utf-8") + b"\0"
            self.lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, 0, None, None)
            self.lib.espeak_Synchronize()
            samples = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.float32)
            events = list(self._events)
        total = len(samples)
        phonemes = []
        for k, (start, symbol) in enumerate(events):
            end = events[k + 1][0] if k + 1 < len(events) else total
            if end > start:
                phonemes.append(Phoneme(symbol, start / self.sample_rate, end / self.sample_rate))
        return Utterance(samples, self.sample_rate, tuple(phonemes))


def synthesize(text: str, *, voice: str = "en-us", rate: int = 165, pitch: int = 50) -> Utterance:
    """Speak ``text`` with espeak-ng; return the samples and each phoneme's start and end time."""
    return _Espeak.get().synthesize(text, voice, rate, pitch)
