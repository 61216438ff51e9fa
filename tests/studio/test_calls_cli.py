"""`evercast calls trunk|licence|import|test|start|status` in subprocesses, dialing through a real worker and the
scripted far end (tests/calls_far_end.py)."""

from __future__ import annotations

import subprocess
import sys
import time

from calls_kit import CONSENT, rung, set_far_end, voice_profile_dir, write_recipients, zone_at  # noqa: F401
from evercast_testkit import REPO

from core.models import Voice
from workers.commands.merchants import merchant_id
from workers.runtime import Runtime


def run(stack, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "studio.cli", *args], env={**stack.env, "COLUMNS": "200"},
                          cwd=REPO, capture_output=True, text=True, timeout=timeout)


def test_a_campaign_from_the_command_line(make_stack, tmp_path, voice_profile_dir):
    far = tmp_path / "far_end"
    far.mkdir()
    set_far_end(far, {"*": {"status": "answered"}})
    stack = make_stack(extra_env={"EVERCAST_CALLS__DIALER": "calls_far_end:open_dialer",
                                  "EVERCAST_TEST_FAR_END": str(far)})
    assert run(stack, "kb", "import", str(REPO / "assets" / "kb" / "sample_kb.csv")).returncode == 0
    rt = Runtime.create(stack.settings)
    with rt.session() as s:
        voice = Voice(merchant_id=merchant_id(rt, "demo"), name="star", status="ready",
                      profile_path=str(voice_profile_dir))
        s.add(voice)
        s.flush()
        voice_id = voice.id
    rt.close()
    trunk = run(stack, "calls", "trunk", "sip:acct:hunter2pw@127.0.0.1:5060", "--caller-id", "+862100000000")
    assert trunk.returncode == 0 and "hunter2pw" not in trunk.stdout and "***" in trunk.stdout, trunk.stdout
    trunk_id = trunk.stdout.split()[1].rstrip(":")
    day = zone_at(range(11, 16))
    people = write_recipients(tmp_path / "people.csv", [
        {"phone": f"1390000010{n}", "name": f"客户{n}", "last_sku": "KIT-002", "timezone": day, **CONSENT}
        for n in range(2)])
    args = ["calls", "import", str(people), "--name", "cli", "--voice", voice_id, "--trunk", trunk_id]
    refused = run(stack, *args)
    assert refused.returncode == 1 and "no licence record" in refused.stdout, refused.stdout
    assert run(stack, "calls", "licence", voice_id, "--grantor", "Agency", "--expires",
               "2030-01-01T00:00:00").returncode == 0
    bad = write_recipients(tmp_path / "bad.csv", [{"phone": "1", "name": "x"}])
    failed = run(stack, "calls", "import", str(bad), *args[3:])
    assert failed.returncode == 1 and "row 2, phone" in failed.stdout, failed.stdout
    made = run(stack, *args)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "2 recipients, 2 messages, 0 refused" in made.stdout and "这是由AI合成的声音" in made.stdout
    campaign_id = made.stdout.split()[1].rstrip(":")
    tested = run(stack, "calls", "test", campaign_id, "13800138000")
    assert tested.returncode == 0 and "+8613800138000 (row 2's message): answered" in tested.stdout, tested.stdout
    assert rung(far) == ["+8613800138000"]
    started = run(stack, "calls", "start", campaign_id)
    assert started.returncode == 0 and "dialing job" in started.stdout, started.stdout + started.stderr
    stack.start_worker(queues="io")
    deadline = time.monotonic() + 120
    while "done" not in (status := run(stack, "calls", "status", campaign_id)).stdout.split(":")[1][:10]:
        assert time.monotonic() < deadline, status.stdout + stack.worker_output()
        time.sleep(1)
    assert "100% of 2 recipients settled" in status.stdout and "answered" in status.stdout
    assert sorted(rung(far)) == ["+8613800138000", "+8613900000100", "+8613900000101"]
