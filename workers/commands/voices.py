"""Voices and speech: clone a voice profile from an upload, synthesize speech with timings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import media
from core.device import resolve_device
from core.errors import InputError
from core.models import Voice
from core.progress import Progress
from workers.commands.assets import store_file, stored_path
from workers.runtime import Runtime

if TYPE_CHECKING:
    from voice import SpeechStore


def voice_dir(rt: Runtime, merchant_id: str, voice_id: str) -> Path:
    return rt.settings.data_dir / "voices" / merchant_id / voice_id



def clone(rt: Runtime, voice_id: str, progress: Progress | None = None) -> dict[str, Any]:
    """Reference clips, statistics and speaker embedding from the uploaded audio or video."""
    from voice import build_voice_profile

    with rt.session() as s:
        row = s.get(Voice, voice_id)
        assert row is not None
        merchant_id, name, asset_id = row.merchant_id, row.name, row.source_asset_id
    audio = stored_path(rt, asset_id, merchant_id)
    out_dir = voice_dir(rt, merchant_id, voice_id)
    try:
        profile = build_voice_profile(audio, out_dir, name=name, progress=progress)
    except InputError as exc:
        with rt.session() as s:
            row = s.get(Voice, voice_id)
            row.status, row.error = "rejected", str(exc)
        raise
    summary = {"clips": len(profile.clips), "syllable_rate": profile.syllable_rate,
               "base_variant": profile.base_variant, "rejected": profile.rejected[:20]}
    with rt.session() as s:
        row = s.get(Voice, voice_id)
        row.status, row.profile_path, row.profile, row.error = "ready", str(out_dir), summary, None
    return {"voice_id": voice_id, **summary}


def load_profile(rt: Runtime, voice_id: str | None, merchant_id: str):  # noqa: ANN201 - VoiceProfile | None
    if not voice_id:
        return None
    from voice import VoiceProfile

    with rt.session() as s:
        row = s.get(Voice, voice_id)
        if row is None or row.merchant_id != merchant_id:
            raise InputError(f"voice {voice_id} not found")
        if row.status != "ready" or not row.profile_path:
            raise InputError(f"voice {row.name} is {row.status}, not ready to speak")
        path = Path(row.profile_path)
    return VoiceProfile.model_validate_json((path / "profile.json").read_text())


def script_text(rt: Runtime, script_id: str, merchant_id: str) -> str:
    """An approved or live script as voice input: one ``[emotion]`` tag per sentence."""
    from core.models import Script

    with rt.session() as s:
        row = s.get(Script, script_id)
        if row is None or row.merchant_id != merchant_id:
            raise InputError(f"script {script_id} not found")
        sections = row.content.get("script", {}).get("sections", [])
    return "\n".join(f"[{sent['emotion']}]{sent['text']}"
                     for sec in sections for sent in sec["sentences"])


def synthesize_checked(rt: Runtime, merchant_id: str, text: str, *, voice_id: str | None = None,
                       emotion: str | None = None, progress: Progress | None = None,
                       sentence_store: SpeechStore | None = None):  # noqa: ANN201 - voice.Speech
    """Speech for ``text``, refused if what will actually be heard contains advertising-law banned terms
    (``sentence_store``: sentences rendered before are reused, see :func:`voice.iter_synthesize`)."""
    from script_gen import check_compliance, load_lexicon
    from voice import backend_from_settings, synthesize

    profile = load_profile(rt, voice_id, merchant_id)
    backend = backend_from_settings(rt.settings.voice, device=resolve_device(rt.settings.device))
    speech = synthesize(text, profile, emotion, backend=backend, progress=progress,
                        max_chars=rt.settings.voice.max_text_chars, sentence_store=sentence_store)
    spoken = "\n".join(sentence.spoken for sentence in speech.sentences)
    if banned := check_compliance(spoken, load_lexicon(platform=rt.settings.script.platform or None)):
        # numbers and symbols become words on the way to speech: check what will actually be heard
        terms = ", ".join(sorted({f.text for f in banned}))
        raise InputError(f"the spoken text contains advertising-law banned terms: {terms}")
    return speech


def speak(rt: Runtime, merchant_id: str, text: str, *, voice_id: str | None = None, emotion: str | None = None,
          telephony: bool = False, workdir: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Speech as a stored asset (48 kHz WAV for video/live, or 8 kHz G.711 for calls) plus its timings."""
    from voice import timings_to_dict, to_telephony, to_video

    speech = synthesize_checked(rt, merchant_id, text, voice_id=voice_id, emotion=emotion, progress=progress)
    timings = timings_to_dict(speech)
    workdir.mkdir(parents=True, exist_ok=True)
    if telephony:
        phone = to_telephony(speech, workdir, name="speech", target_lufs=rt.settings.voice.phone_lufs)
        audio_id = store_file(rt, merchant_id, phone.mulaw_wav, "audio", "audio/wav")
        extra = {"pcm_asset_id": store_file(rt, merchant_id, phone.pcm_wav, "audio", "audio/wav")}
    else:
        video = to_video(speech, target_lufs=rt.settings.voice.video_lufs)
        audio_id = store_file(rt, merchant_id, media.write_wav(workdir / "speech.wav", video.samples,
                                                                 video.sample_rate), "audio", "audio/wav")
        extra = {}
    timings_path = workdir / "timings.json"
    timings_path.write_text(json.dumps(timings, ensure_ascii=False))
    timings_id = store_file(rt, merchant_id, timings_path, "timings", "application/json")
    return {"audio_asset_id": audio_id, "timings_asset_id": timings_id, "duration_s": round(speech.duration, 3),
            "words": len(speech.words), "timing_source": speech.timing_source, **extra}
