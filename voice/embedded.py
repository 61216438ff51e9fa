"""The embedded backend: espeak-ng driven through its library, with its own phoneme/word events.

Mandarin is spoken from our pinyin (see :mod:`voice.g2p`) with espeak-ng's ``cmn-latn-pinyin``
voice; English words, inside Chinese or not, switch to its English voice. Each language run is
one engine call whose events carry exact sample positions, so every word and phoneme time in the
result is where the engine actually put it. Emotion arrives as SSML ``<prosody>``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from voice.emotion import Style, ssml_prosody
from voice.espeak import EVENT_PHONEME, EVENT_WORD, EngineOutput, engine
from voice.g2p import Token, english_tokens, mandarin_tokens
from voice.normalize import ScriptSentence
from voice.records import PhonemeTiming, SentenceTiming, Speech, WordTiming

if TYPE_CHECKING:
    from voice.profile import VoiceProfile


@dataclass(frozen=True)
class EspeakVoice:
    """Which espeak-ng voices and settings make the base voice (``variant`` picks timbre: f1-f5, m1-m7)."""

    zh: str = "cmn-latn-pinyin"
    en: str = "en-us"
    variant: str = "f2"
    pitch: int = 50  # espeak 0-100
    range: int = 50
    rate_wpm: int = 165

    def name(self, language: str) -> str:
        base = self.zh if language == "zh" else self.en
        return f"{base}+{self.variant}" if self.variant else base


class EspeakBackend:
    """Offline default backend. ``rate_scale`` and ``pitch_scale`` let a voice profile adjust it."""

    name = "espeak-ng"
    native_rate = 22050

    def __init__(self, voice: EspeakVoice | None = None) -> None:
        self.voice = voice or EspeakVoice()

    @property
    def cache_id(self) -> str:
        v = self.voice
        return f"espeak-ng:{v.zh}:{v.en}:{v.variant}:{v.pitch}:{v.range}:{v.rate_wpm}"

    def for_profile(self, profile: VoiceProfile | None) -> EspeakBackend:
        """This backend with the base variant the profile converts best from."""
        if profile is None or not profile.base_variant or profile.base_variant == self.voice.variant:
            return self
        return EspeakBackend(replace(self.voice, variant=profile.base_variant))

    def render(self, sentence: ScriptSentence, style: Style, *, rate_scale: float = 1.0) -> Speech:
        tokens = mandarin_tokens(sentence.spoken) if sentence.language == "zh" else english_tokens(sentence.spoken)
        chunks: list[np.ndarray] = []
        words: list[WordTiming] = []
        offset = 0
        rate = engine().sample_rate
        for language, run in _runs(tokens):
            ssml, spans = _ssml(run, language, style)
            out = engine().synth(
                ssml, voice=self.voice.name(language), rate=round(self.voice.rate_wpm * rate_scale),
                pitch=self.voice.pitch, range_=self.voice.range, volume=100,
            )
            words.extend(_word_timings(out, spans, offset))
            chunks.append(out.samples)
            offset += len(out.samples)
        pause = np.zeros(round(style.pause_s * rate), np.int16)
        samples = np.concatenate([*chunks, pause]).astype(np.float32) / 32768.0
        timing = SentenceTiming(sentence.text, sentence.spoken, sentence.emotion, sentence.language, 0.0,
                                offset / rate)
        return Speech(samples, rate, tuple(words), (timing,), self.name, "engine")


def _runs(tokens: list[Token]) -> list[tuple[str, list[Token]]]:
    """Group tokens into same-language runs; pauses stay with the run they follow."""
    runs: list[tuple[str, list[Token]]] = []
    for token in tokens:
        language = "en" if token.kind == "en" else "zh" if token.kind == "zh" else None
        if language is None:
            if runs:
                runs[-1][1].append(token)
            continue
        if not runs or runs[-1][0] != language:
            runs.append((language, []))
        runs[-1][1].append(token)
    return runs


def _ssml(run: list[Token], language: str, style: Style) -> tuple[str, list[tuple[int, int, str]]]:
    """SSML for one run and, per word, its 1-based character span in that string."""
    text = "<speak>" + ssml_prosody(style)
    spans: list[tuple[int, int, str]] = []
    for token in run:
        if token.kind == "pause":
            text += _pause_mark(token.text) + " "
            continue
        spoken = "".join(token.pinyin) if language == "zh" and token.kind == "zh" else token.text
        if not spoken:
            continue
        start = len(text) + 1
        text += spoken + " "
        spans.append((start, start + len(spoken), token.text))
    return text + "</prosody></speak>", spans


def _pause_mark(punct: str) -> str:
    if any(c in punct for c in "。.!！?？;；…"):
        return "."
    return ","


def _word_timings(out: EngineOutput, spans: list[tuple[int, int, str]], offset: int) -> list[WordTiming]:
    """Turn engine events into word and phoneme timings (seconds, shifted by ``offset`` samples)."""
    rate = out.sample_rate
    total = len(out.samples)
    marks = sorted({e.sample for e in out.events if e.kind in (EVENT_PHONEME, EVENT_WORD)} | {total})
    current: int | None = None
    phones: dict[int, list[PhonemeTiming]] = {}
    for event in out.events:
        if event.kind == EVENT_WORD:
            current = next((i for i, (a, b, _) in enumerate(spans) if a <= event.text_position < b), None)
        elif event.kind == EVENT_PHONEME and event.name and current is not None:
            end = next((m for m in marks if m > event.sample), total)
            phones.setdefault(current, []).append(
                PhonemeTiming(event.name, (event.sample + offset) / rate, (min(end, total) + offset) / rate)
            )
    words = []
    for index, (_, _, text) in enumerate(spans):
        plist = phones.get(index)
        if plist:
            words.append(WordTiming(text, plist[0].start, plist[-1].end, 0, tuple(plist)))
    return words
