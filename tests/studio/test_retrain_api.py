"""Retraining through the API and a worker: a dataset job, a training job on the gpu queue with its gate,
promotion and one-click rollback; bad parameters and other merchants' rows are refused."""

from __future__ import annotations

import json

import pytest
from evercast_testkit import REPO, save_tiny_lm, seed_section_outcomes

from script_gen.kb_import import import_kb as read_kb
from script_gen.prompt import SYSTEM
from workers.commands import kb
from workers.runtime import Runtime

SKUS = ("KIT-001", "KIT-004", "DIG-002", "HOM-003", "BEA-002")
FAST = {"method": "dpo", "steps": 15, "lr": 1e-2, "batch_size": 2, "max_length": 320, "beta": 0.1,
        "target_modules": ["c_attn", "c_proj", "c_fc"]}
SAMPLE = REPO / "assets" / "kb" / "sample_kb.json"


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    return save_tiny_lm(tmp_path_factory.mktemp("retrain") / "base",
                        [SAMPLE.read_text(), SYSTEM, "家人们看过来今天给大家好好讲讲喜欢的赶紧拍下面介绍一下这款商品名字叫"])


@pytest.fixture
def api_env(tiny_base):
    return {"EVERCAST_SCRIPT__HF_MODEL_PATH": str(tiny_base), "EVERCAST_LEARN__RETRAIN__TRAIN": json.dumps(FAST),
            "OMP_NUM_THREADS": "1"}


def test_build_train_gate_promote_and_roll_back_over_the_api(api, wait):
    acme, rival = api.as_(api.acme), api.as_(api.rival)
    rt = Runtime.create(api.stack.settings)
    try:
        kb.import_file(rt, api.acme.merchant_id, SAMPLE)
        records = read_kb(SAMPLE).kb
        seed_section_outcomes(rt, api.acme.merchant_id, {code: [
            (f"家人们看过来，{records.get(code).title}今天给大家好好讲讲，喜欢的赶紧拍。", 60),
            (f"下面介绍一下这款商品，名字叫{records.get(code).title}。", 15)] for code in SKUS})
    finally:
        rt.close()
    assert acme.get("/learn/datasets").json() == [] and acme.get("/learn/adapters").json() == []
    assert acme.post("/learn/adapters/rollback").status_code == 409
    api.stack.start_worker()

    built = wait(acme, acme.post("/learn/datasets", json={"heldout_fraction": 0.2}).json()["id"], timeout=120)
    assert built["status"] == "succeeded", built
    dataset = acme.get(f"/learn/datasets/{built['result']['dataset_id']}").json()
    assert dataset["counts"]["dpo_train"] == 4 and len(dataset["heldout_skus"]) == 1
    assert rival.get(f"/learn/datasets/{dataset['id']}").status_code == 404
    assert rival.post("/learn/train", json={"dataset_id": dataset["id"]}).status_code == 404
    bad = acme.post("/learn/train", json={"dataset_id": dataset["id"], "train": {"steps": 0}})
    assert bad.status_code == 422 and "steps" in bad.text

    job = acme.post("/learn/train", json={"dataset_id": dataset["id"]})
    assert job.status_code == 202 and job.json()["kind"] == "learn.train"
    trained = wait(acme, job.json()["id"], timeout=300)
    assert trained["status"] == "succeeded", (trained, api.stack.worker_output())
    adapter = next(a for a in acme.get("/learn/adapters").json() if a["id"] == trained["result"]["adapter_id"])
    assert adapter["status"] == "candidate" and adapter["train"]["steps"] == 15 and adapter["gate"]["pairs"] == 1
    assert adapter["gate_passed"] is True, adapter["gate"]["reasons"]

    assert rival.post(f"/learn/adapters/{adapter['id']}/promote").status_code == 404
    promoted = acme.post(f"/learn/adapters/{adapter['id']}/promote")
    assert promoted.status_code == 200 and promoted.json()["status"] == "promoted"
    assert acme.post(f"/learn/adapters/{adapter['id']}/promote").status_code == 409  # already served
    assert rival.post("/learn/adapters/rollback").status_code == 409  # the rival has nothing promoted
    rolled = acme.post("/learn/adapters/rollback").json()
    assert rolled["rolled_back"]["id"] == adapter["id"] and rolled["serving"] is None
    audit = [e["action"] for e in acme.get("/audit").json()]
    assert {"learn.dataset", "learn.train", "learn.promote", "learn.rollback"} <= set(audit)
