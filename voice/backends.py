"""Production backends (user-supplied weights or servers) and the settings-driven factory.

- :class:`HttpBackend`: CosyVoice, GPT-SoVITS or IndexTTS servers that Chinese teams run;
  clones from the profile's reference clip, emotion as an instruction where the server takes one
  and as WORLD prosody otherwise.
- :class:`XttsBackend`: Coqui XTTS-v2 from a local directory through ``coqui-tts`` (optional
  extra with its own torch 2.9.1 + torchaudio environment), behind an explicit licence setting.
Both return timings by aligning to the embedded engine's rendering of the same sentence.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np

from core.errors import InputError, NotConfiguredError, TransientError
from core.settings import VoiceSettings
from voice.align import align_to_reference
from voice.embedded import EspeakBackend, EspeakVoice
from voice.emotion import STYLES, Style, apply_style
from voice.normalize import ScriptSentence
from voice.profile import VoiceProfile
from voice.records import Emotion, Speech


def _decode_wav(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data)) as wav:
        if wav.getsampwidth() != 2:
            raise TransientError("TTS server returned a WAV that is not 16-bit PCM")
        rate, channels = wav.getframerate(), wav.getnchannels()
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), "<i2").astype(np.float32) / 32768.0
    return (pcm.reshape(-1, channels).mean(axis=1) if channels > 1 else pcm), rate


def _with_timings(samples: np.ndarray, rate: int, sentence: ScriptSentence, style: Style, name: str) -> Speech:
    if len(samples) < rate // 20:
        raise TransientError(f"{name} returned no audio for: {sentence.text[:40]}")
    reference = EspeakBackend().render(sentence, style)
    return align_to_reference(reference, samples, rate, name)


def _world_part(style: Style, keep_rate: bool) -> Style:
    """The part of a style that must be done by WORLD after a backend that cannot do it itself."""
    neutral = STYLES[Emotion.NEUTRAL]
    return Style(style.pitch, style.range, style.rate if keep_rate else 1.0, style.volume_db, neutral.pause_s,
                 style.instruction_zh, style.instruction_en)


class HttpBackend:
    """Adapter for self-hosted TTS servers; the voice profile's first clip is the speaker prompt.

    kinds: ``cosyvoice`` (runtime/python/fastapi server: raw 16-bit PCM at ``sample_rate``),
    ``gpt-sovits`` (api_v2 ``/tts``: WAV; the server must see ``ref_audio_path``),
    ``indextts`` (``/tts`` multipart: text, prompt_wav, emo_text -> WAV).
    """

    clones_natively = True

    def __init__(self, url: str, kind: str = "cosyvoice", *, sample_rate: int = 24000, timeout_s: float = 120.0):
        if not url:
            raise NotConfiguredError("the HTTP voice backend needs EVERCAST_VOICE__HTTP_URL (the TTS server's address)")
        self.url = url.rstrip("/")
        self.kind = kind
        self.sample_rate = sample_rate
        self.timeout_s = timeout_s
        self.name = f"http-{kind}"

    @property
    def cache_id(self) -> str:
        return f"{self.name}:{self.url}:{self.sample_rate}"

    def render(self, sentence: ScriptSentence, style: Style, *, rate_scale: float = 1.0,
               voice: VoiceProfile | None = None) -> Speech:
        import httpx

        if voice is None or not voice.clips:
            raise InputError(f"the {self.kind} backend clones a voice: pass a voice profile with reference clips")
        prompt = Path(voice.clip_paths[0])
        instruction = style.instruction_zh if sentence.language == "zh" else style.instruction_en
        neutral = style == STYLES[Emotion.NEUTRAL]
        try:
            with httpx.Client(timeout=self.timeout_s) as client:
                if self.kind == "cosyvoice":
                    files = {"prompt_wav": (prompt.name, prompt.read_bytes(), "audio/wav")}
                    if neutral:
                        resp = client.post(f"{self.url}/inference_cross_lingual",
                                           data={"tts_text": sentence.spoken}, files=files)
                    else:
                        resp = client.post(f"{self.url}/inference_instruct2",
                                           data={"tts_text": sentence.spoken,
                                                 "instruct_text": f"{instruction}<|endofprompt|>"}, files=files)
                elif self.kind == "gpt-sovits":
                    resp = client.post(f"{self.url}/tts", json={
                        "text": sentence.spoken, "text_lang": sentence.language,
                        "ref_audio_path": str(prompt.resolve()), "prompt_text": "",
                        "prompt_lang": sentence.language, "media_type": "wav", "streaming_mode": False,
                        "speed_factor": style.rate * rate_scale,
                    })
                else:
                    resp = client.post(f"{self.url}/tts", data={"text": sentence.spoken, "emo_text": instruction},
                                       files={"prompt_wav": (prompt.name, prompt.read_bytes(), "audio/wav")})
        except httpx.HTTPError as exc:
            raise TransientError(f"TTS server {self.url} unreachable: {exc}") from exc
        if resp.status_code >= 500:
            raise TransientError(f"TTS server {self.url} failed ({resp.status_code})")
        if resp.status_code >= 400:
            raise InputError(f"TTS server {self.url} refused the request ({resp.status_code}): {resp.text[:200]}")
        if self.kind == "cosyvoice":
            samples, rate = np.frombuffer(resp.content, "<i2").astype(np.float32) / 32768.0, self.sample_rate
            post = None  # the instruction carries the emotion
        else:
            samples, rate = _decode_wav(resp.content)
            post = _world_part(style, keep_rate=self.kind != "gpt-sovits")
        if post is not None and post != STYLES[Emotion.NEUTRAL]:
            samples, _ = apply_style(samples, rate, post)
        pad = np.zeros(round(style.pause_s * rate), np.float32)
        return _with_timings(np.concatenate([samples, pad]), rate, sentence, style, self.name)


class XttsBackend:
    """Coqui XTTS-v2 loaded from a local directory (config.json, model.pth, vocab.json)."""

    clones_natively = True
    name = "xtts"

    def __init__(self, model_dir: str | Path | None, *, accept_cpml: bool, device: str = "cpu"):
        if not accept_cpml:
            raise NotConfiguredError(
                "XTTS-v2 weights are licensed for non-commercial use only (Coqui Public Model License): "
                "set EVERCAST_VOICE__XTTS_ACCEPT_CPML=true to accept it, or use another backend"
            )
        if model_dir is None or not (Path(model_dir) / "config.json").is_file():
            raise NotConfiguredError(
                f"EVERCAST_VOICE__XTTS_MODEL_DIR must name a local XTTS-v2 directory with config.json "
                f"and model.pth (got {model_dir!r}); hub names are never downloaded"
            )
        try:
            from TTS.api import TTS
        except ImportError:
            raise NotConfiguredError(
                "XTTS needs the 'xtts' extra (coqui-tts with torch 2.9.1 + torchaudio) in its own environment"
            ) from None
        self.model_dir = Path(model_dir)
        self.tts = TTS(model_path=str(self.model_dir), config_path=str(self.model_dir / "config.json")).to(device)
        self.sample_rate = int(self.tts.synthesizer.output_sample_rate)

    @property
    def cache_id(self) -> str:
        stat = (self.model_dir / "model.pth").stat() if (self.model_dir / "model.pth").exists() else None
        return f"xtts:{self.model_dir}:{stat.st_size if stat else 0}:{stat.st_mtime_ns if stat else 0}"

    def render(self, sentence: ScriptSentence, style: Style, *, rate_scale: float = 1.0,
               voice: VoiceProfile | None = None) -> Speech:
        if voice is None or not voice.clips:
            raise InputError("XTTS clones a voice: pass a voice profile with reference clips")
        wav = self.tts.tts(
            text=sentence.spoken, speaker_wav=[str(p) for p in voice.clip_paths[:3]],
            language="zh-cn" if sentence.language == "zh" else "en", speed=style.rate * rate_scale,
            split_sentences=False,
        )
        samples = np.asarray(wav, np.float32)
        post = _world_part(style, keep_rate=False)  # XTTS has no emotion control: WORLD does it
        if post != STYLES[Emotion.NEUTRAL]:
            samples, _ = apply_style(samples, self.sample_rate, post)
        pad = np.zeros(round(style.pause_s * self.sample_rate), np.float32)
        return _with_timings(np.concatenate([samples, pad]), self.sample_rate, sentence, style, self.name)


def backend_from_settings(section: VoiceSettings, *, device: str = "cpu") -> EspeakBackend | HttpBackend | XttsBackend:
    """The backend an operator configured (``EVERCAST_VOICE__BACKEND``)."""
    if section.backend == "embedded":
        return EspeakBackend(EspeakVoice(variant=section.espeak_variant))
    if section.backend == "xtts":
        return XttsBackend(section.xtts_model_dir, accept_cpml=section.xtts_accept_cpml, device=device)
    return HttpBackend(section.http_url, section.http_kind, timeout_s=section.http_timeout_s)
