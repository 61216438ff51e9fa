"""`evercast learn import` and `evercast learn performance` as a user runs them."""

from __future__ import annotations

import subprocess
import sys

from evercast_testkit import REPO

SRT = "1\n00:00:00,000 --> 00:00:40,000\n家人们这款锅我自己天天在用，炖汤特别香\n"
CSV = "时间,在线人数,宝贝点击次数,成交笔数,成交金额\n" + "".join(
    f"20:{m:02d},800,{10 + m},{2 if m in (1, 2) else 0},{118 if m in (1, 2) else 0}\n" for m in range(5))


def run(stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "studio.cli", *args], env={**stack.env, "COLUMNS": "200"},
                          cwd=REPO, capture_output=True, text=True, timeout=300)


def test_learn_import_names_bad_rows_then_credits_a_host_session(make_stack, tmp_path):
    stack = make_stack()
    assert run(stack, "kb", "import", str(REPO / "assets" / "kb" / "sample_kb.json")).returncode == 0
    transcript = tmp_path / "host.srt"
    transcript.write_text(SRT, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("时间,在线人数,成交笔数\n20:00,800,1\n20:01,800,两单\n", encoding="utf-8")
    out = run(stack, "learn", "import", str(bad), "--transcript", str(transcript), "--sku", "KIT-002",
              "--day", "2026-12-05")
    assert out.returncode == 1 and "line 3, 成交笔数" in out.stdout and "not a number" in out.stdout

    metrics = tmp_path / "taobao.csv"
    metrics.write_text(CSV, encoding="gb18030")
    out = run(stack, "learn", "import", str(metrics), "--transcript", str(transcript), "--sku", "KIT-002",
              "--day", "2026-12-05")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "taobao: 5 minutes, 1 aired, 1 of 1 airings credited" in out.stdout
    out = run(stack, "learn", "performance", "--sku", "KIT-002")
    assert out.returncode == 0, out.stdout + out.stderr
    # the host's own line (no script of KIT-002 exists: a new candidate), aired 0-40 s: its window 30-160 s holds
    # 30 + 60 + 40 s of 800 viewers (1733 viewer-minutes) and the orders of minute 1 and 40/60 of minute 2's
    row = next(line for line in out.stdout.splitlines() if "家人们这款锅我自己天天在用" in line)
    assert "1733" in row and "3.3" in row and f"{1000 * (1 + 2 + 4 / 3) / (2 + 800 * 130 / 60):.2f}" in row
