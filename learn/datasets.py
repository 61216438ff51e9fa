"""Training data from what sold: SFT winners, DPO pairs and KTO labels, all checked before they count.

Input: the attributed :class:`~learn.outcomes.VariantStats` of a merchant's section variants and the
knowledge base. A *prompt* is one SKU's section: the same chat messages the `hf` backend sends (facts
block, rules, the section's goal), so every variant of a (SKU, section) shares one prompt and a pair
compares like with like.

Every variant's text first goes through the script stage's own checks (faithfulness against the KB and
advertising-law compliance, :func:`script_gen.check_script_text`) as the KB stands at ``as_of``; a
variant with any finding is left out of every set, however well it sold, and listed in ``excluded``
with the reasons. Prices, stock and deadlines are then turned back into the slots the generator uses
(``39元`` -> ``{到手价}``), and a variant that still states one literally is left out too: a model must
never learn to write them.

* SFT (chat JSONL ``{"messages": [...]}``): a variant that beats every other checked variant of its
  prompt with P(rate better) >= ``confidence``.
* DPO (``{"prompt", "chosen", "rejected"}``): ordered pairs of one prompt with P(chosen better) >=
  ``confidence`` (0.95 by default), the most certain ``max_pairs_per_prompt`` of them.
* KTO (``{"prompt", "completion", "label"}``): unpaired labels, desirable when P(better than the rest of
  its prompt pooled) >= ``confidence``, undesirable when <= 1 - ``confidence``.

Rows carry ``meta`` (SKU, section, variants, probability, ``split``). Held-out SKUs (``heldout_fraction``
of those with pairs, chosen by hash so a rebuild picks the same) are never trained on: the promotion
gate measures on them.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from learn.outcomes import Beta, VariantStats, prob_better
from script_gen import Verifier, check_script_text, load_lexicon
from script_gen.backend import DraftRequest
from script_gen.claims import extract_claims
from script_gen.compliance import Lexicon
from script_gen.generate import select_facts
from script_gen.injection import quarantine
from script_gen.normalize import normalize
from script_gen.plan import SECTION_EMOTION, ScriptPlan, plan_script, slots_for
from script_gen.prompt import build_messages
from script_gen.records import KnowledgeBase, Sku

_LITERAL_KINDS = {"money", "stock", "deadline", "date"}
_SPACE = re.compile(r"[ \t\u3000]+")


class DatasetOptions(BaseModel):
    """How a dataset is cut (recorded in its provenance)."""

    confidence: float = Field(0.95, ge=0.5, lt=1, description="P(better) a pair, winner or label needs.")
    heldout_fraction: float = Field(0.2, ge=0, lt=1, description="Share of SKUs with pairs kept for the gate.")
    max_pairs_per_prompt: int = Field(16, ge=1, le=1000)


class Excluded(BaseModel):
    sku_id: str
    section: str
    variant_id: str
    reasons: list[str]


class BuiltDataset(BaseModel):
    sft: list[dict[str, Any]]
    dpo: list[dict[str, Any]]
    kto: list[dict[str, Any]]
    heldout_skus: list[str]
    excluded: list[Excluded]
    provenance: dict[str, Any]

    def files(self) -> dict[str, bytes]:
        """The three JSONL files (UTF-8, one record a line, keys sorted: the same data gives the same bytes)."""
        return {name: "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode()
                for name, rows in (("sft", self.sft), ("dpo", self.dpo), ("kto", self.kto))}

    @property
    def counts(self) -> dict[str, int]:
        split = {f"{name}_{part}": sum(1 for r in rows if r["meta"]["split"] == part)
                 for name, rows in (("sft", self.sft), ("dpo", self.dpo), ("kto", self.kto))
                 for part in ("train", "heldout")}
        return split | {"excluded": len(self.excluded)}


def section_messages(sku: Sku, section: str, at: datetime) -> list[dict[str, str]] | None:
    """The `hf` backend's messages asking for one section of ``sku`` (None when no live plan has it now)."""
    sku, _ = quarantine(sku)
    plan = plan_script(sku, "live", 120, at)
    wanted = next((p for p in plan.sections if p.section == section), None)
    if wanted is None:
        return None
    one = ScriptPlan(plan.style, plan.target_seconds, (wanted,), plan.slots, plan.offer)
    return build_messages(DraftRequest(sku=sku, facts=select_facts(sku, at), plan=one, at=at))


def completion(section: str, text: str) -> str:
    """A section's text as the JSON answer the backend parses (one sentence a line), in ``json.dumps``'s own
    layout: its start is exactly the skeleton the constrained decoder writes before each sentence."""
    sentences = [{"text": line, "emotion": SECTION_EMOTION.get(section, "friendly"), "fact_refs": []}
                 for line in text.split("\n") if line]
    return json.dumps({"sections": [{"section": section, "sentences": sentences}]}, ensure_ascii=False)


def slotify(text: str, slots: dict[str, str]) -> str:
    """Volatile values back into the slots they are filled from (longest first: 139元 before 39元)."""
    for name, value in sorted(slots.items(), key=lambda kv: -len(kv[1])):
        if name != "商品名" and value:
            text = re.sub(rf"(?<![\d.]){re.escape(value)}", "{" + name + "}", text)
    return text


def _clean(text: str) -> str:
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.split("\n") if line.strip())


def _pooled(others: Sequence[VariantStats]) -> Beta:
    return Beta(1 + sum(o.alpha - 1 for o in others), 1 + sum(o.beta - 1 for o in others))


def _split_skus(skus: set[str], fraction: float) -> set[str]:
    """A stable ``fraction`` of ``skus`` (by hash), at least one when there are two or more."""
    if len(skus) < 2 or fraction <= 0:
        return set()
    k = min(len(skus) - 1, max(1, math.floor(fraction * len(skus) + 0.5)))
    return set(sorted(skus, key=lambda s: hashlib.sha256(s.encode()).hexdigest())[:k])


def build_dataset(stats: Sequence[VariantStats], kb: KnowledgeBase, as_of: datetime, *,
                  options: DatasetOptions | None = None, lexicon: Lexicon | None = None,
                  verifier: Verifier | None = None, provenance: dict[str, Any] | None = None) -> BuiltDataset:
    """SFT, DPO and KTO rows from ``stats`` (see the module docstring); ``as_of`` is the KB time checks use."""
    options = options or DatasetOptions()
    lexicon = lexicon or load_lexicon()
    verifier = verifier or Verifier(kb)
    known = {s.sku_id: s for s in kb.skus}
    excluded: list[Excluded] = []
    prompts: dict[tuple[str, str], list[dict[str, str]]] = {}
    answers: dict[tuple[str, str, str], str] = {}  # (sku, section, variant) -> its slotted completion
    groups: dict[tuple[str, str], list[VariantStats]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for v in sorted(stats, key=lambda v: (v.sku_id, v.section, v.variant_id)):
        text = _clean(v.text)
        if (v.sku_id, v.section, text) in seen:
            excluded.append(Excluded(sku_id=v.sku_id, section=v.section, variant_id=v.variant_id,
                                     reasons=["the same text as another variant of this section"]))
            continue
        reasons = _reasons(v, text, known, as_of, lexicon, verifier, prompts, answers)
        if reasons:
            excluded.append(Excluded(sku_id=v.sku_id, section=v.section, variant_id=v.variant_id, reasons=reasons))
            continue
        seen.add((v.sku_id, v.section, text))
        groups[(v.sku_id, v.section)].append(v)

    pairs: list[tuple[str, str, VariantStats, VariantStats, float]] = []
    winners: list[tuple[str, str, VariantStats, float]] = []
    labels: list[tuple[str, str, VariantStats, bool, float]] = []
    for (sku_id, section), members in sorted(groups.items()):
        group = sorted(members, key=lambda v: v.variant_id)  # input order never changes the bytes
        ordered = []
        for a in group:
            for b in group:
                if a is not b and (p := prob_better(a.conversion, b.conversion)) >= options.confidence:
                    ordered.append((sku_id, section, a, b, p))
        pairs += sorted(ordered, key=lambda t: (-t[4], t[2].variant_id, t[3].variant_id))[:options.max_pairs_per_prompt]
        for a in group:
            rest = [b for b in group if b is not a]
            if not rest:
                continue
            beats = min(prob_better(a.conversion, b.conversion) for b in rest)
            if beats >= options.confidence:
                winners.append((sku_id, section, a, beats))
            p_rest = prob_better(a.conversion, _pooled(rest))
            if p_rest >= options.confidence or p_rest <= 1 - options.confidence:
                labels.append((sku_id, section, a, p_rest >= options.confidence, p_rest))

    heldout = _split_skus({p[0] for p in pairs}, options.heldout_fraction)

    def meta(sku_id: str, section: str, variants: list[str], p: float) -> dict[str, Any]:
        return {"sku_id": sku_id, "section": section, "variants": variants, "p_better": round(p, 6),
                "split": "heldout" if sku_id in heldout else "train"}

    def assistant(v: VariantStats) -> list[dict[str, str]]:
        return [{"role": "assistant", "content": answers[(v.sku_id, v.section, v.variant_id)]}]

    sft = [{"messages": prompts[(s, sec)] + assistant(v), "meta": meta(s, sec, [v.variant_id], p)}
           for s, sec, v, p in winners]
    dpo = [{"prompt": prompts[(s, sec)], "chosen": assistant(a), "rejected": assistant(b),
            "meta": meta(s, sec, [a.variant_id, b.variant_id], p)} for s, sec, a, b, p in pairs]
    kto = [{"prompt": prompts[(s, sec)], "completion": assistant(v), "label": good,
            "meta": meta(s, sec, [v.variant_id], p)} for s, sec, v, good, p in labels]
    used = [v for g in groups.values() for v in g]
    sessions = sorted({sid for v in used for sid in v.sessions})
    record = {
        "as_of": as_of.isoformat(),
        "sessions": sessions,
        "variants": sorted(f"{v.sku_id}/{v.section}/{v.variant_id}" for v in used),
        "metric": "orders per viewer-minute, Beta(1,1) prior (learn.outcomes.VariantStats.conversion)",
        "options": options.model_dump(),
        "lexicon_version": lexicon.version,
        "kb_skus": sorted({v.sku_id for v in stats if v.sku_id in known}),
    } | (provenance or {})
    return BuiltDataset(sft=sft, dpo=dpo, kto=kto, heldout_skus=sorted(heldout), excluded=excluded, provenance=record)


def _reasons(v: VariantStats, text: str, known: dict[str, Sku], as_of: datetime, lexicon: Lexicon,
             verifier: Verifier, prompts: dict[tuple[str, str], list[dict[str, str]]],
             answers: dict[tuple[str, str, str], str]) -> list[str]:
    """Why a variant cannot be training data (empty: it can, and its prompt and answer are recorded)."""
    if not text:
        return ["no text"]
    sku = known.get(v.sku_id)
    if sku is None:
        return [f"SKU {v.sku_id} is not in the knowledge base"]
    findings = check_script_text(text, v.sku_id, verifier, as_of, lexicon)
    if findings:
        return [f"{f.kind}: “{f.text}” {f.reason}" for f in findings]
    if (v.sku_id, v.section) not in prompts:
        messages = section_messages(sku, v.section, as_of)
        if messages is None:
            return [f"a live script of {v.sku_id} has no {v.section} section as the KB stands"]
        prompts[(v.sku_id, v.section)] = messages
    slots, _ = slots_for(sku, as_of)
    slotted = slotify(text, slots)
    literal = [c.text for c in extract_claims(normalize(slotted, verifier.units), verifier.units)
               if c.kind in _LITERAL_KINDS]
    if literal:
        return [f"states {', '.join(literal)} literally where only a slot may (it is no current KB value)"]
    answers[(v.sku_id, v.section, v.variant_id)] = completion(v.section, slotted)
    return []
