"""Load a user-supplied published checkpoint by path (never downloaded).

Accepts the published Wav2Lip ``.pth`` layout (``{"state_dict": {"module.<name>": tensor}, ...}``),
a bare state dict, or ``.safetensors``. The channel width is read from the weights, so the same
code loads the real 36 M-parameter generator and the tiny random ones the tests write.
"""

from __future__ import annotations

from pathlib import Path

import torch

from avatar.models.wav2lip import Wav2Lip, Wav2LipConfig
from core.errors import InputError, NotConfiguredError

_FIRST = "face_encoder_blocks.0.0.conv_block.0.weight"


def _state_dict(path: Path) -> dict[str, torch.Tensor]:
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file

        return load_file(str(path))
    try:
        raw = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # a pickle we refuse to execute, or not a torch file at all
        raise InputError(f"{path.name} is not a readable PyTorch checkpoint: {exc}") from exc
    state = raw.get("state_dict", raw) if isinstance(raw, dict) else None
    if not isinstance(state, dict):
        raise InputError(f"{path.name} holds no state dict")
    return {k.removeprefix("module."): v for k, v in state.items()}


def load_wav2lip(path: str | Path | None, device: str = "cpu") -> Wav2Lip:
    """The Wav2Lip generator from ``path`` in eval mode; clear errors for a missing or foreign file."""
    if not path:
        raise NotConfiguredError(
            "no Wav2Lip checkpoint configured: set EVERCAST_AVATAR__WAV2LIP_CHECKPOINT to a wav2lip.pth you are licensed to use")
    path = Path(path)
    if not path.is_file():
        raise NotConfiguredError(f"Wav2Lip checkpoint not found: {path}")
    state = _state_dict(path)
    if _FIRST not in state:
        raise InputError(f"{path.name} is not a Wav2Lip generator checkpoint (no {_FIRST})")
    model = Wav2Lip(Wav2LipConfig(width=state[_FIRST].shape[0] / 16))
    result = model.load_state_dict(state, strict=False)
    if result.missing_keys or result.unexpected_keys:
        raise InputError(
            f"{path.name} does not match the Wav2Lip architecture: {len(result.missing_keys)} missing "
            f"(e.g. {result.missing_keys[:2]}), {len(result.unexpected_keys)} unexpected (e.g. {result.unexpected_keys[:2]})")
    return model.to(device).eval()
