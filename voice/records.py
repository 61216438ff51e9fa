"""The records the voice stage hands to the avatar (lip-sync), subtitles and outputs.

Times are seconds from the start of the :class:`Speech` they belong to. Word and phoneme times
come from the synthesiser's own events where it has them (espeak-ng) and from an alignment
against that reference otherwise (``Speech.timing_source`` says which).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

import numpy as np


class Emotion(str, Enum):
    """Sentence-level speaking styles; script tags like ``[excited]`` name them."""

    NEUTRAL = "neutral"
    WARM = "warm"
    EXCITED = "excited"
    CALM = "calm"
    URGENT = "urgent"
    APOLOGETIC = "apologetic"
    CONFIDENT = "confident"
    CURIOUS = "curious"
    FRIENDLY = "friendly"

    @classmethod
    def parse(cls, value: str | Emotion | None) -> Emotion:
        from core.errors import InputError

        if value is None or value == "":
            return cls.NEUTRAL
        if isinstance(value, Emotion):
            return value
        try:
            return cls(value.strip().lower())
        except ValueError:
            names = ", ".join(e.value for e in cls)
            raise InputError(f"unknown emotion {value!r}; use one of: {names}") from None


@dataclass(frozen=True)
class PhonemeTiming:
    """One phoneme (IPA) and its span: what lip-sync turns into mouth shapes."""

    phoneme: str
    start: float
    end: float


@dataclass(frozen=True)
class WordTiming:
    """One spoken word as read (normalised text: 九十九点九元, not ¥99.9) and its span."""

    text: str
    start: float
    end: float
    sentence: int
    phonemes: tuple[PhonemeTiming, ...] = ()


@dataclass(frozen=True)
class SentenceTiming:
    """One script sentence: ``text`` as written (for subtitles), ``spoken`` as read aloud."""

    text: str
    spoken: str
    emotion: Emotion
    language: str
    start: float
    end: float


@dataclass(frozen=True, eq=False)
class Speech:
    """Mono float32 samples in [-1, 1] plus the timings that every consumer needs."""

    samples: np.ndarray
    sample_rate: int
    words: tuple[WordTiming, ...]
    sentences: tuple[SentenceTiming, ...]
    backend: str
    timing_source: str = "engine"  # "engine" (synthesiser events) or "aligned" (DTW to a reference)

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    @property
    def phonemes(self) -> tuple[PhonemeTiming, ...]:
        return tuple(p for w in self.words for p in w.phonemes)

    def shifted(self, offset: float, sentence_offset: int = 0) -> Speech:
        """The same timings moved by ``offset`` seconds (used when concatenating)."""
        return replace(
            self,
            words=tuple(_shift_word(w, offset, sentence_offset) for w in self.words),
            sentences=tuple(replace(s, start=s.start + offset, end=s.end + offset) for s in self.sentences),
        )

    def retimed(self, factor: float, samples: np.ndarray, sample_rate: int) -> Speech:
        """New audio whose time axis is this one's scaled by ``factor`` (uniform stretch)."""
        return replace(
            self,
            samples=samples,
            sample_rate=sample_rate,
            words=tuple(_scale_word(w, factor) for w in self.words),
            sentences=tuple(replace(s, start=s.start * factor, end=s.end * factor) for s in self.sentences),
        )


def _shift_word(w: WordTiming, offset: float, sentence_offset: int) -> WordTiming:
    return replace(
        w,
        start=w.start + offset,
        end=w.end + offset,
        sentence=w.sentence + sentence_offset,
        phonemes=tuple(replace(p, start=p.start + offset, end=p.end + offset) for p in w.phonemes),
    )


def _scale_word(w: WordTiming, k: float) -> WordTiming:
    return replace(
        w,
        start=w.start * k,
        end=w.end * k,
        phonemes=tuple(replace(p, start=p.start * k, end=p.end * k) for p in w.phonemes),
    )


def concatenate(parts: list[Speech]) -> Speech:
    """Join sentence results into one record, offsetting times and sentence indices."""
    from core.errors import InputError

    if not parts:
        raise InputError("nothing to concatenate: no sentences were synthesised")
    rate = parts[0].sample_rate
    if any(p.sample_rate != rate for p in parts):
        raise ValueError("cannot concatenate speech at different sample rates")
    words: list[WordTiming] = []
    sentences: list[SentenceTiming] = []
    offset = 0.0
    for part in parts:
        first = min((w.sentence for w in part.words), default=0)  # parts may already carry script indices
        moved = part.shifted(offset, len(sentences) - first)
        words.extend(moved.words)
        sentences.extend(moved.sentences)
        offset += part.duration
    samples = np.concatenate([p.samples for p in parts]).astype(np.float32)
    return Speech(samples, rate, tuple(words), tuple(sentences), parts[0].backend, parts[0].timing_source)


def timings_to_dict(speech: Speech) -> dict:
    """JSON-ready timings (what the avatar and subtitle writers read next to the audio file)."""
    return {
        "sample_rate": speech.sample_rate,
        "duration": speech.duration,
        "backend": speech.backend,
        "timing_source": speech.timing_source,
        "sentences": [
            {"text": s.text, "spoken": s.spoken, "emotion": s.emotion.value, "language": s.language,
             "start": s.start, "end": s.end}
            for s in speech.sentences
        ],
        "words": [
            {"text": w.text, "start": w.start, "end": w.end, "sentence": w.sentence,
             "phonemes": [[p.phoneme, p.start, p.end] for p in w.phonemes]}
            for w in speech.words
        ],
    }


def speech_from_dict(data: dict, samples: np.ndarray) -> Speech:
    """Inverse of :func:`timings_to_dict` given the samples."""
    words = tuple(
        WordTiming(w["text"], w["start"], w["end"], w["sentence"],
                   tuple(PhonemeTiming(p, a, b) for p, a, b in w["phonemes"]))
        for w in data["words"]
    )
    sentences = tuple(
        SentenceTiming(s["text"], s["spoken"], Emotion(s["emotion"]), s["language"], s["start"], s["end"])
        for s in data["sentences"]
    )
    return Speech(np.asarray(samples, np.float32), int(data["sample_rate"]), words, sentences,
                  data["backend"], data["timing_source"])
