"""Adapter directories: what a trained LoRA adapter is, for the `hf` backend and for vLLM alike.

One directory per adapter version::

    adapter_config.json         peft's config (base model type, rank, target modules)
    adapter_model.safetensors   the LoRA weights
    evercast_adapter.json       the card: base checkpoint, dataset id, training config, metrics, gate

The first two are exactly what ``PeftModel.from_pretrained`` and vLLM's
``--enable-lora --lora-modules NAME=DIR`` read, so the same directory serves both. The card says what
it was trained from; the gate adds its verdict to it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from core.errors import InputError

CARD = "evercast_adapter.json"


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

