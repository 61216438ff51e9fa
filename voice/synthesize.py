"""The one synthesis interface: text (+ voice profile, emotion) -> :class:`Speech`, sentence by sentence.

``iter_synthesize`` yields each sentence as soon as it is ready (live rooms start playing the first
one while the rest render); ``synthesize`` joins them. Every backend returns timings; a voice
profile is applied by the embedded WORLD conversion unless the backend clones natively.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

from core.errors import InputError
from core.progress import Progress
from voice.cache import SpeechCache, SpeechStore, cache_key
from voice.emotion import Style, style_for
from voice.normalize import MAX_CHARS, ScriptSentence, parse_script
from voice.records import Emotion, Speech, concatenate

if TYPE_CHECKING:  # the profile module pulls in WORLD and Resemblyzer helpers: import it only when used
    from voice.profile import VoiceProfile

FIRST_PIECE_CHARS = 12  # a long first sentence is cut at a comma so the first audio is ready sooner


class Backend(Protocol):
    """What a synthesiser provides: one sentence in, speech with timings out."""

    name: str

    @property
    def cache_id(self) -> str: ...

    def render(self, sentence: ScriptSentence, style: Style, *, rate_scale: float = 1.0) -> Speech: ...


def iter_synthesize(
    text: str,
    voice: VoiceProfile | None = None,
    emotion: Emotion | str | None = None,
    *,
    backend: Backend | None = None,
    target_lufs: float | None = None,
    progress: Progress | None = None,
    max_chars: int = MAX_CHARS,
    sentence_store: SpeechStore | None = None,
) -> Iterator[Speech]:
    """Yield one :class:`Speech` per sentence (sentence index = position in the script).

    ``[emotion]`` tags inside ``text`` override ``emotion`` for what follows them. With
    ``target_lufs`` each sentence is loudness-normalised to that level plus its emotion's
    energy offset, so emotions stay louder or softer than each other. With ``sentence_store`` each
    sentence's rendering (voice applied, before loudness) is looked up and kept under a content hash of
    its text, language, emotion, rate, voice and backend: texts that share sentences render them once.
    """
    from voice.embedded import EspeakBackend

    sentences = parse_script(text, emotion=emotion, max_chars=max_chars, first_max_len=FIRST_PIECE_CHARS)
    backend = backend or EspeakBackend()
    if voice is not None and hasattr(backend, "for_profile"):
        backend = backend.for_profile(voice)
    clones_natively = getattr(backend, "clones_natively", False)
    for index, sentence in enumerate(sentences):
        if progress:
            progress(index / len(sentences), f"sentence {index + 1}/{len(sentences)}")
        style = style_for(sentence.emotion)
        rate_scale = 1.0
        if voice is not None and not clones_natively:
            from voice.convert import rate_factor

            rate_scale = rate_factor(voice, backend, sentence.language)
        key = speech = None
        if sentence_store is not None:
            key = cache_key(f"{sentence.language}\x1f{sentence.text}", emotion=sentence.emotion.value,
                            voice_hash=voice.content_hash if voice else None, backend_id=backend.cache_id,
                            output=f"sentence rate={rate_scale!r}")
            speech = sentence_store.get(key)
        if speech is None:
            speech = _render(backend, sentence, style, rate_scale, voice, clones_natively)
            if sentence_store is not None and key is not None:
                sentence_store.put(key, speech)
        if target_lufs is not None:
            from voice.output import loudness_normalize

            speech = loudness_normalize(speech, target_lufs + style.volume_db)
        yield speech.shifted(0.0, index)
    if progress:
        progress(1.0, "speech ready")


def _render(backend: Backend, sentence: ScriptSentence, style: Style, rate_scale: float,
            voice: VoiceProfile | None, clones_natively: bool) -> Speech:
    """One sentence in the voice: natively, or the backend's speech converted to the profile."""
    if clones_natively:
        return backend.render(sentence, style, rate_scale=rate_scale, voice=voice)
    speech = backend.render(sentence, style, rate_scale=rate_scale)
    if voice is not None:
        from voice.convert import convert

        speech = convert(speech, voice, backend)
    return speech


def synthesize(
    text: str,
    voice: VoiceProfile | None = None,
    emotion: Emotion | str | None = None,
    *,
    backend: Backend | None = None,
    target_lufs: float | None = None,
    cache: SpeechCache | None = None,
    progress: Progress | None = None,
    max_chars: int = MAX_CHARS,
    sentence_store: SpeechStore | None = None,
) -> Speech:
    """All sentences joined into one :class:`Speech` (timings offset accordingly).

    With ``cache`` the result is looked up / stored under a content hash of text, voice,
    emotion, backend and level (see :func:`voice.cache.cache_key`); ``sentence_store``: see
    :func:`iter_synthesize`.
    """
    from voice.embedded import EspeakBackend

    backend = backend or EspeakBackend()
    key = None
    if cache is not None:
        key = cache_key(text, emotion=Emotion.parse(emotion).value, voice_hash=voice.content_hash if voice else None,
                        backend_id=backend.cache_id, output=f"lufs={target_lufs}")
        hit = cache.get(key)
        if hit is not None:
            if progress:
                progress(1.0, "speech from cache")
            return hit
    parts = list(iter_synthesize(text, voice, emotion, backend=backend, target_lufs=target_lufs,
                                 progress=progress, max_chars=max_chars, sentence_store=sentence_store))
    if not parts:
        raise InputError("the text has nothing speakable")
    speech = concatenate(parts)
    if cache is not None and key is not None:
        cache.put(key, speech)
    return speech
