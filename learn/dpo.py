"""The losses of retraining, written out plainly (no trl): token log-probabilities, SFT and DPO.

An example is a prompt and a completion; only the completion's tokens are scored (the prompt's
labels are -100). DPO (Rafailov et al. 2023) compares how much more the policy prefers the chosen
completion over the rejected one than the frozen reference does::

    loss = -log sigmoid(beta * ((pi_c - ref_c) - (pi_r - ref_r)))

where ``pi_*`` and ``ref_*`` are summed completion log-probabilities under the policy and the
reference. With LoRA the reference is the base model itself (the adapter switched off), so no second
copy of the weights is held.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

IGNORE = -100


@dataclass(frozen=True)
class Encoded:
    """One prompt + completion as token ids; ``labels`` masks the prompt with -100."""

    input_ids: list[int]
    labels: list[int]


def encode(tokenizer, prompt: str, completion: str, max_length: int) -> Encoded:
    """Tokens of ``prompt + completion + eos``; a too-long prompt loses its start, the completion stays whole."""
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    completion_ids = tokenizer(completion, add_special_tokens=False)["input_ids"]
    if tokenizer.eos_token_id is not None:
        completion_ids = completion_ids + [tokenizer.eos_token_id]
    completion_ids = completion_ids[:max_length // 2]
    keep = max(max_length - len(completion_ids), 1)
    prompt_ids = prompt_ids[-keep:]
    return Encoded(prompt_ids + completion_ids, [IGNORE] * len(prompt_ids) + completion_ids)


def collate(batch: list[Encoded], pad_id: int, device: str) -> dict[str, torch.Tensor]:
    """Right-padded tensors with an attention mask (padding is never scored)."""
    width = max(len(e.input_ids) for e in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, e in enumerate(batch):
        n = len(e.input_ids)
        ids[row, :n] = torch.tensor(e.input_ids)
        labels[row, :n] = torch.tensor(e.labels)
        mask[row, :n] = 1
    return {"input_ids": ids.to(device), "labels": labels.to(device), "attention_mask": mask.to(device)}


def completion_logprobs(model, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Per sequence: the summed log-probability of its completion tokens, and how many there are."""
    logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits[:, :-1]
    labels = batch["labels"][:, 1:]
    scored = labels != IGNORE
    picked = torch.gather(logits.float().log_softmax(-1), 2, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1)
    return (picked * scored).sum(-1), scored.sum(-1)


def sft_loss(model, batch: dict[str, torch.Tensor]) -> torch.Tensor:
    """Mean negative log-likelihood per completion token."""
    logp, count = completion_logprobs(model, batch)
    return -logp.sum() / count.sum().clamp(min=1)


def dpo_loss(policy_chosen: torch.Tensor, policy_rejected: torch.Tensor, ref_chosen: torch.Tensor,
             ref_rejected: torch.Tensor, beta: float) -> tuple[torch.Tensor, torch.Tensor]:
    """The DPO loss (mean over pairs) and each pair's implicit reward margin ``beta * (log-ratio difference)``."""
    margin = beta * ((policy_chosen - ref_chosen) - (policy_rejected - ref_rejected))
    return -F.logsigmoid(margin).mean(), margin.detach()
