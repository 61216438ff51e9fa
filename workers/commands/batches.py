"""Batch short videos: every SKU x template, each a verified script spoken and lip-synced."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core.errors import InputError
from core.models import Asset, Sku
from core.progress import Progress
from workers.commands import caches, scripts, voices
from workers.commands.assets import store_file, stored_path
from workers.commands.avatars import ready_model_path
from workers.runtime import Runtime

TEMPLATE_FILES = ("background", "intro", "outro", "music")
"""Template fields that name a stored file: ``<field>_asset_id`` in a request, a path for ``render.Template``."""


def check_request(rt: Runtime, merchant_id: str, skus: list[str], templates: list[dict[str, Any]],
                  cards: dict[str, dict[str, Any]] | None = None) -> None:
    """Refuse a bad batch when it is submitted, not once per item after the work has started: cards for
    SKUs not in the batch, an intro or outro clip that is unreadable, has no video or is too long."""
    from render.clips import check_clip

    if unknown := sorted(set(cards or {}) - set(skus)):
        raise InputError(f"cards for SKU(s) not in the batch: {', '.join(unknown[:20])}")
    for template in templates:
        for role in ("intro", "outro"):
            if asset_id := template.get(f"{role}_asset_id"):
                path = stored_path(rt, asset_id, merchant_id)
                with rt.session() as s:
                    filename = s.get(Asset, asset_id).filename or f"asset {asset_id}"
                check_clip(path, rt.settings.render.clip_max_s, role=f"template {template['name']}: {role}",
                           name=filename)


def _template(rt: Runtime, merchant_id: str, spec: dict[str, Any]):  # noqa: ANN202 - render.Template
    from render import Template

    fields = {key: value for key, value in spec.items() if not key.endswith("_asset_id")}
    for field in TEMPLATE_FILES:
        if asset_id := spec.get(f"{field}_asset_id"):
            fields[field] = str(stored_path(rt, asset_id, merchant_id))
    return Template.model_validate(fields)


def _price(amount: Decimal) -> str:
    return f"¥{amount:.2f}".rstrip("0").rstrip(".")


def sku_cards(rt: Runtime, merchant_id: str, skus: list[str], overrides: dict[str, dict[str, Any]] | None = None):  # noqa: ANN201 - dict[str, render.Card]
    """A product card per SKU from its knowledge-base record: its title and today's price (the lowest
    active promotion's, else the list price); ``overrides`` may replace the name or price and add an
    image (``image_asset_id``) per SKU."""
    from render import Card
    from script_gen.records import Sku as SkuRecord

    overrides = overrides or {}
    with rt.session() as s:
        rows = {row.code: row for row in s.scalars(select(Sku).where(Sku.merchant_id == merchant_id, Sku.code.in_(skus)))}
    cards = {}
    for code in skus:
        if code not in rows:
            continue
        record = SkuRecord.model_validate(rows[code].data)
        now = min((p.price for p in record.active_promotions(datetime.now()) if p.price is not None), default=record.price)
        extra = overrides.get(code, {})
        image = stored_path(rt, extra["image_asset_id"], merchant_id) if extra.get("image_asset_id") else None
        cards[code] = Card(name=(extra.get("name") or record.title)[:60], price=extra.get("price") or _price(now),
                           image=str(image) if image else None)
    return cards


def run(rt: Runtime, merchant_id: str, avatar_id: str, skus: list[str], templates: list[dict[str, Any]], *,
        voice_id: str | None = None, seconds: int = 30, cards: dict[str, dict[str, Any]] | None = None,
        out_dir: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Render what is not done yet in ``out_dir`` (so a re-run resumes), then store a zip of the results.

    ``templates`` are ``render.Template`` fields with files as ``background_asset_id``, ``intro_asset_id``,
    ``outro_asset_id``, ``music_asset_id``; ``cards`` overrides the product cards made from the SKUs.
    """
    from render import Template, run_batch, zip_batch

    if not skus or not templates:
        raise InputError("a batch needs at least one SKU and one template")
    check_request(rt, merchant_id, skus, templates, cards)
    model_path = ready_model_path(rt, merchant_id, avatar_id)

    def make_speech(sku: str, template: Template):  # noqa: ANN202 - voice.Speech
        script_id = scripts.generate(rt, merchant_id, sku, style="short_video", seconds=seconds,
                                     backend="template", author=f"batch:{template.name}")
        return voices.synthesize_checked(rt, merchant_id, voices.script_text(rt, script_id, merchant_id),
                                         voice_id=voice_id)

    state = run_batch(model_path, skus, [_template(rt, merchant_id, t) for t in templates], make_speech, out_dir,
                      cards=sku_cards(rt, merchant_id, skus, cards), clip_max_s=rt.settings.render.clip_max_s,
                      progress=progress)
    caches.prune(rt)
    archive = zip_batch(out_dir)
    return {"zip_asset_id": store_file(rt, merchant_id, archive, "archive", "application/zip"),
            "done": state.done, "failed": state.failed,
            "items": [item.model_dump(include={"key", "status", "error", "attempts"}) for item in state.items]}
