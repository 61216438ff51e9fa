"""Adapter directories: what a trained LoRA adapter is, for the `hf` backend and for vLLM alike.

One directory per adapter version::

    adapter_config.json         peft's config (base model type, rank, target modules)
    adapter_model.safetensors   the LoRA weights
    evercast_adapter.json       the card: base checkpoint, dataset id, training config, metrics, gate

The first two are exactly what ``PeftModel.from_pretrained`` and vLLM's
``--enable-lora --lora-modules NAME=DIR`` read, so the same directory serves both. The card says what
it was trained from; the gate adds its verdict to it. :class:`TrainConfig` (how one is trained) lives
here too, free of torch, so the API validates a job's parameters without loading it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import InputError

CARD = "evercast_adapter.json"


class TrainConfig(BaseModel):
    """How one adapter is trained (stored in its card; job parameters override the settings' defaults)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    method: Literal["sft", "dpo"] = "dpo"
    steps: int = Field(200, ge=1, le=100_000)
    batch_size: int = Field(4, ge=1, le=256)
    lr: float = Field(2e-4, gt=0, le=1)
    beta: float = Field(0.1, gt=0, le=10, description="DPO: how far the policy may move from the reference.")
    lora_r: int = Field(8, ge=1, le=256)
    lora_alpha: int = Field(16, ge=1, le=1024)
    lora_dropout: float = Field(0.0, ge=0, lt=1)
    target_modules: tuple[str, ...] = Field((), description="Empty: peft's default for the architecture.")
    max_length: int = Field(1024, ge=16, le=32_768, description="Tokens per example (the prompt's start is cut).")
    checkpoint_every: int = Field(50, ge=1)
    seed: int = 0


class AdapterCard(BaseModel):
    """The provenance and figures of one adapter version."""

    base_model: str
    base_config_sha256: str = Field(description="SHA-256 of the base checkpoint's config.json it was trained on.")
    dataset_id: str = ""
    method: str
    train: dict[str, Any] = Field(default_factory=dict)
    metrics: dict[str, Any] = Field(default_factory=dict)
    gate: dict[str, Any] | None = None
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


def write_card(adapter_dir: str | Path, card: AdapterCard) -> Path:
    """Write (or replace) the card atomically."""
    path = Path(adapter_dir) / CARD
    tmp = path.with_suffix(".tmp")
    tmp.write_text(card.model_dump_json(indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_card(adapter_dir: str | Path) -> AdapterCard:
    """The card of a complete adapter directory; a clear error for anything else."""
    adapter_dir = Path(adapter_dir)
    for name in ("adapter_config.json", CARD):
        if not (adapter_dir / name).is_file():
            raise InputError(f"{adapter_dir.name} is not an adapter directory: {name} is missing")
    try:
        return AdapterCard.model_validate_json((adapter_dir / CARD).read_text(encoding="utf-8"))
    except ValidationError as exc:
        raise InputError(f"{adapter_dir.name}/{CARD} is not an adapter card: {exc.errors()[0]['msg']}") from exc

