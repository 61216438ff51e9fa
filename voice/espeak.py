"""A thin ctypes binding to libespeak-ng: audio plus the engine's own word and phoneme events.

The command-line tool only prints phonemes without times, so the library is driven directly in
synchronous mode: every callback hands back a block of samples together with the events that
fall inside it, each stamped by the engine with the exact sample time it was produced at.
The engine keeps global state, so one lock serialises all calls in a process, and this is the
only binding to it: a second one would re-initialise the same library with its own flags (phoneme
alphabet, callback), changing what every other caller in the process gets back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from dataclasses import dataclass
from xml.sax.saxutils import escape

import numpy as np

from core.errors import InputError, NotConfiguredError

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INIT_PHONEME_EVENTS = 0x0001
_INIT_PHONEME_IPA = 0x0002
_INIT_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_SSML = 0x10
_POS_CHARACTER = 1

EVENT_WORD = 1
EVENT_MARK = 3
EVENT_PHONEME = 7

PARAM_RATE = 1
PARAM_VOLUME = 2
PARAM_PITCH = 3
PARAM_RANGE = 4


class _Id(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _Id),
    ]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


@dataclass(frozen=True)
class EngineEvent:
    """One engine event: ``sample`` is the exact output sample index where it takes effect."""

    kind: int
    sample: int
    text_position: int  # 1-based character index into the synthesised (SSML) text
    length: int
    name: str  # phoneme (IPA) for phoneme events, mark name for marks, "" otherwise


@dataclass(frozen=True)
class EngineOutput:
    samples: np.ndarray  # int16 mono
    sample_rate: int
    events: tuple[EngineEvent, ...]


class _Engine:
    def __init__(self) -> None:
        path = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
        try:
            self.lib = ctypes.CDLL(path)
        except OSError:
            raise NotConfiguredError(
                "libespeak-ng is not installed: the embedded voice needs it (Debian: apt-get install espeak-ng)"
            ) from None
        lib = self.lib
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
            ctypes.c_void_p, ctypes.c_void_p,
        ]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        rate = lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 200, None, _INIT_PHONEME_EVENTS | _INIT_PHONEME_IPA | _INIT_DONT_EXIT
        )
        if rate <= 0:
            raise NotConfiguredError("espeak-ng failed to initialise: is espeak-ng-data installed?")
        self.sample_rate = int(rate)
        self.lock = threading.Lock()
        self._chunks: list[np.ndarray] = []
        self._events: list[EngineEvent] = []
        self._callback = _CALLBACK(self._on_audio)  # keep a reference: the library holds a raw pointer
        lib.espeak_SetSynthCallback(self._callback)

    def _on_audio(self, wav, count, events) -> int:  # noqa: ANN001 - ctypes signature
        if count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        i = 0
        while events[i].type != 0:
            ev = events[i]
            name = ""
            if ev.type == EVENT_PHONEME:
                name = bytes(ev.id.string).split(b"\0", 1)[0].decode("utf-8", "replace")
            elif ev.type == EVENT_MARK and ev.id.name:
                name = ev.id.name.decode("utf-8", "replace")
            sample = round(ev.audio_position * self.sample_rate / 1000)
            self._events.append(EngineEvent(ev.type, sample, ev.text_position, ev.length, name))
            i += 1
        return 0

    def synth(self, ssml: str, *, voice: str, rate: int, pitch: int, range_: int, volume: int) -> EngineOutput:
        data = ssml.encode("utf-8")
        with self.lock:
            self._chunks, self._events = [], []
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise NotConfiguredError(f"espeak-ng voice '{voice}' is not installed (Debian: espeak-ng-data)")
            for param, value in ((PARAM_RATE, rate), (PARAM_PITCH, pitch), (PARAM_RANGE, range_),
                                 (PARAM_VOLUME, volume)):
                self.lib.espeak_SetParameter(param, int(value), 0)
            buf = ctypes.create_string_buffer(data)
            err = self.lib.espeak_Synth(buf, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8 | _SSML, None, None)
            if err != 0:
                raise InputError(f"espeak-ng rejected the text (error {err})")
            samples = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
            return EngineOutput(samples, self.sample_rate, tuple(self._events))

    def phonemes(self, text: str, *, voice: str) -> str:
        """IPA for plain text, word boundaries kept as spaces (the engine's own G2P)."""
        with self.lock:
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise NotConfiguredError(f"espeak-ng voice '{voice}' is not installed")
            buf = ctypes.create_string_buffer(text.encode("utf-8"))
            ptr = ctypes.c_void_p(ctypes.addressof(buf))
            parts = []
            while ptr.value:
                out = self.lib.espeak_TextToPhonemes(ctypes.byref(ptr), _CHARS_UTF8, 0x02)
                if out:
                    parts.append(out.decode("utf-8", "replace").strip())
            return " ".join(p for p in parts if p)


_engine: _Engine | None = None
_engine_lock = threading.Lock()


def engine() -> _Engine:
    """The process-wide engine, initialised on first use (never at import time)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = _Engine()
        return _engine


@dataclass(frozen=True)
class Phoneme:
    """One IPA phoneme (``h``, ``oʊ``) of plain-text speech, in seconds; ``_`` is a pause."""

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


def speak(text: str, *, voice: str = "en-us", rate: int = 165, pitch: int = 50) -> Utterance:
    """Plain ``text`` as speech with each phoneme's span in IPA, pauses (nameless events) as ``_``."""
    out = engine().synth(f"<speak>{escape(text)}</speak>", voice=voice, rate=rate, pitch=pitch, range_=50,
                         volume=100)
    events = [e for e in out.events if e.kind == EVENT_PHONEME]
    total = len(out.samples)
    phonemes = []
    for k, event in enumerate(events):
        end = min(events[k + 1].sample if k + 1 < len(events) else total, total)
        if end > event.sample:
            phonemes.append(Phoneme(event.name or "_", event.sample / out.sample_rate, end / out.sample_rate))
    return Utterance(out.samples.astype(np.float32) / 32768.0, out.sample_rate, tuple(phonemes))
