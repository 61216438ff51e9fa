"""Scripts in the database: generate, check, edit into new versions, review, record performance.

Callers pass row ids that they have already scoped to a merchant (studio's tenancy helpers do it
for the API). Every text that may be spoken is checked here, on its final form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from core.device import resolve_device
from core.errors import InputError
from core.models import Script as ScriptRow
from core.models import ScriptPerformance, Sku, utcnow
from core.settings import ScriptSettings
from core.progress import Progress
from script_gen import (
    Verifier,
    check_script_text,
    generate_script,
    load_lexicon,
    make_backend,
)
from script_gen.backend import ScriptBackend
from script_gen.finding_model import finding_model_for
from script_gen.forbidden_model import forbidden_model_for
from script_gen.judge import judge_for
from script_gen.records import Script, kb_time, unknown_sku
from script_gen.review import PerformanceRecord, apply_edit, script_diff, transition
from workers.commands import learn
from workers.commands import retrain
from workers.commands.kb import load_kb
from workers.runtime import Runtime


def _now() -> datetime:
    """Now on the knowledge base's wall clock, whatever zone this server runs in."""
    return kb_time(datetime.now(UTC))


def _sku_row(s: Any, merchant_id: str, code: str) -> Sku:
    row = s.scalar(select(Sku).where(Sku.merchant_id == merchant_id, Sku.code == code))
    if row is None:
        raise unknown_sku(code)
    return row


def _writer(rt: Runtime, merchant_id: str, backend: str | None) -> tuple[ScriptSettings, ScriptBackend]:
    """The merchant's script backend as configured (its promoted adapter, its phrasing weights)."""
    cfg = rt.settings.script if backend is None else rt.settings.script.model_copy(update={"backend": backend})
    if cfg.backend == "hf" and not cfg.hf_adapter_path:  # the merchant's promoted adapter, if any
        cfg = cfg.model_copy(update={"hf_adapter_path": retrain.serving_adapter(rt, merchant_id) or ""})
    weights = learn.phrasing_weights(rt, merchant_id) if cfg.backend == "template" else None
    return cfg, make_backend(cfg, resolve_device(rt.settings.device), weights)


def generate(rt: Runtime, merchant_id: str, sku_code: str, *, style: str = "live", seconds: int = 120,
             backend: str | None = None, seed: int = 0, author: str = "", progress: Progress | None = None) -> str:
    """Write and verify a script; stores it as a draft and returns its id."""
    cfg, writer = _writer(rt, merchant_id, backend)
    kb = load_kb(rt, merchant_id)
    result = generate_script(kb, sku_code, backend=writer, style=style, seconds=seconds, at=_now(), seed=seed,
                             max_attempts=cfg.max_attempts, lexicon=load_lexicon(platform=cfg.platform or None),
                             progress=progress)
    script = result.script
    meta = {"attempts": result.attempts, "repaired": result.repaired, "lexicon_version": result.lexicon_version,
            "dropped": [f.model_dump(mode="json") for f in result.dropped], "quarantined": result.quarantined}
    with rt.session() as s:
        row = ScriptRow(merchant_id=merchant_id, sku_id=_sku_row(s, merchant_id, sku_code).id, style=style,
                        backend=script.backend, text=script.text, author=author or f"generator:{script.backend}",
                        content={"script": script.model_dump(mode="json"), "generation": meta}, findings=[])
        s.add(row)
        s.flush()
        row.lineage_id = row.id
        return row.id


def check_text(rt: Runtime, merchant_id: str, sku_code: str, text: str,
               at: datetime | None = None) -> list[dict[str, Any]]:
    """Faithfulness and advertising-law findings for any text about ``sku_code`` (spans into ``text``).

    ``at`` is the broadcast time offers are judged at (default now): an aware time is read on the KB's
    wall clock, a naive one already is. The judge stage runs when ``script.judge`` configures one."""
    return text_checker(rt, merchant_id)(sku_code, text, at)


def text_checker(rt: Runtime, merchant_id: str) -> Callable[[str, str, datetime | None], list[dict[str, Any]]]:
    """:func:`check_text` with the knowledge base, verifier and lexicon loaded once, for checking many texts
    (a call campaign's per-recipient messages): ``check(sku_code, text, at)``."""
    kb = load_kb(rt, merchant_id)
    verifier = Verifier(kb)
    lexicon = load_lexicon(platform=rt.settings.script.platform or None)
    judge = judge_for(rt.settings.script.judge)
    forbidden = forbidden_model_for(rt.settings.script)
    second_look = finding_model_for(rt.settings.script)

    def check(sku_code: str, text: str, at: datetime | None = None) -> list[dict[str, Any]]:
        _refuse_unless_checkable(rt, text)
        kb.get(sku_code)  # a clear error for an unknown SKU
        findings = check_script_text(text, sku_code, verifier, at or _now(), lexicon, judge, forbidden,
                                      second_look)
        return [f.model_dump(mode="json") for f in findings]

    return check


def pitch_writer(rt: Runtime, merchant_id: str, seconds: int = 20) -> Callable[[str], str]:
    """A SKU's ``outbound_call`` script (the offer a call makes), written and verified once per SKU by the
    configured backend: ``pitch(sku_code) -> text``."""
    cfg, writer = _writer(rt, merchant_id, None)
    kb = load_kb(rt, merchant_id)
    lexicon = load_lexicon(platform=cfg.platform or None)
    written: dict[str, str] = {}

    def pitch(sku_code: str) -> str:
        if sku_code not in written:
            written[sku_code] = generate_script(kb, sku_code, backend=writer, style="outbound_call", seconds=seconds,
                                                at=_now(), max_attempts=cfg.max_attempts, lexicon=lexicon).script.text
        return written[sku_code]

    return pitch


def question_answerer(rt: Runtime, merchant_id: str) -> Callable[[str, str], str]:
    """:func:`script_gen.answer_question` with the knowledge base, its fact index, verifier and lexicon loaded
    once, for answering many questions (a call's spoken ones): ``answer(sku_code, question) -> spoken text``, a
    grounded and checked answer or the safe holding line."""
    from script_gen.answer import answer_question
    from script_gen.retrieve import FactIndex

    kb = load_kb(rt, merchant_id)
    verifier = Verifier(kb)
    lexicon = load_lexicon(platform=rt.settings.script.platform or None)
    index = FactIndex(kb, _now())

    def answer(sku_code: str, question: str) -> str:
        _refuse_unless_checkable(rt, question)
        kb.get(sku_code)
        return answer_question(index, verifier, sku_code, question, _now(), lexicon).text

    return answer


def _refuse_unless_checkable(rt: Runtime, text: str) -> None:
    """The one length cap (``script.max_check_chars``) that the CLI, the API and edits share."""
    limit = rt.settings.script.max_check_chars
    if not text.strip():
        raise InputError("nothing to check: the script text is empty")
    if len(text) > limit:
        raise InputError(f"script text too long ({len(text)} characters; at most {limit}, "
                         "set by EVERCAST_SCRIPT__MAX_CHECK_CHARS)")


def edit(rt: Runtime, script_id: str, new_text: str, author: str) -> str:
    """A reviewer's edit becomes a new draft version with its diff and fresh findings."""
    _refuse_unless_checkable(rt, new_text)  # before the diff, whose time grows with the text
    with rt.session() as s:
        old = s.get(ScriptRow, script_id)
        assert old is not None
        sku_code = s.get(Sku, old.sku_id).code if old.sku_id else None
        merchant_id, lineage, old_text = old.merchant_id, old.lineage_id, old.text
        record = Script.model_validate(old.content["script"])
        style, backend = old.style, old.backend
    if sku_code is None:
        raise InputError("the script's SKU was deleted; it cannot be edited")
    edited = apply_edit(record, new_text, editor=author.split(":")[-1][:20] or "reviewer")
    findings = check_text(rt, merchant_id, sku_code, edited.text)
    with rt.session() as s:
        latest = s.scalar(select(func.max(ScriptRow.version)).where(ScriptRow.lineage_id == lineage)) or 0
        row = ScriptRow(merchant_id=merchant_id, sku_id=s.scalar(select(Sku.id).where(
                            Sku.merchant_id == merchant_id, Sku.code == sku_code)),
                        lineage_id=lineage, version=latest + 1, style=style, backend=edited.backend or backend,
                        text=edited.text, content={"script": edited.model_dump(mode="json"), "edited_from": script_id},
                        findings=findings, diff=[d.model_dump(mode="json") for d in script_diff(old_text, edited.text)],
                        author=author)
        s.add(row)
        s.flush()
        return row.id


def set_state(rt: Runtime, script_id: str, target: str) -> str:
    """Approve, reject, take live or back to draft; refuses approving text with open findings."""
    with rt.session() as s:
        row = s.get(ScriptRow, script_id)
        assert row is not None
        row.state = transition(row.state, target, blocking_findings=len(row.findings))  # type: ignore[arg-type]
        return row.state


def record_performance(rt: Runtime, script_id: str, record: dict[str, Any]) -> int:
    """Store how a script did on air (validated); returns the record's id."""
    with rt.session() as s:
        row = s.get(ScriptRow, script_id)
        assert row is not None
        perf = PerformanceRecord.model_validate({**record, "script_id": script_id, "script_version": row.version,
                                                 "sku_id": s.get(Sku, row.sku_id).code if row.sku_id else ""})
        entry = ScriptPerformance(merchant_id=row.merchant_id, script_id=script_id,
                                  record=perf.model_dump(mode="json"), at=utcnow())
        s.add(entry)
        s.flush()
        return entry.id
