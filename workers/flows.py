"""Pipelines built from stage tasks, in data-path order: SKU -> script -> speech -> frames -> segment.

Each flow names its stages, so a progress display can say what each step is for.
"""

from __future__ import annotations

from dataclasses import dataclass

from workers.jobs import Step


@dataclass(frozen=True)
class StagePlan:
    name: str
    step: Step


def avatar_steps(avatar_id: str, *, train_steps: int | None = None, warp: bool = True) -> tuple[Step, Step]:
    """How an avatar is made (API, demo, benchmark): gate, track and train, then score the held-out tail.

    Without ``train_steps`` the worker's settings decide (``EVERCAST_AVATAR__TRAIN_STEPS``); ``warp=False``
    skips the mouth warp and keeps frame retrieval.
    """
    create = ({"avatar_id": avatar_id} | ({"train_steps": train_steps} if train_steps else {})
              | ({} if warp else {"warp": False}))
    return Step("avatar.create", create), Step("avatar.evaluate", {"avatar_id": avatar_id})


def demo_plan(kb_asset_id: str, sku: str, avatar_id: str) -> list[StagePlan]:
    """The demo's job stages in data-path order (the live room follows them: `workers.commands.demo.go_live`)."""
    # no warp: on generated footage its own validation has refused it in every run recorded (avatar/README)
    create, evaluate = avatar_steps(avatar_id, train_steps=300, warp=False)
    return [
        StagePlan("media I/O check (ffmpeg encode, probe, decode, store)", Step("platform.media_check", {"seconds": 2.0})),
        StagePlan("import the sample SKU knowledge base", Step("kb.import", {"asset_id": kb_asset_id})),
        StagePlan(f"verified live-room script for {sku} (template generator)",
                  Step("script.generate", {"sku": sku, "style": "live", "seconds": 60, "backend": "template"})),
        StagePlan("speech of that script with word/phoneme timings (espeak-ng)", Step("voice.synthesize", {})),
        StagePlan("avatar from a generated talking clip (gate, tracking, training)", create),
        StagePlan("lip-sync quality on the avatar's held-out tail", evaluate),
        StagePlan("lip-synced render of the speech, subtitles burned in, AI label",
                  Step("render.segment", {"avatar_id": avatar_id, "subtitles": "burn+srt"})),
    ]
