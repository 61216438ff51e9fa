"""Load a user-supplied published checkpoint by path (never downloaded).

Accepts the published Wav2Lip ``.pth`` layout (``{"state_dict": {"module.<name>": tensor}, ...}``),
a bare state dict, or ``.safetensors``. The channel width is read from the weights, so the same
code loads the real networks (the 36 M-parameter generator, the lip-sync expert) and the tiny random
ones the tests write.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import torch
from torch import nn

from avatar.models.syncnet import SyncNet
from avatar.models.wav2lip import Wav2Lip, Wav2LipConfig
from core.errors import InputError, NotConfiguredError

_GENERATOR_FIRST = "face_encoder_blocks.0.0.conv_block.0.weight"  # (16 x width, 6, 7, 7)
_SYNCNET_FIRST = "face_encoder.0.conv_block.0.weight"  # (32 x width, 15, 7, 7)

Net = TypeVar("Net", bound=nn.Module)


def _state_dict(path: Path) -> dict[str, torch.Tensor]:
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file

        try:
            return load_file(str(path))
        except Exception as exc:
            raise InputError(f"{path.name} is not a readable safetensors file: {exc}") from exc
    try:
        raw = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # a pickle we refuse to execute, or not a torch file at all
        raise InputError(f"{path.name} is not a readable PyTorch checkpoint: {exc}") from exc
    state = raw.get("state_dict", raw) if isinstance(raw, dict) else None
    if not isinstance(state, dict):
        raise InputError(f"{path.name} holds no state dict")
    return {k.removeprefix("module."): v for k, v in state.items()}


def _read(path: str | Path | None, what: str, setting: str, first: str) -> tuple[Path, dict[str, torch.Tensor]]:
    """The state dict at ``path``, refused unless it has ``first``, the network's first weight."""
    if not path:
        raise NotConfiguredError(f"no {what} checkpoint configured: set {setting} to a file you are licensed to use")
    path = Path(path)
    if not path.is_file():
        raise NotConfiguredError(f"{what} checkpoint not found: {path}")
    state = _state_dict(path)
    if first not in state:
        raise InputError(f"{path.name} is not a {what} checkpoint (no {first})")
    return path, state


def _fill(model: Net, state: dict[str, torch.Tensor], path: Path, what: str, device: str) -> Net:
    """``model`` with every weight from ``state`` (strict: no key missing, none left over) in eval mode."""
    try:
        result = model.load_state_dict(state, strict=False)
    except RuntimeError as exc:  # a key of the right name with another shape
        raise InputError(f"{path.name} does not match the {what} architecture: {exc}") from exc
    if result.missing_keys or result.unexpected_keys:
        raise InputError(
            f"{path.name} does not match the {what} architecture: {len(result.missing_keys)} missing "
            f"(e.g. {result.missing_keys[:2]}), {len(result.unexpected_keys)} unexpected (e.g. {result.unexpected_keys[:2]})")
    return model.to(device).eval()


def load_wav2lip(path: str | Path | None, device: str = "cpu") -> Wav2Lip:
    """The Wav2Lip generator (``wav2lip.pth``) from ``path`` in eval mode; clear errors for a missing or foreign file."""
    what = "Wav2Lip generator"
    path, state = _read(path, what, "EVERCAST_AVATAR__WAV2LIP_CHECKPOINT", _GENERATOR_FIRST)
    return _fill(Wav2Lip(Wav2LipConfig(width=state[_GENERATOR_FIRST].shape[0] / 16)), state, path, what, device)


def load_syncnet(path: str | Path | None, device: str = "cpu") -> SyncNet:
    """Wav2Lip's lip-sync expert (``lipsync_expert.pth``) from ``path`` in eval mode; clear errors as above."""
    what = "SyncNet (Wav2Lip lip-sync expert)"
    path, state = _read(path, what, "EVERCAST_AVATAR__SYNCNET_CHECKPOINT", _SYNCNET_FIRST)
    return _fill(SyncNet(Wav2LipConfig(width=state[_SYNCNET_FIRST].shape[0] / 32)), state, path, what, device)
