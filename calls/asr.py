"""Speech replies in a call: what the person said, as text, through a speech recogniser the operator supplies.

Off by default (``calls.asr_backend = "none"``): the embedded path answers keys only. ``whisper`` loads a Hugging
Face transformers Whisper checkpoint from a directory (``config.json``, the weights, the tokenizer files and
``preprocessor_config.json``, as ``save_pretrained`` writes them), never from the network, and decodes greedily
with the checkpoint's own task and language tokens where its vocabulary has them. A utterance is at most the
feature extractor's chunk (30 s for OpenAI's checkpoints); calls hand over a few seconds at a time.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from core.errors import InputError

BACKENDS = ("none", "whisper")
WHISPER_FILES = ("config.json", "preprocessor_config.json")
MODEL_RATE = 16_000


class Transcriber(Protocol):
    """Turns one utterance (mono float samples in [-1, 1]) into text; thread-safe."""

    def transcribe(self, samples: np.ndarray, rate: int) -> str: ...


class WhisperTranscriber:
    """A transformers Whisper checkpoint directory, on the CPU; one utterance at a time."""

    def __init__(self, path: Path, language: str = "zh", max_tokens: int = 96) -> None:
        from transformers import AutoTokenizer, WhisperFeatureExtractor, WhisperForConditionalGeneration

        missing = [name for name in WHISPER_FILES if not (path / name).is_file()]
        if not path.is_dir() or missing:
            raise InputError(f"speech replies need a Whisper checkpoint directory at EVERCAST_CALLS__ASR_MODEL_PATH "
                             f"({path}): {'it does not exist' if not path.is_dir() else 'no ' + ', '.join(missing)}")
        self.features = WhisperFeatureExtractor.from_pretrained(path, local_files_only=True)
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = WhisperForConditionalGeneration.from_pretrained(path, local_files_only=True).eval()
        self.max_tokens = max_tokens
        wanted = ("<|startoftranscript|>", f"<|{language}|>", "<|transcribe|>", "<|notimestamps|>")
        vocab = self.tokenizer.get_vocab()
        self.prompt = [vocab[token] for token in wanted if token in vocab]
        if not self.prompt or self.prompt[0] != self.model.config.decoder_start_token_id:
            raise InputError(f"{path} is not a Whisper checkpoint: its tokenizer has no <|startoftranscript|> that "
                             "starts its decoder")
        self.lock = threading.Lock()

    def transcribe(self, samples: np.ndarray, rate: int) -> str:
        import soxr
        import torch

        audio = soxr.resample(np.asarray(samples, dtype=np.float32), rate, MODEL_RATE) if rate != MODEL_RATE \
            else np.asarray(samples, dtype=np.float32)
        features = self.features(audio, sampling_rate=MODEL_RATE, return_tensors="pt").input_features
        ids = list(self.prompt)
        eos = self.tokenizer.eos_token_id
        with self.lock, torch.inference_mode():
            encoded = self.model.model.encoder(features).last_hidden_state
            for _ in range(self.max_tokens):
                logits = self.model(encoder_outputs=(encoded,), decoder_input_ids=torch.tensor([ids])).logits
                token = int(logits[0, -1].argmax())
                if token == eos:
                    break
                ids.append(token)
        return str(self.tokenizer.decode(ids[len(self.prompt):], skip_special_tokens=True)).strip()


def open_transcriber(backend: str, model_path: str, language: str = "zh") -> Transcriber | None:
    """The configured recogniser, or None when speech replies are off; a clear error naming what to supply."""
    if backend == "none":
        return None
    if backend != "whisper":
        raise InputError(f"EVERCAST_CALLS__ASR_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
    if not model_path:
        raise InputError("speech replies (EVERCAST_CALLS__ASR_BACKEND=whisper) need EVERCAST_CALLS__ASR_MODEL_PATH: "
                         "a Whisper checkpoint directory")
    return WhisperTranscriber(Path(model_path).expanduser(), language)
