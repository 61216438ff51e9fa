"""Retraining tasks: building a dataset version (cpu), training an adapter and gating it (gpu)."""

from __future__ import annotations

from typing import Any

from workers.commands import retrain
from workers.execute import JobContext, job_task


@job_task("learn.dataset")
def build_dataset(ctx: JobContext) -> dict[str, Any]:
    """params: options (optional: confidence, heldout_fraction, max_pairs_per_prompt)."""
    dataset = retrain.build(ctx.runtime, ctx.merchant_id or "", ctx.params.get("options"), progress=ctx.progress)
    return {"dataset_id": dataset["id"], "version": dataset["version"], "counts": dataset["counts"]}


@job_task("learn.train")
def train(ctx: JobContext) -> dict[str, Any]:
    """params: dataset_id, train (optional TrainConfig values). Resumes from its checkpoint when retried."""
    cfg = retrain.train_config(ctx.runtime, ctx.params.get("train"))
    ctx.measure(cfg.steps)
    return retrain.train(ctx.runtime, ctx.merchant_id or "", ctx.params["dataset_id"], ctx.params.get("train"),
                         ctx.job_id, progress=ctx.progress)


@job_task("learn.gate")
def gate(ctx: JobContext) -> dict[str, Any]:
    """params: adapter_id. Judges it against the adapter promoted now."""
    ctx.measure(retrain.heldout_count(ctx.runtime, ctx.merchant_id or "", ctx.params["adapter_id"]))
    report = retrain.gate(ctx.runtime, ctx.merchant_id or "", ctx.params["adapter_id"], progress=ctx.progress)
    return {"adapter_id": report["id"], "gate_passed": report["gate_passed"],
            "reasons": (report["gate"] or {}).get("reasons", [])}
