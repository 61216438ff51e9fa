"""XTTS-v2 through coqui-tts with a tiny, randomly initialised model that this test builds and saves.

coqui-tts needs torch 2.9.1 + torchaudio, so it lives in its own virtualenv (see README, "xtts");
where it is not importable the test is skipped with that reason. The weights are random, so the
audio is noise-like speech-shaped output: the test checks the real loading and inference code path
(config + model.pth + vocab.json from a local directory, cloning latents from the profile's clips,
timings aligned to the embedded engine), not voice quality.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.media import write_wav
from voice.profile import ClipInfo, VoiceProfile

TTS = pytest.importorskip("TTS", reason="coqui-tts is not installed (optional 'xtts' extra in its own venv)")


def _tiny_xtts_dir(root):
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from TTS.tts.configs.xtts_config import XttsConfig
    from TTS.tts.models.xtts import Xtts

    root.mkdir(parents=True, exist_ok=True)
    specials = ["[STOP]", "[UNK]", "[SPACE]", "[en]", "[zh-cn]"]
    tokenizer = Tokenizer(models.BPE(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    corpus = ["hello welcome to the live room", "this power bank is light and fast", "abcdefghijklmnopqrstuvwxyz"]
    tokenizer.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=80, special_tokens=specials))
    tokenizer.save(str(root / "vocab.json"))
    vocab_size = tokenizer.get_vocab_size()

    config = XttsConfig()
    args = config.model_args
    args.gpt_layers, args.gpt_n_model_channels, args.gpt_n_heads = 1, 32, 2
    args.gpt_number_text_tokens = vocab_size
    args.gpt_start_text_token, args.gpt_stop_text_token = vocab_size - 2, vocab_size - 1
    args.gpt_max_audio_tokens, args.gpt_max_text_tokens, args.gpt_max_prompt_tokens = 40, 60, 20
    args.gpt_num_audio_tokens, args.gpt_start_audio_token, args.gpt_stop_audio_token = 66, 64, 65
    args.decoder_input_dim = 32
    args.tokenizer_file = str(root / "vocab.json")
    config.gpt_cond_len, config.max_ref_len = 3, 6
    config.languages = ["en", "zh-cn"]
    torch.manual_seed(0)
    model = Xtts.init_from_config(config)
    torch.save({"model": model.state_dict()}, root / "model.pth")
    config.save_json(str(root / "config.json"))
    return root


@pytest.fixture()
def reference_profile(tmp_path):
    from voice.synthesize import synthesize

    speech = synthesize("Welcome to the live room, everyone. This power bank is light and fast.")
    clip = tmp_path / "clips" / "clip_00.wav"
    clip.parent.mkdir()
    write_wav(clip, speech.samples, speech.sample_rate)
    return VoiceProfile(
        name="ref", directory=str(tmp_path), sample_rate=speech.sample_rate,
        clips=[ClipInfo(path="clips/clip_00.wav", start_s=0, duration_s=speech.duration, snr_db=40, modulation=0.5,
                        syllable_rate=5.0)],
        f0_log_mean=5.0, f0_log_std=0.1, envelope=[0.0] * 257, syllable_rate=5.0,
    )


def test_xtts_loads_a_local_directory_and_speaks_with_timings(tmp_path, reference_profile):
    from voice.backends import XttsBackend
    from voice.synthesize import synthesize

    model_dir = _tiny_xtts_dir(tmp_path / "xtts")
    assert json.loads((model_dir / "config.json").read_text())["model_args"]["gpt_layers"] == 1
    backend = XttsBackend(model_dir, accept_cpml=True)
    speech = synthesize("[excited]hello welcome to the live room", reference_profile, backend=backend)
    assert speech.backend == "xtts" and speech.timing_source == "aligned"
    assert speech.sample_rate == backend.sample_rate and len(speech.samples) > speech.sample_rate // 10
    assert np.isfinite(speech.samples).all()
    assert [w.text for w in speech.words] == ["hello", "welcome", "to", "the", "live", "room"]
    assert all(0 <= w.start <= w.end <= speech.duration for w in speech.words)
