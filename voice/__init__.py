"""Evercast voice stage: script text -> speech with word/phoneme timings, cloned and emotional.

Public entry points (everything else is internal):
- :func:`synthesize` / :func:`iter_synthesize`: text (+ voice profile, emotion) -> :class:`Speech`
- :func:`build_voice_profile`: reference audio/video -> :class:`VoiceProfile` stored on disk
- :func:`to_video` / :func:`to_telephony`: 48 kHz -16 LUFS, or 8 kHz G.711 μ-law + 16-bit WAV
- :func:`backend_from_settings`: the configured backend (embedded espeak-ng, XTTS, HTTP server)
"""

from voice.backends import backend_from_settings
from voice.cache import SpeechCache, SpeechMemo, SpeechStore, cache_key
from voice.normalize import parse_script
from voice.output import TelephonyAudio, to_telephony, to_video, write_speech
from voice.profile import VoiceProfile, build_voice_profile
from voice.records import Emotion, PhonemeTiming, SentenceTiming, Speech, WordTiming, timings_to_dict
from voice.synthesize import iter_synthesize, synthesize

__all__ = [
    "Emotion",
    "PhonemeTiming",
    "SentenceTiming",
    "Speech",
    "SpeechCache",
    "SpeechMemo",
    "SpeechStore",
    "TelephonyAudio",
    "VoiceProfile",
    "WordTiming",
    "backend_from_settings",
    "build_voice_profile",
    "cache_key",
    "iter_synthesize",
    "parse_script",
    "synthesize",
    "timings_to_dict",
    "to_telephony",
    "to_video",
    "write_speech",
]
