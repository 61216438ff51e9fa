"""The merchant's SKU knowledge base in the database: import (upsert with history) and load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from core.models import Sku, SkuVersion
from script_gen import import_kb, upsert
from script_gen.records import KnowledgeBase
from script_gen.records import Sku as SkuRecord
from workers.runtime import Runtime


@dataclass(frozen=True)
class ImportOutcome:
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    warnings: list[str]


def load_kb(rt: Runtime, merchant_id: str) -> KnowledgeBase:
    with rt.session() as s:
        rows = s.scalars(select(Sku).where(Sku.merchant_id == merchant_id).order_by(Sku.created_at, Sku.code))
        return KnowledgeBase(merchant_id=merchant_id, skus=tuple(SkuRecord.model_validate(r.data) for r in rows))


def import_file(rt: Runtime, merchant_id: str, path: Path, source: str = "") -> ImportOutcome:
    """Validate the whole file first (raising KbImportError with row/column reasons), then upsert in
    one transaction, recording a version per changed SKU. A failed import changes nothing."""
    incoming = import_kb(path, merchant_id)
    _, diff = upsert(load_kb(rt, merchant_id), incoming.kb)
    changed = set(diff.added) | set(diff.updated)
    with rt.session() as s:
        rows = {r.code: r for r in s.scalars(select(Sku).where(Sku.merchant_id == merchant_id))}
        for record in incoming.kb.skus:
            if record.sku_id not in changed:
                continue
            data = record.model_dump(mode="json")
            row = rows.get(record.sku_id)
            if row is None:
                row = Sku(merchant_id=merchant_id, code=record.sku_id, title=record.title, data=data, version=1)
                s.add(row)
            else:
                row.title, row.data, row.version = record.title, data, row.version + 1
            s.flush()
            changes = [c.model_dump(mode="json") for c in diff.updated.get(record.sku_id, [])]
            s.add(SkuVersion(sku_id=row.id, version=row.version, data=data, changes=changes,
                             source=(source or path.name)[:255]))
    return ImportOutcome(diff.added, sorted(diff.updated), diff.unchanged, [str(w) for w in incoming.warnings])
