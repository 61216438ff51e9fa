"""Batch short videos: every SKU x template, each a verified script spoken and lip-synced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.errors import InputError
from core.progress import Progress
from workers.commands import scripts, voices
from workers.commands.avatars import ready_model_path
from workers.commands.assets import store_file
from workers.runtime import Runtime


def run(rt: Runtime, merchant_id: str, avatar_id: str, skus: list[str], templates: list[dict[str, Any]], *,
        voice_id: str | None = None, seconds: int = 30, out_dir: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Render what is not done yet in ``out_dir`` (so a re-run resumes), then store a zip of the results."""
    from render import Template, run_batch, zip_batch

    if not skus or not templates:
        raise InputError("a batch needs at least one SKU and one template")
    model_path = ready_model_path(rt, merchant_id, avatar_id)

    def make_speech(sku: str, template: Template):  # noqa: ANN202 - voice.Speech
        script_id = scripts.generate(rt, merchant_id, sku, style="short_video", seconds=seconds,
                                     backend="template", author=f"batch:{template.name}")
        return voices.synthesize_checked(rt, merchant_id, voices.script_text(rt, script_id, merchant_id),
                                         voice_id=voice_id)

    state = run_batch(model_path, skus, [Template.model_validate(t) for t in templates], make_speech, out_dir,
                      progress=progress)
    archive = zip_batch(out_dir)
    return {"zip_asset_id": store_file(rt, merchant_id, archive, "archive", "application/zip"),
            "done": state.done, "failed": state.failed,
            "items": [item.model_dump(include={"key", "status", "error", "attempts"}) for item in state.items]}
