"""Retraining in the database: dataset versions, adapter versions, the gate, promotion and rollback.

``learn/`` holds the logic (datasets, training, the gate); this module loads and stores rows and files,
every query scoped by merchant. Datasets live in the asset store (content-addressed JSONL plus a manifest);
adapters in ``<data_dir>/adapters/<merchant>/<adapter id>/``, a directory that the `hf` backend and a vLLM
server (``--enable-lora --lora-modules NAME=DIR``) both load.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from core.device import resolve_device
from core.errors import InputError, NotConfiguredError
from core.models import Adapter, Asset, Merchant, Sku, TrainingDataset, utcnow
from core.progress import Progress, no_progress, sub_progress
from learn.adapters import TrainConfig, read_card, write_card
from learn.datasets import DatasetOptions, build_dataset
from script_gen import load_lexicon
from script_gen.records import kb_time
from workers.commands.kb import load_kb
from workers.commands.learn import variant_stats
from workers.runtime import Runtime

REPO = Path(__file__).resolve().parents[2]


@functools.cache
def code_version() -> str:
    """The evercast version, and the git commit when running from a checkout (dataset provenance)."""
    version = metadata.version("evercast")
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                                text=True, timeout=5, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return version
    return f"{version}+g{commit}"


def _now() -> datetime:
    return kb_time(datetime.now(UTC))


# Datasets ------------------------------------------------------------------------------------------------

def build(rt: Runtime, merchant_id: str, options: dict[str, Any] | None = None, progress: Progress | None = None,
          as_of: datetime | None = None) -> dict[str, Any]:
    """A new dataset version from the merchant's attributed variants (or the existing one with the same content);
    texts are checked against the KB as it stands at ``as_of`` (default now, on the KB's wall clock)."""
    progress = progress or no_progress
    opts = DatasetOptions.model_validate(rt.settings.learn.retrain.dataset | (options or {}))
    progress(0.0, "reading attributed section variants")
    with rt.session() as s:
        codes = dict(s.execute(select(Sku.id, Sku.code).where(Sku.merchant_id == merchant_id)).all())
    stats = [dataclasses.replace(v, sku_id=codes[v.sku_id]) for v in variant_stats(rt, merchant_id) if v.airings]
    if not stats:
        raise InputError("no section variant has been on air with imported metrics yet: import sessions first")
    progress(0.1, f"checking {len(stats)} variants against the knowledge base and the advertising law")
    cfg = rt.settings.learn
    built = build_dataset(stats, load_kb(rt, merchant_id), as_of or _now(), options=opts,
                          lexicon=load_lexicon(platform=rt.settings.script.platform or None),
                          provenance={"code_version": code_version(),
                                      "attribution": {"lag_min_s": cfg.lag_min_s, "lag_max_s": cfg.lag_max_s},
                                      "metrics": ["orders", "exposure (viewer-minutes)", "clicks", "gmv"]})
    progress(0.9, "storing the dataset")
    files = {name: rt.store.put_bytes(merchant_id, data, ".jsonl") for name, data in built.files().items()}
    manifest = {"provenance": built.provenance, "counts": built.counts, "heldout_skus": built.heldout_skus,
                "files": {name: f.sha256 for name, f in files.items()},
                "excluded": [e.model_dump() for e in built.excluded]}
    raw = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
    stored = rt.store.put_bytes(merchant_id, raw, ".json")
    with rt.session() as s:
        existing = s.scalar(select(TrainingDataset).where(TrainingDataset.merchant_id == merchant_id,
                                                          TrainingDataset.digest == stored.sha256))
        if existing is None:
            ids = {name: _asset(s, merchant_id, f.sha256, f.size, f"{name}.jsonl", "application/jsonl")
                   for name, f in files.items()}
            manifest_id = _asset(s, merchant_id, stored.sha256, stored.size, "manifest.json", "application/json")
            version = (s.scalar(select(func.max(TrainingDataset.version))
                                .where(TrainingDataset.merchant_id == merchant_id)) or 0) + 1
            existing = TrainingDataset(merchant_id=merchant_id, version=version, digest=stored.sha256,
                                       manifest_asset_id=manifest_id, files=ids, counts=built.counts,
                                       heldout_skus=built.heldout_skus, provenance=built.provenance)
            s.add(existing)
            s.flush()
        public = _dataset_public(existing)
    progress(1.0, f"dataset v{public['version']}")  # outside the transaction: the job row is written apart
    return public


def _asset(s: Any, merchant_id: str, sha256: str, size: int, filename: str, media_type: str) -> str:
    found = s.scalar(select(Asset.id).where(Asset.merchant_id == merchant_id, Asset.sha256 == sha256))
    if found:
        return found
    row = Asset(merchant_id=merchant_id, sha256=sha256, size=size, kind="dataset", media_type=media_type,
                filename=filename)
    s.add(row)
    s.flush()
    return row.id


def _dataset_public(row: TrainingDataset) -> dict[str, Any]:
    return {"id": row.id, "version": row.version, "digest": row.digest, "created_at": row.created_at.isoformat(),
            "counts": row.counts, "heldout_skus": row.heldout_skus, "files": row.files,
            "manifest_asset_id": row.manifest_asset_id, "provenance": row.provenance}


def list_datasets(rt: Runtime, merchant_id: str) -> list[dict[str, Any]]:
    with rt.session() as s:
        rows = s.scalars(select(TrainingDataset).where(TrainingDataset.merchant_id == merchant_id)
                         .order_by(TrainingDataset.version.desc()))
        return [_dataset_public(r) for r in rows]


def _dataset(s: Any, merchant_id: str, dataset_id: str) -> TrainingDataset:
    row = s.get(TrainingDataset, dataset_id)
    if row is None or row.merchant_id != merchant_id:
        raise InputError(f"dataset {dataset_id} not found")
    return row


def dataset_rows(rt: Runtime, merchant_id: str, dataset_id: str, name: str, split: str) -> list[dict[str, Any]]:
    """The records of one set (sft, dpo, kto) and split (train, heldout), read back checksum-verified."""
    with rt.session() as s:
        asset = s.get(Asset, _dataset(s, merchant_id, dataset_id).files[name])
        sha = asset.sha256
    data = rt.store.read_bytes(merchant_id, sha, ".jsonl").decode()
    return [r for r in (json.loads(line) for line in data.splitlines() if line) if r["meta"]["split"] == split]


# Adapters ------------------------------------------------------------------------------------------------

def adapters_root(rt: Runtime, merchant_id: str) -> Path:
    return rt.settings.data_dir / "adapters" / merchant_id


def train_config(rt: Runtime, overrides: dict[str, Any] | None) -> TrainConfig:
    """The settings' defaults under a job's own values, validated (a bad value is an InputError)."""
    try:
        return TrainConfig.model_validate(rt.settings.learn.retrain.train | (overrides or {}))
    except ValueError as exc:
        raise InputError(f"invalid training parameters: {exc}") from exc


def train(rt: Runtime, merchant_id: str, dataset_id: str, overrides: dict[str, Any] | None, job_id: str | None = None,
          progress: Progress | None = None, at: datetime | None = None) -> dict[str, Any]:
    """Train an adapter version on a dataset's training split, then run the gate on its held-out split.

    Re-entrant: a retried job (``job_id``) finds its adapter row and resumes training from the checkpoint, or
    goes straight to the gate when training had finished."""
    from learn.train import train_adapter

    progress = progress or no_progress
    base = rt.settings.script.hf_model_path
    cfg = train_config(rt, overrides)
    with rt.session() as s:
        _dataset(s, merchant_id, dataset_id)
        row = s.scalar(select(Adapter).where(Adapter.job_id == job_id)) if job_id else None
        if row is None:
            version = (s.scalar(select(func.max(Adapter.version)).where(Adapter.merchant_id == merchant_id)) or 0) + 1
            row = Adapter(merchant_id=merchant_id, version=version, dataset_id=dataset_id, job_id=job_id,
                          method=cfg.method, base_model=base, train=cfg.model_dump(mode="json"))
            s.add(row)
            s.flush()
            row.path = str(adapters_root(rt, merchant_id) / row.id)
        adapter_id, out_dir, trained = row.id, Path(row.path), row.status == "candidate"
    if not trained:
        records = dataset_rows(rt, merchant_id, dataset_id, cfg.method, "train")
        try:
            result = train_adapter(base, records, cfg, out_dir, dataset_id=dataset_id,
                                   device=resolve_device(rt.settings.device), progress=sub_progress(progress, 0.0, 0.7))
        except (InputError, NotConfiguredError) as exc:
            with rt.session() as s:
                row = s.get(Adapter, adapter_id)
                row.status, row.metrics = "failed", {"error": str(exc)}
            raise
        with rt.session() as s:
            row = s.get(Adapter, adapter_id)
            row.status, row.metrics = "candidate", {"final_loss": result.final_loss, "examples": result.examples,
                                                   "resumed_from": result.resumed_from}
    report = gate(rt, merchant_id, adapter_id, progress=sub_progress(progress, 0.7, 1.0, "gate: "), at=at)
    return {"adapter_id": adapter_id, "version": report["version"], "gate_passed": report["gate_passed"],
            "reasons": (report["gate"] or {}).get("reasons", [])}


def _adapter(s: Any, merchant_id: str, adapter_id: str) -> Adapter:
    row = s.get(Adapter, adapter_id)
    if row is None or row.merchant_id != merchant_id:
        raise InputError(f"adapter {adapter_id} not found")
    return row


def _serialised(s: Any, merchant_id: str) -> None:
    """Promotions and rollbacks of one merchant one at a time (PostgreSQL row lock; SQLite writes are serial)."""
    s.execute(select(Merchant.id).where(Merchant.id == merchant_id).with_for_update())


def _promoted(s: Any, merchant_id: str) -> Adapter | None:
    return s.scalar(select(Adapter).where(Adapter.merchant_id == merchant_id, Adapter.status == "promoted"))


def gate(rt: Runtime, merchant_id: str, adapter_id: str, progress: Progress | None = None,
         at: datetime | None = None) -> dict[str, Any]:
    """Judge a trained adapter against the one promoted now (or the bare base model) and record the verdict;
    an adapter that cannot be judged (no held-out pairs) is recorded as refused, with the reason. Offers are
    read at ``at`` (default now)."""
    from learn.gate import run_gate

    with rt.session() as s:
        row = _adapter(s, merchant_id, adapter_id)
        if row.status not in {"candidate", "retired", "rolled_back"}:
            raise InputError(f"adapter v{row.version} is {row.status}: only a trained, unpromoted adapter is gated")
        current = _promoted(s, merchant_id)
        current_id, current_path = (current.id, current.path) if current else ("", None)
        candidate_path, dataset_id = row.path, row.dataset_id
        heldout_skus = list(_dataset(s, merchant_id, dataset_id).heldout_skus)
    pairs = dataset_rows(rt, merchant_id, dataset_id, "dpo", "heldout")
    try:
        report = run_gate(rt.settings.script.hf_model_path, candidate_path, current_path, load_kb(rt, merchant_id),
                          heldout_skus, pairs, at or _now(),
                          lexicon=load_lexicon(platform=rt.settings.script.platform or None),
                          min_margin_gain=rt.settings.learn.retrain.min_margin_gain,
                          device=resolve_device(rt.settings.device), progress=progress)
        summary, passed = report.summary(), report.passed
    except InputError as exc:
        summary, passed = {"passed": False, "reasons": [str(exc)]}, False
    summary |= {"at": utcnow().isoformat(), "against": current_id}
    write_card(candidate_path, read_card(candidate_path).model_copy(update={"gate": summary}))
    with rt.session() as s:
        row = _adapter(s, merchant_id, adapter_id)
        row.gate, row.gate_passed, row.gated_against = summary, passed, current_id
        return _adapter_public(row)


def heldout_count(rt: Runtime, merchant_id: str, adapter_id: str) -> int:
    """How many held-out SKUs the adapter's gate writes scripts for (sizes the gate job's time limit)."""
    with rt.session() as s:
        return len(_dataset(s, merchant_id, _adapter(s, merchant_id, adapter_id).dataset_id).heldout_skus)


def promote(rt: Runtime, merchant_id: str, adapter_id: str) -> dict[str, Any]:
    """Serve this adapter: only one whose gate passed against the adapter served now."""
    with rt.session() as s:
        _serialised(s, merchant_id)
        row = _adapter(s, merchant_id, adapter_id)
        current = _promoted(s, merchant_id)
        if current is not None and current.id == row.id:
            raise InputError(f"adapter v{row.version} is already promoted")
        if not row.gate_passed:
            reasons = "; ".join((row.gate or {}).get("reasons", [])) or "it has not been gated"
            raise InputError(f"adapter v{row.version} did not pass the promotion gate: {reasons}")
        if row.gated_against != (current.id if current else ""):
            raise InputError(f"adapter v{row.version} was gated against another adapter than the one served now: "
                             "run its gate again")
        if current is not None:
            current.status = "retired"
        row.status, row.promoted_at = "promoted", utcnow()
        s.flush()
        return _adapter_public(row)


def rollback(rt: Runtime, merchant_id: str) -> dict[str, Any]:
    """Stop serving the promoted adapter and serve the one promoted before it (or the bare base model)."""
    with rt.session() as s:
        _serialised(s, merchant_id)
        current = _promoted(s, merchant_id)
        if current is None:
            raise InputError("no adapter is promoted: the base model is already served")
        previous = s.scalar(select(Adapter).where(Adapter.merchant_id == merchant_id, Adapter.status == "retired",
                                                  Adapter.promoted_at.is_not(None))
                            .order_by(Adapter.promoted_at.desc()).limit(1))
        current.status = "rolled_back"
        if previous is not None:
            previous.status = "promoted"
        s.flush()
        return {"rolled_back": _adapter_public(current), "serving": _adapter_public(previous) if previous else None}


def _adapter_public(row: Adapter) -> dict[str, Any]:
    return {"id": row.id, "version": row.version, "status": row.status, "method": row.method,
            "dataset_id": row.dataset_id, "job_id": row.job_id, "created_at": row.created_at.isoformat(),
            "promoted_at": row.promoted_at.isoformat() if row.promoted_at else None, "train": row.train,
            "metrics": row.metrics, "gate_passed": row.gate_passed, "gate": row.gate,
            "directory": Path(row.path).name if row.path else ""}


def list_adapters(rt: Runtime, merchant_id: str) -> list[dict[str, Any]]:
    with rt.session() as s:
        rows = s.scalars(select(Adapter).where(Adapter.merchant_id == merchant_id).order_by(Adapter.version.desc()))
        return [_adapter_public(r) for r in rows]


def serving_adapter(rt: Runtime, merchant_id: str) -> str | None:
    """The promoted adapter's directory for the `hf` backend, refused if it was trained on another base model."""
    with rt.session() as s:
        row = _promoted(s, merchant_id)
        if row is None:
            return None
        path, version = row.path, row.version
    card = read_card(path)
    base = Path(rt.settings.script.hf_model_path)
    sha = hashlib.sha256((base / "config.json").read_bytes()).hexdigest() if (base / "config.json").is_file() else ""
    if sha != card.base_config_sha256:
        raise NotConfiguredError(f"the promoted adapter v{version} was trained on another base model than "
                                 "EVERCAST_SCRIPT__HF_MODEL_PATH: roll it back (evercast learn rollback) or retrain")
    return path
