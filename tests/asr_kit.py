"""A tiny speech recogniser for the tests of speech replies: a transformers Whisper checkpoint (a few hundred
thousand weights, byte-level vocabulary) trained here, in about half a minute on one core, on espeak-ng
renditions of a few Mandarin questions at several speeds and pitches, half of them through G.711 mu-law, so it
recognises other renditions of them as a phone line carries them. It is written with ``save_pretrained``,
exactly as a user's own checkpoint directory would be."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np

SPECIAL = ["<|endoftext|>", "<|startoftranscript|>", "<|zh|>", "<|transcribe|>", "<|notimestamps|>"]


def spoken(text: str, folder: Path, *, rate: int = 175, pitch: int = 50) -> np.ndarray:
    """``text`` said by espeak-ng's Mandarin voice, 8 kHz float samples."""
    import soxr

    raw = folder / "espeak.wav"
    subprocess.run(["espeak-ng", "-v", "cmn", "-s", str(rate), "-p", str(pitch), "-w", str(raw), text],
                   check=True, capture_output=True)
    with wave.open(str(raw)) as w:
        source = w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
    raw.unlink()
    return soxr.resample(samples, source, 8000)


def mulaw(samples: np.ndarray) -> np.ndarray:
    """The G.711 mu-law round trip (8-bit companding) a phone line puts audio through."""
    mu = 255.0
    coded = np.round(np.sign(samples) * np.log1p(mu * np.abs(samples)) / np.log1p(mu) * 127) / 127
    return (np.sign(coded) * ((1 + mu) ** np.abs(coded) - 1) / mu).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def build_tiny_whisper(folder: Path, phrases: list[str], steps: int = 150) -> Path:
    """Train the tiny recogniser on ``phrases`` and save it under ``folder``; returns the checkpoint directory."""
    import soxr
    import torch
    from tokenizers import pre_tokenizers
    from transformers import WhisperConfig, WhisperFeatureExtractor, WhisperForConditionalGeneration, WhisperTokenizer

    vocab = {char: n for n, char in enumerate(sorted(pre_tokenizers.ByteLevel.alphabet()))}
    for token in SPECIAL:
        vocab[token] = len(vocab)
    tokenizer = WhisperTokenizer(vocab=vocab, merges=[])
    tokenizer.add_special_tokens({"additional_special_tokens": SPECIAL[1:]})
    sot, zh, transcribe, no_times = tokenizer.convert_tokens_to_ids(SPECIAL[1:])
    eos = tokenizer.eos_token_id
    features = WhisperFeatureExtractor(feature_size=80, chunk_length=4)
    config = WhisperConfig(vocab_size=len(tokenizer), num_mel_bins=80, d_model=64, encoder_layers=2, decoder_layers=2,
                           encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=128,
                           decoder_ffn_dim=128, max_source_positions=features.nb_max_frames // 2,
                           max_target_positions=64, decoder_start_token_id=sot, pad_token_id=eos, eos_token_id=eos,
                           bos_token_id=eos)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    model = WhisperForConditionalGeneration(config)
    inputs, targets = [], []
    work = folder / "renditions"
    work.mkdir(parents=True, exist_ok=True)
    for phrase in phrases:
        for rate in (140, 170, 200):
            for pitch in (35, 50, 65):
                voice = spoken(phrase, work, rate=rate, pitch=pitch)
                for coded in (False, True):
                    audio = voice * rng.uniform(0.3, 1.0)
                    audio = (mulaw(audio) if coded else audio) + rng.normal(0, 0.003, len(audio))
                    inputs.append(features(soxr.resample(audio, 8000, 16000), sampling_rate=16000,
                                           return_tensors="pt").input_features[0])
                    targets.append([zh, transcribe, no_times, *tokenizer.encode(phrase, add_special_tokens=False), eos])
    labels = torch.full((len(targets), max(map(len, targets))), -100)
    for n, target in enumerate(targets):
        labels[n, :len(target)] = torch.tensor(target)
    batch = torch.stack(inputs)
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        model.train()
        for _ in range(steps):
            pick = torch.randint(0, len(targets), (8,))
            loss = model(input_features=batch[pick], labels=labels[pick]).loss
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    finally:
        torch.set_num_threads(threads)
    checkpoint = folder / "whisper-tiny-test"
    model.save_pretrained(checkpoint)
    tokenizer.save_pretrained(checkpoint)
    features.save_pretrained(checkpoint)
    return checkpoint
