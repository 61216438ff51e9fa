"""Human review and performance records, as pure functions the lead's storage layer calls.

A script version moves draft -> approved -> live (or rejected); a reviewer's edit makes a new draft
version whose diff and fresh findings are stored beside it. Performance rows record what a segment
did on air (views, dwell, clicks, orders) per section and variant: the retraining loop reads them.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from core.errors import InputError
from script_gen.records import Script, ScriptSection, Sentence

ScriptState = Literal["draft", "approved", "rejected", "live"]

TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"approved", "rejected"}),
    "approved": frozenset({"live", "rejected", "draft"}),
    "live": frozenset({"approved", "rejected"}),
    "rejected": frozenset({"draft"}),
}


def transition(current: ScriptState, target: ScriptState, *, blocking_findings: int = 0) -> ScriptState:
    """Validate a state change; approving or airing a script with open findings is refused."""
    if target not in TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(TRANSITIONS.get(current, ()))) or "none"
        raise InputError(f"a {current} script cannot become {target} (allowed: {allowed})")
    if target in {"approved", "live"} and blocking_findings:
        raise InputError(f"cannot mark the script {target}: {blocking_findings} unresolved finding(s)")
    return target


class DiffLine(BaseModel):
    op: Literal["equal", "delete", "insert"]
    old_line: int | None
    new_line: int | None
    text: str


def script_diff(old_text: str, new_text: str) -> list[DiffLine]:
    """Sentence-level diff (one sentence per line) for storage and for the reviewer UI."""
    old, new = old_text.split("\n"), new_text.split("\n")
    out: list[DiffLine] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [DiffLine(op="equal", old_line=i1 + k, new_line=j1 + k, text=old[i1 + k]) for k in range(i2 - i1)]
            continue
        out += [DiffLine(op="delete", old_line=i, new_line=None, text=old[i]) for i in range(i1, i2)]
        out += [DiffLine(op="insert", old_line=None, new_line=j, text=new[j]) for j in range(j1, j2)]
    return out


def apply_edit(script: Script, edited_text: str, editor: str = "reviewer") -> Script:
    """The script with a reviewer's text (one sentence per line) mapped back onto its sections.

    Unchanged sentences keep their emotion and fact references; changed or new ones join the section
    of the sentence they replace (or the one before them) and lose their fact references, because a
    human wrote them: the verifier, not the reference, decides whether they hold.
    """
    lines = [line.strip() for line in edited_text.split("\n") if line.strip()]
    if not lines:
        raise InputError("an edited script needs at least one sentence")
    flat = [(i, sent) for i, sec in enumerate(script.sections) for sent in sec.sentences]
    old = [sent.text for _, sent in flat]
    placed: list[tuple[int, Sentence]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=lines, autojunk=False).get_opcodes():
        if tag == "equal":
            placed += [flat[i1 + k] for k in range(i2 - i1)]
            continue
        for k, j in enumerate(range(j1, j2)):
            anchor = flat[min(i1 + k, len(flat) - 1)] if i1 + k < i2 or not placed else placed[-1]
            placed.append((anchor[0], Sentence(text=lines[j], emotion=anchor[1].emotion)))
    sections: list[ScriptSection] = []
    for sec_index, sent in placed:
        base = script.sections[sec_index]
        if sections and sections[-1].section == base.section and sections[-1].variant_id.endswith(f"~{sec_index}"):
            sections[-1] = sections[-1].model_copy(update={"sentences": sections[-1].sentences + (sent,)})
        else:
            sections.append(ScriptSection(section=base.section, variant_id=f"{base.variant_id}~{sec_index}",
                                          sentences=(sent,)))
    sections = [s.model_copy(update={"variant_id": _edited_variant(s, script, editor)}) for s in sections]
    return script.model_copy(update={"sections": tuple(sections), "backend": f"{script.backend}+{editor}"})


def _edited_variant(section: ScriptSection, original: Script, editor: str) -> str:
    base, index = section.variant_id.rsplit("~", 1)
    before = original.sections[int(index)]
    return base if section.sentences == before.sentences else f"{base}.{editor}"


class PerformanceRecord(BaseModel):
    """What one spoken segment did on air, attributed by its window [started_at, ended_at]."""

    script_id: str
    script_version: int
    sku_id: str
    section: str
    variant_id: str
    host: Literal["digital", "human"] = "digital"
    room_id: str = ""
    started_at: datetime
    ended_at: datetime
    views: int = Field(0, ge=0, description="Viewers present during the segment.")
    dwell_seconds: float = Field(0.0, ge=0, description="Viewer-seconds spent in the room during the segment.")
    clicks: int = Field(0, ge=0, description="Product-card clicks in the window (plus attribution lag).")
    orders: int = Field(0, ge=0)
    gmv: float = Field(0.0, ge=0)

    @model_validator(mode="after")
    def _window(self) -> "PerformanceRecord":
        if self.ended_at <= self.started_at:
            raise ValueError("ended_at must be after started_at")
        if self.clicks > self.views and self.views:
            raise ValueError("clicks cannot exceed views")
        return self


class VariantStats(BaseModel):
    section: str
    variant_id: str
    segments: int
    views: int
    click_rate: float
    orders_per_1k_views: float
    mean_dwell_s: float


def summarize_performance(records: Iterable[PerformanceRecord]) -> list[VariantStats]:
    """Per (section, variant) rates, best order rate first: the input of variant selection."""
    groups: dict[tuple[str, str], list[PerformanceRecord]] = defaultdict(list)
    for r in records:
        groups[(r.section, r.variant_id)].append(r)
    out = []
    for (section, variant), rows in groups.items():
        views = sum(r.views for r in rows)
        out.append(VariantStats(
            section=section, variant_id=variant, segments=len(rows), views=views,
            click_rate=sum(r.clicks for r in rows) / views if views else 0.0,
            orders_per_1k_views=1000 * sum(r.orders for r in rows) / views if views else 0.0,
            mean_dwell_s=sum(r.dwell_seconds for r in rows) / views if views else 0.0,
        ))
    return sorted(out, key=lambda s: (-s.orders_per_1k_views, s.section, s.variant_id))
