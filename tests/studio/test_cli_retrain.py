"""`evercast learn dataset build|list`, `learn train`, `learn adapters`, `learn promote` and `learn rollback` as a
user runs them, on the tiny base model."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from evercast_testkit import REPO, save_tiny_lm, seed_section_outcomes

from script_gen.kb_import import import_kb
from script_gen.prompt import SYSTEM
from workers.commands.merchants import merchant_id
from workers.runtime import Runtime

SAMPLE = REPO / "assets" / "kb" / "sample_kb.json"
SKUS = ("KIT-001", "KIT-004", "DIG-002", "HOM-003", "BEA-002")
FAST = {"steps": 15, "lr": 1e-2, "batch_size": 2, "max_length": 320, "beta": 0.1,
        "target_modules": ["c_attn", "c_proj", "c_fc"]}


def run(stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "studio.cli", *args], env={**stack.env, "COLUMNS": "200"},
                          cwd=REPO, capture_output=True, text=True, timeout=600)


@pytest.mark.slow  # ten CLI processes (~3 min here); the API test runs the same path by default
def test_learn_dataset_train_promote_and_roll_back(make_stack, tmp_path):
    base = save_tiny_lm(tmp_path / "base",
                        [SAMPLE.read_text(), SYSTEM, "家人们看过来今天给大家好好讲讲喜欢的赶紧拍下面介绍一下这款商品名字叫"])
    stack = make_stack(extra_env={"EVERCAST_SCRIPT__HF_MODEL_PATH": str(base), "OMP_NUM_THREADS": "1",
                                  "EVERCAST_LEARN__RETRAIN__TRAIN": json.dumps(FAST)})
    assert run(stack, "kb", "import", str(SAMPLE)).returncode == 0
    out = run(stack, "learn", "dataset", "build")
    assert out.returncode == 1 and "import sessions first" in out.stdout
    rt = Runtime.create(stack.settings)
    try:
        records = import_kb(SAMPLE).kb
        seed_section_outcomes(rt, merchant_id(rt, "demo"), {code: [
            (f"家人们看过来，{records.get(code).title}今天给大家好好讲讲，喜欢的赶紧拍。", 60),
            (f"下面介绍一下这款商品，名字叫{records.get(code).title}。", 15)] for code in SKUS})
    finally:
        rt.close()

    out = run(stack, "learn", "dataset", "build")
    assert out.returncode == 0, out.stdout + out.stderr
    dataset_id = re.search(r"dataset v1 (\w{32}): .*dpo_train=4", out.stdout).group(1)
    assert "v1" in run(stack, "learn", "dataset", "list").stdout
    out = run(stack, "learn", "train", dataset_id, "--steps", "0")
    assert out.returncode == 1 and "steps" in out.stdout  # refused before anything runs
    out = run(stack, "learn", "train", dataset_id)
    assert out.returncode == 0, out.stdout + out.stderr
    adapter_id = re.search(r"adapter v1 (\w{32}): gate passed", out.stdout).group(1)
    listing = run(stack, "learn", "adapters").stdout
    assert adapter_id in listing and "candidate" in listing and "passed" in listing
    assert "promoted" in run(stack, "learn", "promote", adapter_id).stdout
    out = run(stack, "learn", "rollback")
    assert out.returncode == 0 and "serving the bare base model" in out.stdout
    out = run(stack, "learn", "rollback")
    assert out.returncode == 1 and "no adapter is promoted" in out.stdout
