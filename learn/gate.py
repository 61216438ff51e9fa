"""The promotion gate: a candidate adapter replaces the current one only if it is no less truthful or
lawful and writes more like what sold, on SKUs it never trained on.

1. Faithfulness and compliance. The `hf` backend (constrained decoding, greedy) writes a short-video script
   for every held-out SKU with the candidate and with the current adapter (the bare base model when none
   is promoted). The script stage's own checks run on each: compliance findings are ``banned_term`` and
   ``forbidden_claim``, faithfulness findings everything else (unsupported claims, wrong prices ...). The
   candidate's share of flagged sentences must not exceed the current one's, for each of the two.
2. Style: the **held-out preference margin**, the mean over the dataset's held-out DPO pairs of
   (per-token log-probability of the completion that sold better - that of the one that sold worse),
   see :func:`learn.train.preference_margin`. The candidate's must exceed the current one's by
   ``min_margin_gain``.

A candidate trained on a script that lies can sell well in the data and still fail step 1; one that only
memorised its training SKUs fails step 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from core.errors import InputError
from core.progress import Progress, no_progress, sub_progress
from learn.adapters import TrainConfig, read_card
from learn.train import preference_margin
from script_gen import Verifier, check_script_text
from script_gen.backend import DraftRequest
from script_gen.compliance import Lexicon
from script_gen.generate import select_facts
from script_gen.injection import quarantine
from script_gen.llm_backends import HFCausalBackend
from script_gen.plan import fill_slots, plan_script
from script_gen.records import KnowledgeBase

COMPLIANCE_KINDS = frozenset({"banned_term", "forbidden_claim"})
MIN_SENTENCE_CHARS = 4
"""A sentence with fewer characters says nothing a viewer could act on (``e``, ``好``): flagged, never clean,
so an adapter cannot look faithful by writing nothing."""


class Side(BaseModel):
    """What one adapter (or the bare base model) did on the held-out SKUs."""

    adapter: str
    sentences: int
    faithfulness_flagged: int
    compliance_flagged: int
    margin: float
    examples: list[str]

    @property
    def faithfulness_rate(self) -> float:
        return self.faithfulness_flagged / max(self.sentences, 1)

    @property
    def compliance_rate(self) -> float:
        return self.compliance_flagged / max(self.sentences, 1)


class GateReport(BaseModel):
    passed: bool
    reasons: list[str]
    heldout_skus: list[str]
    pairs: int
    candidate: Side
    current: Side
    min_margin_gain: float

    def summary(self) -> dict[str, Any]:
        """The figures in a flat dict (the job result, the adapter row)."""
        return self.model_dump(mode="json") | {
            "candidate_margin": self.candidate.margin, "current_margin": self.current.margin,
            "candidate_faithfulness_rate": self.candidate.faithfulness_rate,
            "current_faithfulness_rate": self.current.faithfulness_rate,
            "candidate_compliance_rate": self.candidate.compliance_rate,
            "current_compliance_rate": self.current.compliance_rate}


def _side(base: str | Path, adapter: str | Path | None, kb: KnowledgeBase, skus: Sequence[str],
          pairs: Sequence[dict[str, Any]], at: datetime, lexicon: Lexicon | None, device: str, max_length: int,
          progress: Progress) -> Side:
    backend = HFCausalBackend(base, adapter, device=device, temperature=0.0, constrained=True, sentence_tokens=48)
    verifier = Verifier(kb)
    sentences = faithfulness = compliance = 0
    examples: list[str] = []
    for n, sku_id in enumerate(skus):
        progress(n / (len(skus) + 1), f"writing a held-out script for {sku_id}")
        sku, _ = quarantine(kb.get(sku_id))
        plan = plan_script(sku, "short_video", 30, at)
        drafted = backend.draft(DraftRequest(sku=sku, facts=select_facts(sku, at), plan=plan, at=at, lexicon=lexicon))
        lines = [fill_slots(" ".join(s["text"].split()), plan.slots) for sec in drafted for s in sec["sentences"]]
        said = [line for line in lines if len(line.replace(" ", "")) >= MIN_SENTENCE_CHARS]
        faithfulness += len(lines) - len(said)
        findings = check_script_text("\n".join(said), sku_id, verifier, at, lexicon) if said else []
        start = 0
        for line in said:
            hit = [f for f in findings if f.start < start + len(line) and f.end > start]
            faithfulness += any(f.kind not in COMPLIANCE_KINDS for f in hit)
            compliance += any(f.kind in COMPLIANCE_KINDS for f in hit)
            examples += [f"{sku_id}: {f.kind} “{f.text}”" for f in hit][:2]
            start += len(line) + 1
        sentences += len(lines)
    progress(len(skus) / (len(skus) + 1), "measuring the held-out preference margin")
    margin = preference_margin(backend.model, backend.tokenizer, pairs, device=device, max_length=max_length)
    return Side(adapter=Path(adapter).name if adapter else "base", sentences=sentences,
                faithfulness_flagged=faithfulness, compliance_flagged=compliance, margin=margin, examples=examples[:10])


def run_gate(base: str | Path, candidate: str | Path, current: str | Path | None, kb: KnowledgeBase,
             heldout_skus: Sequence[str], heldout_pairs: Sequence[dict[str, Any]], at: datetime, *,
             lexicon: Lexicon | None = None, min_margin_gain: float = 0.0, device: str = "cpu",
             max_length: int | None = None, progress: Progress | None = None) -> GateReport:
    """Judge ``candidate`` against ``current`` (None: the base model) on held-out SKUs and pairs.

    Both margins are measured on examples cut to ``max_length`` tokens (default: the candidate's training
    length, from its card), the windows the candidate learned from."""
    progress = progress or no_progress
    if not heldout_skus or not heldout_pairs:
        raise InputError("the dataset has no held-out SKUs with preference pairs: the gate cannot judge an adapter "
                         "without them (import more sessions, or build with a larger heldout_fraction)")
    length = max_length or TrainConfig.model_validate(read_card(candidate).train).max_length
    cand = _side(base, candidate, kb, heldout_skus, heldout_pairs, at, lexicon, device, length,
                 sub_progress(progress, 0.0, 0.5, "candidate: "))
    cur = _side(base, current, kb, heldout_skus, heldout_pairs, at, lexicon, device, length,
                sub_progress(progress, 0.5, 1.0, "current: "))
    reasons = []
    if cand.faithfulness_rate > cur.faithfulness_rate:
        reasons.append(f"faithfulness worse: {cand.faithfulness_flagged}/{cand.sentences} sentences flagged "
                       f"against {cur.faithfulness_flagged}/{cur.sentences}")
    if cand.compliance_rate > cur.compliance_rate:
        reasons.append(f"compliance worse: {cand.compliance_flagged}/{cand.sentences} sentences flagged "
                       f"against {cur.compliance_flagged}/{cur.sentences}")
    if cand.margin <= cur.margin + min_margin_gain:
        reasons.append(f"style not better: held-out preference margin {cand.margin:.4f} against {cur.margin:.4f} "
                       f"(needs more than +{min_margin_gain:g})")
    progress(1.0, "gate passed" if not reasons else "gate refused")
    return GateReport(passed=not reasons, reasons=reasons, heldout_skus=list(heldout_skus), pairs=len(heldout_pairs),
                      candidate=cand, current=cur, min_margin_gain=min_margin_gain)
