"""Re-import as an upsert: what changed between the stored KB and a newly imported file.

The lead stores one history row per SKU change from :class:`KbDiff`; SKUs absent from the new file
are left alone (a partial file is a partial update), never deleted implicitly.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from script_gen.records import KnowledgeBase, Sku


class FieldChange(BaseModel):
    field: str
    old: Any
    new: Any


class KbDiff(BaseModel):
    added: list[str]
    updated: dict[str, list[FieldChange]]
    unchanged: list[str]
    untouched: list[str]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def _sku_changes(old: Sku, new: Sku) -> list[FieldChange]:
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    return [FieldChange(field=k, old=a[k], new=b[k]) for k in a if a[k] != b[k]]


def diff_kb(stored: KnowledgeBase | None, incoming: KnowledgeBase) -> KbDiff:
    """Per-SKU field changes from ``stored`` to ``incoming``."""
    old = {s.sku_id: s for s in stored.skus} if stored else {}
    added, unchanged, updated = [], [], {}
    for sku in incoming.skus:
        if sku.sku_id not in old:
            added.append(sku.sku_id)
            continue
        changes = _sku_changes(old[sku.sku_id], sku)
        if changes:
            updated[sku.sku_id] = changes
        else:
            unchanged.append(sku.sku_id)
    seen = {s.sku_id for s in incoming.skus}
    return KbDiff(added=added, updated=updated, unchanged=unchanged,
                  untouched=[sid for sid in old if sid not in seen])


def upsert(stored: KnowledgeBase | None, incoming: KnowledgeBase) -> tuple[KnowledgeBase, KbDiff]:
    """The merged KB (incoming SKUs replace stored ones by id, others kept in order) and its diff."""
    diff = diff_kb(stored, incoming)
    new = {s.sku_id: s for s in incoming.skus}
    merged = [new.pop(s.sku_id, s) for s in (stored.skus if stored else ())]
    merged += [s for s in incoming.skus if s.sku_id in new]
    merchant = stored.merchant_id if stored else incoming.merchant_id
    return KnowledgeBase(merchant_id=merchant, skus=tuple(merged)), diff
