from datetime import datetime, timedelta

import pytest

from core.errors import InputError
from script_gen.generate import check_script_text, generate_script
from script_gen.review import (
    PerformanceRecord,
    apply_edit,
    script_diff,
    summarize_performance,
    transition,
)


def test_state_machine():
    assert transition("draft", "approved") == "approved"
    assert transition("approved", "live") == "live"
    assert transition("rejected", "draft") == "draft"
    with pytest.raises(InputError, match="a draft script cannot become live"):
        transition("draft", "live")
    with pytest.raises(InputError, match="2 unresolved finding"):
        transition("draft", "approved", blocking_findings=2)


def test_reviewer_edit_keeps_structure_and_is_rechecked(kb, at, verifier):
    script = generate_script(kb, "KIT-001", style="short_video", seconds=30, at=at, verifier=verifier).script
    lines = script.text.split("\n")
    lines[1] = lines[1] + "真的很好用。"
    lines.insert(2, "这款电饭煲是全网最低价。")
    edited = apply_edit(script, "\n".join(lines), editor="alice")
    assert edited.text == "\n".join(lines)
    assert [s.section for s in edited.sections] == [s.section for s in script.sections]
    assert edited.backend == "template+alice"
    changed = edited.sections[1]
    assert changed.variant_id.endswith(".alice") and changed.sentences[0].fact_refs == ()
    assert changed.sentences[1].text == "这款电饭煲是全网最低价。" and changed.sentences[2].fact_refs
    assert edited.sections[0].variant_id == script.sections[0].variant_id
    diff = script_diff(script.text, edited.text)
    assert [d.op for d in diff if d.op != "equal"] == ["delete", "insert", "insert"]
    kinds = {f.kind for f in check_script_text(edited.text, "KIT-001", verifier, at)}
    assert kinds == {"banned_term"}
    with pytest.raises(InputError, match="at least one sentence"):
        apply_edit(script, "\n \n")


def test_performance_records_and_summary():
    t0 = datetime(2026, 12, 5, 20, 0)
    rows = [
        PerformanceRecord(script_id="s1", script_version=1, sku_id="KIT-001", section="offer", variant_id="a",
                          started_at=t0, ended_at=t0 + timedelta(seconds=20), views=1000, dwell_seconds=15000,
                          clicks=50, orders=5, gmv=1995),
        PerformanceRecord(script_id="s1", script_version=1, sku_id="KIT-001", section="offer", variant_id="b",
                          host="human", started_at=t0, ended_at=t0 + timedelta(seconds=20), views=500, clicks=40,
                          orders=4),
    ]
    stats = summarize_performance(rows)
    assert [s.variant_id for s in stats] == ["b", "a"]
    assert stats[0].orders_per_1k_views == pytest.approx(8.0) and stats[1].click_rate == pytest.approx(0.05)
    assert stats[1].mean_dwell_s == pytest.approx(15.0)
    with pytest.raises(ValueError, match="ended_at"):
        PerformanceRecord(script_id="s", script_version=1, sku_id="x", section="hook", variant_id="v",
                          started_at=t0, ended_at=t0)
