"""The merchant's SKU knowledge base in the database: import (upsert with history) and load."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from core.db import is_lock_error
from core.errors import TransientError
from core.models import Sku, SkuVersion
from core.progress import Progress, no_progress, sub_progress
from script_gen import import_kb, upsert
from script_gen.kb_diff import KbDiff
from script_gen.records import KnowledgeBase
from script_gen.records import Sku as SkuRecord
from workers.runtime import Runtime

LOCK_RETRIES = 5


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


def import_file(rt: Runtime, merchant_id: str, path: Path, source: str = "",
                progress: Progress | None = None) -> ImportOutcome:
    """Validate the whole file within the configured caps first (raising KbImportError with row/column
    reasons, or CapExceeded), so a bad file changes nothing; then upsert the changed SKUs in batches,
    one short transaction each, recording a version per changed SKU.

    Batches keep the database's write lock short for other tenants. A batch that loses a lock race is
    retried; a re-run after a failure between batches finds the written SKUs unchanged."""
    report = progress or no_progress
    cfg = rt.settings.script.kb
    source = source or path.name
    report(0.0, f"reading {source}")
    incoming = import_kb(path, merchant_id, cfg, source)
    report(0.2, f"comparing {len(incoming.kb.skus)} SKUs with the stored knowledge base")
    _, diff = upsert(load_kb(rt, merchant_id), incoming.kb)
    to_write = set(diff.added) | set(diff.updated)
    changed = [r for r in incoming.kb.skus if r.sku_id in to_write]
    write = sub_progress(report, 0.3, 1.0)
    for start in range(0, len(changed), cfg.batch_rows):
        write(start / len(changed), f"writing SKUs {start + 1}-{min(start + cfg.batch_rows, len(changed))} "
                                    f"of {len(changed)}")
        _retry_on_lock(lambda: _write_batch(rt, merchant_id, changed[start:start + cfg.batch_rows], diff,
                                            source[:255]))
    report(1.0, "imported")
    return ImportOutcome(diff.added, sorted(diff.updated), diff.unchanged, [str(w) for w in incoming.warnings])


def _write_batch(rt: Runtime, merchant_id: str, records: Sequence[SkuRecord], diff: KbDiff, source: str) -> None:
    with rt.session() as s:
        codes = [r.sku_id for r in records]
        rows = {r.code: r for r in s.scalars(select(Sku).where(Sku.merchant_id == merchant_id, Sku.code.in_(codes)))}
        written = []
        for record in records:
            data = record.model_dump(mode="json")
            row = rows.get(record.sku_id)
            if row is None:
                row = Sku(merchant_id=merchant_id, code=record.sku_id, title=record.title, data=data, version=1)
                s.add(row)
            else:
                row.title, row.data, row.version = record.title, data, row.version + 1
            written.append((record.sku_id, row, data))
        s.flush()  # one round of writes for the batch, which gives the new rows their ids
        for code, row, data in written:
            changes = [c.model_dump(mode="json") for c in diff.updated.get(code, [])]
            s.add(SkuVersion(sku_id=row.id, version=row.version, data=data, changes=changes, source=source))


def _retry_on_lock(write: Callable[[], None]) -> None:
    for attempt in range(LOCK_RETRIES):
        try:
            write()
            return
        except DBAPIError as exc:
            if not is_lock_error(exc):
                raise
            if attempt == LOCK_RETRIES - 1:
                raise TransientError("the database stayed busy while writing the knowledge base") from exc
            time.sleep(0.2 * 2 ** attempt)
