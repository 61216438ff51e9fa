"""Generate a verified script with any backend: draft, fill slots, check, retry, repair or refuse.

An LLM draft with findings is regenerated with the findings as feedback, then repaired by dropping
the offending sentences, and refused when too little survives. The template backend goes through
the same gates but can never be refused: whatever it drafts is reduced to checked sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from core.errors import EvercastError, InputError
from core.progress import Progress, no_progress
from script_gen.backend import DraftParseError, DraftRequest, ScriptBackend
from script_gen.claims import extract_claims
from script_gen.compliance import (
    Lexicon,
    check_compliance,
    forbidden_ruled_out,
    load_lexicon,
    protected_terms,
    scarcity_backed,
)
from script_gen.facts import Fact, sku_facts
from script_gen.finding_model import FindingModel
from script_gen.forbidden_model import ForbiddenModel
from script_gen.injection import quarantine
from script_gen.judge import Judge
from script_gen.normalize import normalize
from script_gen.plan import fill_slots, has_slots, plan_script, slots_for
from script_gen.records import (
    Finding,
    KnowledgeBase,
    Script,
    ScriptSection,
    Sentence,
    Sku,
    Style,
    kb_time,
)
from script_gen.template import TemplateBackend
from script_gen.verify import Verifier

_REQUIRED = ("hook", "selling_point", "offer")
_MAX_FACTS = 40
_DAILY_PRICE = "这款日常价{日常价}，大家按需下单。"


class GenerationRefused(EvercastError):
    """A model's drafts kept failing verification; ``findings`` says why. Use the template backend."""

    code = "refused"

    def __init__(self, message: str, findings: Sequence[Finding] = ()):
        self.findings = list(findings)
        super().__init__(message)


class GenerationResult(BaseModel):
    script: Script
    attempts: int
    repaired: bool
    dropped: list[Finding]
    lexicon_version: str
    quarantined: list[str]


def check_script_text(text: str, sku_id: str, verifier: Verifier, at: datetime,
                      lexicon: Lexicon | None = None, judge: Judge | None = None,
                      forbidden: ForbiddenModel | None = None,
                      second_look: FindingModel | None = None) -> list[Finding]:
    """Faithfulness plus compliance findings for spoken ``text`` about ``sku_id`` (spans into ``text``).

    ``at`` is the broadcast time offers and deadlines are judged at (an aware time is read on the KB's
    wall clock); ``verifier`` holds the KB. The learned stages are optional: a ``second_look`` model
    (:func:`script_gen.finding_model.finding_model_for`) drops the rules' claim findings it reads as misreadings, a
    ``forbidden`` model (:func:`script_gen.forbidden_model.forbidden_model_for`) reads the SKU's forbidden claims against
    the clauses the rules left, and a ``judge`` (:func:`script_gen.judge.make_judge`) then reads the claim clauses the
    rules left without a finding. None of them, the default, is rules only.
    """
    if not text.strip():
        raise InputError("the script text is empty")
    at = kb_time(at)
    findings = verifier.verify(text, sku_id, at)
    sku = verifier.sku(sku_id)
    findings += check_compliance(text, lexicon, category=sku.category, protected=protected_terms(sku),
                                 scarcity_backed=scarcity_backed(sku, at))
    if second_look is not None:
        findings = second_look.review(text, findings)
    if forbidden is not None:
        findings += forbidden.review(text, sku, findings, forbidden_ruled_out(text, sku, lexicon))
    if judge is not None:
        findings += judge.review(text, sku, at, findings)
    return sorted(_one_per_claim(findings, text), key=lambda f: (f.start, f.end))


def _one_per_claim(findings: list[Finding], text: str) -> list[Finding]:
    """A banned term that is also one of the merchant's forbidden claims is one finding, not two.

    The reviewer sees the law's rule and suggestion with the merchant's own rule named in the reason,
    over the union of both spans (the merchant's sentence is often the longer claim).
    """
    banned = [f for f in findings if f.kind == "banned_term"]
    out = []
    for f in findings:
        if f.kind == "forbidden_claim" and (twin := next(
                (b for b in banned if b.start < f.end and f.start < b.end), None)) is not None:
            start, end = min(twin.start, f.start), max(twin.end, f.end)
            banned[banned.index(twin)] = twin.model_copy(update={
                "start": start, "end": end, "text": text[start:end], "fact_ref": f.fact_ref,
                "reason": f"{twin.reason}；{f.reason}"})
        elif f.kind != "banned_term":
            out.append(f)
    return out + banned


def read_script_file(path: str | Path) -> tuple[str, str | None]:
    """Spoken text and SKU id (if recorded) from a ``.txt`` (one sentence a line) or a Script ``.json``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"script file not found: {path}")
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name} is not UTF-8 text") from exc
    if path.suffix.lower() != ".json":
        return "\n".join(line.strip() for line in raw.splitlines() if line.strip()), None
    try:
        script = Script.model_validate_json(raw)
    except ValidationError as exc:
        raise InputError(f"{path.name} is not a stored script JSON: {exc.errors()[0]['msg']}") from exc
    return script.text, script.sku_id


def select_facts(sku: Sku, at: datetime, limit: int = _MAX_FACTS) -> tuple[Fact, ...]:
    """The SKU's facts for a prompt: all of them, or the ``limit`` most central when there are more."""
    facts = sku_facts(sku, at)
    if len(facts) <= limit:
        return tuple(facts)
    from script_gen.retrieve import FactIndex

    index = FactIndex(KnowledgeBase(skus=(sku,)), at)
    query = " ".join([sku.title, sku.category, *sku.selling_points])
    ranked = [f for f, _ in index.search(query, k=limit)]
    fixed = [f for f in facts if f.kind in {"title", "price", "promotion"}]
    return tuple(dict.fromkeys(fixed + ranked))[:limit]


def _assemble(raw: list[dict[str, Any]], slots: dict[str, str], sku: Sku, style: Style, seconds: int,
              backend: str, variant: str, at: datetime) -> Script:
    sections = []
    for n, sec in enumerate(raw):
        sentences = []
        for sent in sec["sentences"]:
            raw = " ".join(str(sent["text"]).split())
            text = fill_slots(raw, slots)
            if text:
                sentences.append(Sentence(text=text, emotion=sent.get("emotion", "friendly"),
                                          fact_refs=tuple(sent.get("fact_refs", ())),
                                          slot_text=raw if has_slots(raw) else ""))
        if sentences:
            sections.append(ScriptSection(section=sec["section"], sentences=tuple(sentences),
                                          variant_id=sec.get("variant_id") or f"{variant}-{n}-{sec['section']}"))
    return Script(sku_id=sku.sku_id, style=style, target_seconds=seconds, backend=backend,
                  variant_id=variant, generated_for=at, sections=tuple(sections))


def _sentence_spans(script: Script) -> list[tuple[int, int, int, int]]:
    spans, pos = [], 0
    for i, sec in enumerate(script.sections):
        for j, sent in enumerate(sec.sentences):
            spans.append((pos, pos + len(sent.text), i, j))
            pos += len(sent.text) + 1
    return spans


def _literal_offers(raw: list[dict[str, Any]], script: Script, units) -> list[Finding]:
    """Model-written prices, stock counts, deadlines or dates: only slots may carry them."""
    literal = []
    for sent, (start, end, _, _) in zip(
            (s for sec in raw for s in sec["sentences"] if fill_slots(str(s["text"]), {}).strip()),
            _sentence_spans(script), strict=False):
        claims = extract_claims(normalize(str(sent["text"]), units), units)
        hit = next((c for c in claims if c.kind in {"money", "stock", "deadline", "date"}), None)
        if hit is not None:
            literal.append(Finding(kind="literal_offer", start=start, end=end, text=hit.text,
                                   reason="价格、库存、截止时间只能用槽位（如{到手价}），不能由模型直接写"))
    return literal


def refresh_script(script: Script, verifier: Verifier, at: datetime,
                   lexicon: Lexicon | None = None) -> tuple[Script, list[Finding]]:
    """Re-resolve a stored script's offers for air time ``at`` and re-check it.

    Sentences whose slots no longer resolve (the promotion ended, no stock limit any more) are
    dropped; prices and deadlines in the rest follow the KB at ``at``.
    """
    slots, _ = slots_for(verifier.sku(script.sku_id), at)
    sections = []
    for sec in script.sections:
        kept = []
        for sent in sec.sentences:
            if sent.slot_text:
                text = fill_slots(sent.slot_text, slots)
                if has_slots(text):
                    continue
                sent = sent.model_copy(update={"text": text})
            kept.append(sent)
        if not kept and sec.section == "offer":  # the offer ended: say the daily price instead
            kept.append(Sentence(text=fill_slots(_DAILY_PRICE, slots), emotion="calm", slot_text=_DAILY_PRICE,
                                 fact_refs=(f"{script.sku_id}#price",)))
        if kept:
            sections.append(sec.model_copy(update={"sentences": tuple(kept)}))
    fresh = script.model_copy(update={"sections": tuple(sections), "generated_for": at})
    return fresh, check_script_text(fresh.text, script.sku_id, verifier, at, lexicon)


def _drop_flagged(script: Script, findings: Sequence[Finding]) -> tuple[Script, int]:
    bad = {(i, j) for s, e, i, j in _sentence_spans(script)
           for f in findings if f.start < e and f.end > s}
    sections = []
    for i, sec in enumerate(script.sections):
        keep = tuple(sent for j, sent in enumerate(sec.sentences) if (i, j) not in bad)
        if keep:
            sections.append(sec.model_copy(update={"sentences": keep}))
    return script.model_copy(update={"sections": tuple(sections)}), len(bad)


def generate_script(
    kb: KnowledgeBase,
    sku_id: str,
    *,
    backend: ScriptBackend | None = None,
    style: Style = "live",
    seconds: int = 120,
    at: datetime | None = None,
    seed: int = 0,
    lexicon: Lexicon | None = None,
    verifier: Verifier | None = None,
    max_attempts: int = 3,
    progress: Progress | None = None,
) -> GenerationResult:
    """A checked script for ``sku_id``; raises :class:`GenerationRefused` only for model backends.

    Pass a cached ``verifier`` (built once per KB version) when generating many scripts.
    """
    progress = progress or no_progress
    backend = backend or TemplateBackend()
    at = at or datetime.now()
    if max_attempts < 1:
        raise InputError("max_attempts must be at least 1")
    lexicon = lexicon or load_lexicon()
    verifier = verifier or Verifier(kb)
    sku, withheld = quarantine(kb.get(sku_id))
    plan = plan_script(sku, style, seconds, at)
    facts = select_facts(sku, at)
    variant = f"{backend.name}-{seed}"
    embedded = isinstance(backend, TemplateBackend)
    feedback: tuple[str, ...] = ()
    best: tuple[Script, list[Finding]] | None = None
    errors: list[str] = []
    for attempt in range(max_attempts):
        progress(attempt / (max_attempts + 1), f"drafting with {backend.name} (attempt {attempt + 1})")
        request = DraftRequest(sku=sku, facts=facts, plan=plan, at=at, attempt=attempt, seed=seed,
                               feedback=feedback, lexicon=lexicon)
        try:
            raw = backend.draft(request)
        except DraftParseError as exc:
            errors.append(str(exc))
            feedback = (f"输出格式错误：{exc}",)
            continue
        script = _assemble(raw, plan.slots, sku, style, seconds, backend.name, variant, at)
        if not script.sections:
            findings = [Finding(kind="malformed", start=0, end=0, text="", reason="草稿里没有任何句子")]
        else:
            findings = check_script_text(script.text, sku_id, verifier, at, lexicon)
        if script.sections and not embedded:
            findings = sorted(findings + _literal_offers(raw, script, verifier.units), key=lambda f: (f.start, f.end))
        if not findings and script.sections:
            return GenerationResult(script=script, attempts=attempt + 1, repaired=False, dropped=[],
                                    lexicon_version=lexicon.version, quarantined=[q.text for q in withheld])
        if best is None or len(findings) < len(best[1]):
            best = (script, findings)
        feedback = tuple(f"“{f.text}”：{f.reason}" for f in findings)
    progress(max_attempts / (max_attempts + 1), "repairing")
    if best is None:
        raise GenerationRefused(
            f"{backend.name} returned no usable script JSON in {max_attempts} attempt(s): {errors[-1]}. "
            "Check the model, or use the template backend.")
    script, findings = best
    repaired, dropped = _drop_flagged(script, findings)
    while repaired.sections:  # dropping cannot add claims, but prove it: re-check until clean
        again = check_script_text(repaired.text, sku_id, verifier, at, lexicon)
        if not again:
            break
        repaired, more = _drop_flagged(repaired, again)
        dropped += more
    total = sum(len(s.sentences) for s in script.sections)
    present = {s.section for s in repaired.sections}
    missing = [s for s in _REQUIRED if s in {p.section for p in plan.sections} and s not in present]
    if not embedded and (missing or dropped * 3 > total):
        summary = "; ".join(f"{f.kind}: {f.text} ({f.reason})" for f in findings[:6])
        raise GenerationRefused(
            f"{backend.name} drafts failed verification {max_attempts} time(s) and repair would remove "
            f"{dropped} of {total} sentences{' and sections ' + ', '.join(missing) if missing else ''}: {summary}",
            findings)
    if not repaired.sections:  # template: the title sentence is always grounded and exempt
        repaired = _assemble([{"section": "hook", "sentences": [
            {"text": f"欢迎来到直播间，今天给大家介绍{sku.title}。", "emotion": "warm", "fact_refs": [f"{sku.sku_id}#title"]}]}],
            plan.slots, sku, style, seconds, backend.name, variant, at)
    progress(1.0, "done")
    return GenerationResult(script=repaired, attempts=max_attempts, repaired=True, dropped=findings,
                            lexicon_version=lexicon.version, quarantined=[q.text for q in withheld])
