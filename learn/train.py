"""LoRA retraining of the `hf` script backend's local base model: SFT or DPO, readable top to bottom.

``train_adapter(base, records, cfg, out_dir, device=..., progress=...)`` loads the base checkpoint by
path (never downloaded), attaches a LoRA adapter with peft, runs ``cfg.steps`` optimiser steps on the
dataset's chat records and writes a self-describing adapter directory (peft's
``adapter_config.json`` + ``adapter_model.safetensors`` and ``evercast_adapter.json``, see
:mod:`learn.adapters`). It checkpoints every ``cfg.checkpoint_every`` steps into ``out_dir/checkpoint``
and a re-run with the same inputs resumes from there, so a job that was stopped or lost its worker
continues where it was.

Records are the dataset's JSONL rows: SFT ``{"messages": [system, user, assistant]}``, DPO
``{"prompt": [system, user], "chosen": [assistant], "rejected": [assistant]}``. The prompt text is
the one the `hf` backend sends (its tokenizer's chat template, or the plain layout), so what is
learned is what the backend is asked.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from pydantic import BaseModel

from core.errors import InputError, NotConfiguredError
from core.progress import Progress, no_progress
from learn.adapters import AdapterCard, TrainConfig, write_card
from learn.dpo import Encoded, collate, completion_logprobs, dpo_loss, encode, sft_loss
from script_gen.llm_backends import chat_prompt

class TrainResult(BaseModel):
    adapter_dir: str
    steps: int
    examples: int
    final_loss: float
    resumed_from: int


def load_base(base_path: str | Path, device: str):
    """Tokenizer and causal LM from a local checkpoint directory (bfloat16 on a GPU that has it)."""
    path = Path(base_path or "")
    if not base_path or not (path / "config.json").is_file():
        raise NotConfiguredError(f"retraining needs the hf backend's local base checkpoint (a directory with "
                                 f"config.json, EVERCAST_SCRIPT__HF_MODEL_PATH); got {str(base_path)!r}")
    from transformers import AutoModelForCausalLM, AutoTokenizer

    dtype = torch.bfloat16 if device == "cuda" and torch.cuda.is_bf16_supported() else torch.float32
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True, dtype=dtype).to(device)
    return tokenizer, model


def pad_id(tokenizer) -> int:
    return tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (tokenizer.eos_token_id or 0)


def _assistant(messages: Sequence[dict[str, str]]) -> str:
    if not messages or messages[-1].get("role") != "assistant":
        raise InputError("a training record's completion must end with an assistant message")
    return messages[-1]["content"]


def _fields(record: dict[str, Any], *names: str) -> list[Any]:
    missing = [n for n in names if n not in record]
    if missing:
        raise InputError(f"a training record lacks {', '.join(missing)} (SFT rows have messages; DPO rows prompt, "
                         "chosen and rejected)")
    return [record[n] for n in names]


def encode_sft(tokenizer, record: dict[str, Any], max_length: int) -> Encoded:
    [messages] = _fields(record, "messages")
    return encode(tokenizer, chat_prompt(tokenizer, messages[:-1]), _assistant(messages), max_length)


def encode_pair(tokenizer, record: dict[str, Any], max_length: int) -> tuple[Encoded, Encoded]:
    prompt, chosen, rejected = _fields(record, "prompt", "chosen", "rejected")
    text = chat_prompt(tokenizer, prompt)
    return (encode(tokenizer, text, _assistant(chosen), max_length),
            encode(tokenizer, text, _assistant(rejected), max_length))


@torch.no_grad()
def preference_margin(model, tokenizer, pairs: Sequence[dict[str, Any]], *, max_length: int = 1024,
                      device: str = "cpu", batch_size: int = 8) -> float:
    """The style measure: mean over pairs of (per-token log-prob of chosen - per-token log-prob of rejected).

    Per token, so a longer completion is not penalised for its length. Higher means the model prefers
    what sold better; 0 is indifference.
    """
    if not pairs:
        raise InputError("no preference pairs to measure")
    was_training = model.training
    model.eval()
    margins: list[float] = []
    encoded = [encode_pair(tokenizer, p, max_length) for p in pairs]
    for start in range(0, len(encoded), batch_size):
        chunk = encoded[start:start + batch_size]
        lc, nc = completion_logprobs(model, collate([c for c, _ in chunk], pad_id(tokenizer), device))
        lr, nr = completion_logprobs(model, collate([r for _, r in chunk], pad_id(tokenizer), device))
        margins += ((lc / nc.clamp(min=1)) - (lr / nr.clamp(min=1))).tolist()
    model.train(was_training)
    return float(sum(margins) / len(margins))


def _fingerprint(base_path: Path, records: Sequence[dict[str, Any]], cfg: TrainConfig) -> str:
    """What a checkpoint belongs to: resuming with other data, config or base would mix two runs."""
    digest = hashlib.sha256((base_path / "config.json").read_bytes())
    digest.update(cfg.model_dump_json().encode())
    for record in records:
        digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def _attach_lora(model, cfg: TrainConfig):
    from peft import LoraConfig, get_peft_model

    lora = LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout, task_type="CAUSAL_LM",
                      target_modules=list(cfg.target_modules) or None)
    try:
        return get_peft_model(model, lora)
    except ValueError as exc:
        raise NotConfiguredError(f"no default LoRA target modules for a {model.config.model_type} model: set "
                                 f"target_modules (EVERCAST_LEARN__TRAIN__TARGET_MODULES): {exc}") from exc


def _save_checkpoint(ckpt: Path, model, optimiser, step: int, fingerprint: str, ref: list[float]) -> None:
    """Atomic: written beside, then renamed over the previous checkpoint."""
    from peft import get_peft_model_state_dict

    tmp = ckpt.with_name(ckpt.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    torch.save({"step": step, "fingerprint": fingerprint, "ref": ref, "optimiser": optimiser.state_dict(),
                "adapter": get_peft_model_state_dict(model)}, tmp / "state.pt")
    shutil.rmtree(ckpt, ignore_errors=True)
    tmp.rename(ckpt)


def _resume(ckpt: Path, model, optimiser, fingerprint: str) -> tuple[int, list[float]]:
    """The step and reference log-probs to resume from (0 and none when the checkpoint is another run's)."""
    from peft import set_peft_model_state_dict

    if not (ckpt / "state.pt").is_file():
        return 0, []
    state = torch.load(ckpt / "state.pt", map_location="cpu", weights_only=True)
    if state["fingerprint"] != fingerprint:
        return 0, []
    set_peft_model_state_dict(model, state["adapter"])
    optimiser.load_state_dict(state["optimiser"])
    return int(state["step"]), list(state["ref"])


@torch.no_grad()
def _reference_logprobs(model, tokenizer, pairs: list[tuple[Encoded, Encoded]], device: str, batch: int) -> list[float]:
    """Summed completion log-probs under the base model (adapter off), chosen then rejected for each pair."""
    out: list[float] = []
    with model.disable_adapter():
        for start in range(0, len(pairs), batch):
            chunk = pairs[start:start + batch]
            lc, _ = completion_logprobs(model, collate([c for c, _ in chunk], pad_id(tokenizer), device))
            lr, _ = completion_logprobs(model, collate([r for _, r in chunk], pad_id(tokenizer), device))
            out += [v for pair in zip(lc.tolist(), lr.tolist()) for v in pair]
    return out


def train_adapter(base_path: str | Path, records: Sequence[dict[str, Any]], cfg: TrainConfig, out_dir: str | Path, *,
                  dataset_id: str = "", device: str = "cpu", progress: Progress | None = None) -> TrainResult:
    """Train a LoRA adapter on ``records`` (SFT or DPO rows) and write it to ``out_dir``; resumable."""
    progress = progress or no_progress
    if not records:
        raise InputError(f"the dataset has no {cfg.method.upper()} training records")
    base_path, out_dir = Path(base_path), Path(out_dir)
    progress(0.0, "loading the base model")
    tokenizer, model = load_base(base_path, device)
    torch.manual_seed(cfg.seed)
    model = _attach_lora(model, cfg)
    model.train()
    if cfg.method == "sft":
        singles = [encode_sft(tokenizer, r, cfg.max_length) for r in records]
    else:
        pairs = [encode_pair(tokenizer, r, cfg.max_length) for r in records]
    optimiser = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg.lr, weight_decay=0.0)
    fingerprint = _fingerprint(base_path, records, cfg)
    ckpt = out_dir / "checkpoint"
    start, ref = _resume(ckpt, model, optimiser, fingerprint)
    if cfg.method == "dpo" and not ref:
        progress(0.02, "scoring the pairs with the reference model")
        ref = _reference_logprobs(model, tokenizer, pairs, device, cfg.batch_size)
    count = len(records)
    loss_value = float("nan")
    for step in range(start, cfg.steps):
        rng = random.Random(cfg.seed * 1_000_003 + step)  # the same batches and dropout whether resumed or not
        torch.manual_seed(cfg.seed * 1_000_003 + step)
        picks = [rng.randrange(count) for _ in range(min(cfg.batch_size, count))]
        if cfg.method == "sft":
            loss = sft_loss(model, collate([singles[i] for i in picks], pad_id(tokenizer), device))
        else:
            chosen = collate([pairs[i][0] for i in picks], pad_id(tokenizer), device)
            rejected = collate([pairs[i][1] for i in picks], pad_id(tokenizer), device)
            pc, _ = completion_logprobs(model, chosen)
            pr, _ = completion_logprobs(model, rejected)
            rc = torch.tensor([ref[2 * i] for i in picks], device=device)
            rr = torch.tensor([ref[2 * i + 1] for i in picks], device=device)
            loss, _ = dpo_loss(pc, pr, rc, rr, cfg.beta)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        loss_value = float(loss.item())
        done = step + 1
        progress(0.05 + 0.9 * done / cfg.steps, f"{cfg.method} step {done}/{cfg.steps}, loss {loss_value:.4f}")
        if done % cfg.checkpoint_every == 0 and done < cfg.steps:
            _save_checkpoint(ckpt, model, optimiser, done, fingerprint, ref)
    progress(0.96, "saving the adapter")
    model.save_pretrained(out_dir)
    write_card(out_dir, AdapterCard(base_model=str(base_path), base_config_sha256=hashlib.sha256(
        (base_path / "config.json").read_bytes()).hexdigest(), dataset_id=dataset_id, method=cfg.method,
        train=cfg.model_dump(mode="json"), metrics={"final_loss": loss_value, "examples": count}))
    shutil.rmtree(ckpt, ignore_errors=True)
    progress(1.0, "adapter saved")
    return TrainResult(adapter_dir=str(out_dir), steps=cfg.steps, examples=count, final_loss=loss_value,
                       resumed_from=start)
