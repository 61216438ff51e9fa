"""Resolve the compute device once, at the entry point, and pass it down."""

from __future__ import annotations

from typing import Literal

from core.errors import NotConfiguredError


def resolve_device(preference: Literal["auto", "cpu", "cuda"] = "auto") -> str:
    """``auto`` picks CUDA when torch sees a GPU, else CPU; ``cuda`` without a GPU is an error."""
    if preference == "cpu":
        return "cpu"
    try:
        import torch
    except ImportError:  # torch is a dependency, but doctor must still run without it
        if preference == "cuda":
            raise NotConfiguredError("EVERCAST_DEVICE=cuda but torch is not installed") from None
        return "cpu"
    if torch.cuda.is_available():
        return "cuda"
    if preference == "cuda":
        raise NotConfiguredError("EVERCAST_DEVICE=cuda but no CUDA GPU is visible; set EVERCAST_DEVICE=auto or cpu")
    return "cpu"
