"""The `evercast` command as a user runs it, in a fresh data dir."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from evercast_testkit import REPO


def run(stack, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "studio.cli", *args], env={**stack.env, "COLUMNS": "200"},
                          cwd=REPO, capture_output=True, text=True, timeout=timeout)


def test_doctor_reports_tools_and_services(make_stack):
    out = run(make_stack(), "doctor")
    assert out.returncode == 0, out.stdout + out.stderr
    for name in ("database", "broker", "ffmpeg", "espeak-ng", "device"):
        assert name in out.stdout
    assert "ffmpeg version" in out.stdout


def test_doctor_fails_when_the_broker_is_unreachable(make_stack, private_redis):
    stack = make_stack(broker_url=private_redis.url)
    private_redis.stop()
    out = run(stack, "doctor")
    assert out.returncode == 1 and "NO" in out.stdout


@pytest.mark.walk  # the one whole-product walk of the default run
@pytest.mark.timeout(1200)  # a whole product flow on two shared cores
def test_demo_runs_the_whole_data_path_to_a_live_room(make_stack):
    from evercast_testkit import free_port

    stack = make_stack(extra_env={"EVERCAST_STREAM__RELAY_URL": f"rtmp://127.0.0.1:{free_port()}/live"})
    out = run(stack, "demo", timeout=1200)
    assert out.returncode == 0, out.stdout + out.stderr + stack.worker_output()
    assert "media I/O check" in out.stdout and "done" in out.stdout and "script_id=" in out.stdout
    # the last link: the room went on air and the relay carried its idle loop and then the rendered script
    assert "size=540x960" in out.stdout and "codecs=h264/aac" in out.stdout and "aired=KIT-001" in out.stdout
    listing = run(stack, "jobs", "list")
    assert "pipeline" in listing.stdout and "succeeded" in listing.stdout
    stored = list((stack.settings.assets_dir).rglob("*.mp4"))
    # the media check's clip, the generated presenter footage and the lip-synced render
    assert len(stored) == 3 and all(p.stat().st_size > 1000 for p in stored)
    # the demo's avatar keeps frame retrieval without training a mouth warp (its validation refused it on
    # generated footage in every run recorded)
    assert not [p for p in stack.settings.data_dir.rglob("warp") if p.is_dir()]


def test_merchant_create_prints_a_working_key_once(make_stack):
    stack = make_stack()
    env_password = {**stack.env, "EVERCAST_OWNER_PASSWORD": "a long password"}
    out = subprocess.run([sys.executable, "-m", "studio.cli", "merchant", "create", "shop-1", "--name", "Shop",
                          "--owner-email", "boss@shop.example.com"], env=env_password, cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "ek_" in out.stdout
    again = subprocess.run([sys.executable, "-m", "studio.cli", "merchant", "create", "shop-1", "--name", "Shop",
                            "--owner-email", "x@shop.example.com"], env=env_password, cwd=REPO,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode != 0 and "already exists" in again.stdout + again.stderr


def test_kb_import_script_generate_and_check(make_stack, tmp_path):
    stack = make_stack()
    sample = REPO / "assets" / "kb" / "sample_kb.json"
    imported = run(stack, "kb", "import", str(sample))
    assert imported.returncode == 0 and "added 36" in imported.stdout, imported.stdout + imported.stderr
    made = run(stack, "script", "generate", "KIT-001", "--minutes", "1")
    assert made.returncode == 0 and "draft script" in made.stdout and "599" in made.stdout, made.stdout + made.stderr
    clean = tmp_path / "clean.txt"
    clean.write_text("这款禾厨智能IH电饭煲4L，日常价599元。\n", encoding="utf-8")
    assert run(stack, "script", "check", str(clean), "--sku", "KIT-001").returncode == 0
    dirty = tmp_path / "dirty.txt"
    dirty.write_text("这款电饭煲全网第一，只要99元！\n", encoding="utf-8")
    checked = run(stack, "script", "check", str(dirty), "--sku", "KIT-001")
    assert checked.returncode == 1 and "banned_term" in checked.stdout and "第一" in checked.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("sku_id,title,price\nA-1,,oops\n", encoding="utf-8")
    refused = run(stack, "kb", "import", str(bad))
    assert refused.returncode == 1 and "row 2" in refused.stdout
    unknown = run(stack, "script", "generate", "NOPE-1")
    assert unknown.returncode == 1 and "NOPE-1" in unknown.stdout


def test_script_check_at_two_times_prints_text_verbatim_and_names_an_unknown_sku(make_stack, tmp_path):
    """An offer live at one --at and over at the other; markup-like text is printed as written."""
    import json

    from workers.commands.merchants import merchant_id
    from workers.runtime import Runtime

    stack = make_stack()
    kb = tmp_path / "kb.json"
    kb.write_text(json.dumps({"skus": [{"sku_id": "MUG-7", "title": "青釉马克杯", "price": "89", "promotions": [
        {"name": "周末直播价", "price": "59", "starts_at": "2026-12-05 19:00", "ends_at": "2026-12-05 23:59"}]}]},
        ensure_ascii=False), encoding="utf-8")
    assert run(stack, "kb", "import", str(kb)).returncode == 0
    offer = tmp_path / "offer.txt"
    offer.write_text("今晚直播间到手价59元\n", encoding="utf-8")
    during = run(stack, "script", "check", str(offer), "--sku", "MUG-7", "--at", "2026-12-05T20:00")
    assert during.returncode == 0 and "0 finding(s)" in during.stdout, during.stdout + during.stderr
    after = run(stack, "script", "check", str(offer), "--sku", "MUG-7", "--at", "2026-12-06T12:00Z")
    assert after.returncode == 1 and "expired_offer “59元”" in after.stdout, after.stdout + after.stderr
    assert "not an ISO 8601 date-time" in run(stack, "script", "check", str(offer), "--sku", "MUG-7",
                                              "--at", "tomorrow").stderr
    markup = tmp_path / "markup.txt"
    markup.write_text("今晚到手价{到手价}[/red]\n", encoding="utf-8")
    printed = run(stack, "script", "check", str(markup), "--sku", "MUG-7")
    assert printed.returncode == 1 and "“今晚到手价{到手价}[/red]”" in printed.stdout, printed.stdout + printed.stderr
    unknown = run(stack, "script", "check", str(offer), "--sku", "[/red]NOPE-9")
    assert unknown.returncode == 1, unknown.stdout + unknown.stderr
    assert "SKU '[/red]NOPE-9' is not in this merchant's knowledge base" in unknown.stdout
    rt = Runtime.create(stack.settings)
    assert merchant_id(rt) not in unknown.stdout
    rt.close()


def test_cache_prune_deletes_least_recently_used_render_caches(make_stack):
    """Real files in the data dir's avatar tree; the 3 MiB cache used longest ago goes."""
    stack = make_stack()
    cache = stack.settings.data_dir / "avatars" / "m1" / "mei" / "cache"
    cache.mkdir(parents=True)
    (cache.parent / "avatar.json").write_text("{}")
    big, small = cache / "idle-a.yuv", cache / "idle-b.yuv"
    for path, size, used in ((big, 3, 100), (small, 1, 10)):
        path.write_bytes(bytes(size * 1024 * 1024))
        os.utime(path, (time.time() - used, time.time() - used))
    out = run(stack, "cache", "prune", "--max-gb", str(2 / 1024), timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "removed" in out.stdout and "freed 3.0 MiB" in out.stdout and "1.0 MiB of caches kept" in out.stdout
    assert not big.exists() and small.exists()
