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


def describe_device(preference: Literal["auto", "cpu", "cuda"] = "auto") -> str:
    """The resolved device in words, with the GPU's name when there is one."""
    device = resolve_device(preference)
    if device == "cuda":
        import torch

        return f"cuda ({torch.cuda.get_device_name(0)})"
    return device
