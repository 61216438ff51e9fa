"""What to render next for a room: SKUs in rotation, their approved live scripts, interaction prompts.

A pure function of the policy and a position counter (which the database keeps per room), so the
scheduler that tops up a room's queue can ask "the next N items from position p" after any restart
and get the same answer. The job system turns each item into a render job whose segment is then
enqueued in the room.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from core.errors import InputError


class PlaylistPolicy(BaseModel):
    skus: dict[str, list[str]] = Field(description="SKU id -> approved live-script ids, in rotation order.")
    prompts: list[str] = Field(default_factory=list, description="Interaction prompt ids (questions, calls to comment).")
    prompt_every: int = Field(3, ge=1, description="One prompt after this many scripts.")

    @model_validator(mode="after")
    def _usable(self) -> "PlaylistPolicy":
        if not self.skus or not all(self.skus.values()):
            raise InputError("a room's playlist needs at least one SKU, each with an approved live script")
        return self


class PlaylistItem(BaseModel):
    position: int
    kind: Literal["script", "prompt"]
    ref: str
    sku_id: str | None = None


def next_items(policy: PlaylistPolicy, position: int, count: int) -> list[PlaylistItem]:
    """Items ``position .. position + count - 1`` of the endless playlist.

    Scripts rotate across SKUs (A, B, C, A, B, C ...), each SKU cycling through its own approved
    scripts; after every ``prompt_every`` scripts comes the next interaction prompt, if any.
    """
    if position < 0 or count < 0:
        raise InputError("playlist position and count must be non-negative")
    skus = list(policy.skus)
    block = policy.prompt_every + (1 if policy.prompts else 0)
    out = []
    for p in range(position, position + count):
        cycle, offset = divmod(p, block)
        if offset == policy.prompt_every:
            out.append(PlaylistItem(position=p, kind="prompt", ref=policy.prompts[cycle % len(policy.prompts)]))
            continue
        k = cycle * policy.prompt_every + offset  # index among scripts only
        sku = skus[k % len(skus)]
        scripts = policy.skus[sku]
        out.append(PlaylistItem(position=p, kind="script", ref=scripts[(k // len(skus)) % len(scripts)], sku_id=sku))
    return out
