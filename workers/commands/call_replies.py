"""Speech replies in a call: a question the person asks after the message, heard by the operator's recogniser
(``calls.asr_backend``, a model by path; off by default), answered from the knowledge base through the verified
answer path (``script_gen.answer``: a grounded, checked answer or the safe holding line) and spoken in the
campaign's own voice at 8 kHz, like the message (the same cache, so a common answer is rendered once)."""

from __future__ import annotations

import logging
import wave
from pathlib import Path

import numpy as np

from calls.asr import Transcriber, open_transcriber
from calls.message import Product, recommend
from workers.commands import calls
from workers.commands.scripts import question_answerer
from workers.runtime import Runtime

log = logging.getLogger(__name__)


class Replies:
    """Answers one campaign's calls; thread-safe (the recogniser serialises its own work)."""

    def __init__(self, rt: Runtime, merchant_id: str, voice_id: str | None, campaign_sku: str | None,
                 transcriber: Transcriber, workdir: Path) -> None:
        self.rt, self.merchant_id, self.voice_id, self.workdir = rt, merchant_id, voice_id, workdir
        self.transcriber = transcriber
        self.answerer = question_answerer(rt, merchant_id)
        self.catalogue = calls.catalogue(rt, merchant_id)
        self.campaign_sku = campaign_sku

    @classmethod
    def open(cls, rt: Runtime, merchant_id: str, voice_id: str | None, campaign_sku: str | None,
             workdir: Path) -> Replies | None:
        """The campaign's replies, or None when speech replies are off; InputError naming what to supply."""
        cfg = rt.settings.calls
        transcriber = open_transcriber(cfg.asr_backend, cfg.asr_model_path, cfg.asr_language)
        return cls(rt, merchant_id, voice_id, campaign_sku, transcriber, workdir) if transcriber else None

    def product(self, last_sku: str) -> Product | None:
        """What the recipient's message offered, which their questions are about."""
        return recommend(last_sku, self.catalogue, self.campaign_sku)

    def answer(self, sku_code: str, utterance: Path) -> Path | None:
        """The spoken answer to ``utterance`` (an 8 kHz WAV), or None when nothing was recognised."""
        with wave.open(str(utterance), "rb") as w:
            rate = w.getframerate()
            samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
        question = self.transcriber.transcribe(samples, rate)
        if not question:
            return None
        text = self.answerer(sku_code, question)
        log.info("a call asked %r about %s; answered %r", question, sku_code, text)
        audio_id = calls.message_audio(self.rt, self.merchant_id, self.voice_id, text, self.workdir)
        return calls.stored_path(self.rt, audio_id, self.merchant_id)
