"""What `evercast demo` needs before its pipeline runs: the sample knowledge base and a filmed presenter."""

from __future__ import annotations

from pathlib import Path

from core.models import Avatar
from core.progress import Progress
from workers.commands.assets import store_file
from workers.runtime import Runtime

DEMO_CONSENT = {"kind": "declaration", "signer": "(generated test footage)",
                "statement": "Synthetic footage made from scikit-image's astronaut photo; no real person is cloned."}


def prepare(rt: Runtime, merchant_id: str, kb_path: Path, progress: Progress | None = None) -> tuple[str, str]:
    """Store the knowledge base and a generated talking clip; returns (kb asset id, avatar id)."""
    from avatar.footage import FootageSpec, generate_footage

    clip = rt.settings.tmp_dir / "demo-talk.mp4"
    if not clip.exists():  # test footage: a photo shipped in scikit-image, animated by espeak-ng speech
        generate_footage(clip, FootageSpec(duration_s=40.0, width=640, height=360, seed=7), progress=progress)
    with rt.session() as s:
        avatar = Avatar(merchant_id=merchant_id, name="demo presenter", consent=DEMO_CONSENT,
                        source_asset_id=store_file(rt, merchant_id, clip, "video", "video/mp4"))
        s.add(avatar)
        s.flush()
        avatar_id = avatar.id
    return store_file(rt, merchant_id, kb_path, "kb", "application/json"), avatar_id
