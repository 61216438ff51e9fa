"""Retraining on real rows: attributed variants -> a stored dataset version -> an adapter trained on the tiny
base model -> the gate -> promotion (the hf backend serves it) -> rollback."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from evercast_testkit import save_tiny_lm, seed_section_outcomes

from core.errors import InputError
from core.models import Adapter, Script
from learn.adapters import read_card
from script_gen.generate import GenerationRefused
from workers.commands import kb, retrain, scripts
from workers.runtime import Runtime

AT = datetime(2026, 12, 5, 20, 0)  # the sample's 双12 promotions are running (the KB's wall clock)
SKUS = ("KIT-001", "KIT-004", "DIG-002", "HOM-003", "BEA-002")
WINNER = "家人们看过来，{title}今天直播间到手价{price}，喜欢的赶紧拍。"
LOSER = "下面介绍一下这款商品，名字叫{title}。"
LIE = "这是全网最好的{title}，销量第一名。"
FAST = {"method": "dpo", "steps": 15, "lr": 1e-2, "batch_size": 2, "max_length": 320, "beta": 0.1,
        "target_modules": ["c_attn", "c_proj", "c_fc"]}


@pytest.fixture
def shop(dairy, one_thread):
    return dairy


def _aired(rt: Runtime, merchant_id: str) -> None:
    """For every SKU the warm hook sold four times as well as the flat one, and a hook that lies sold best."""
    records = kb.load_kb(rt, merchant_id)
    texts = {}
    for code in SKUS:
        sku = records.get(code)
        price = f"{min(p.price for p in sku.active_promotions(AT) if p.price):f}元"
        texts[code] = [(WINNER.format(title=sku.title, price=price), 60), (LOSER.format(title=sku.title), 15),
                       (LIE.format(title=sku.title), 120)]
    seed_section_outcomes(rt, merchant_id, texts)


def _writer(rt: Runtime, merchant_id: str) -> str:
    """The backend that wrote (or was refused writing) a script: the tiny model's drafts rarely pass the checks."""
    try:
        script_id = scripts.generate(rt, merchant_id, "KIT-001", style="short_video", seconds=15)
    except GenerationRefused as exc:
        return str(exc).split(" ")[0]
    with rt.session() as s:
        return s.get(Script, script_id).backend


def test_dataset_train_gate_promote_serve_and_roll_back(shop, tmp_path):
    rt, merchant_id = shop
    with pytest.raises(InputError, match="import sessions first"):
        retrain.build(rt, merchant_id, as_of=AT)
    _aired(rt, merchant_id)
    dataset = retrain.build(rt, merchant_id, as_of=AT)
    assert dataset["version"] == 1 and dataset["counts"]["dpo_train"] == 4 and dataset["counts"]["dpo_heldout"] == 1
    assert dataset["counts"]["excluded"] == len(SKUS)  # every lie, however well it sold
    assert retrain.build(rt, merchant_id, as_of=AT)["id"] == dataset["id"]  # same content, same version
    manifest = json.loads(rt.store.read_bytes(merchant_id, dataset["digest"], ".json"))
    assert all("banned_term" in " ".join(e["reasons"]) for e in manifest["excluded"])
    assert dataset["provenance"]["sessions"] and dataset["provenance"]["code_version"].startswith("0.")
    stored = b"".join(rt.store.read_bytes(merchant_id, manifest["files"][n], ".jsonl") for n in ("sft", "dpo", "kto"))
    assert "全网最好" not in stored.decode() and "{到手价}" in stored.decode()

    train_rows = retrain.dataset_rows(rt, merchant_id, dataset["id"], "dpo", "train")
    texts = [json.dumps(r, ensure_ascii=False) for r in train_rows + retrain.dataset_rows(
        rt, merchant_id, dataset["id"], "dpo", "heldout")]
    rt.settings.script.hf_model_path = str(save_tiny_lm(tmp_path / "base", texts + [
        r["prompt"][0]["content"] + r["prompt"][1]["content"] for r in train_rows]))

    trained = retrain.train(rt, merchant_id, dataset["id"], FAST, at=AT)
    adapter = next(a for a in retrain.list_adapters(rt, merchant_id) if a["id"] == trained["adapter_id"])
    gate = adapter["gate"]
    assert adapter["status"] == "candidate" and adapter["gate_passed"], gate["reasons"]
    assert gate["candidate_margin"] > gate["current_margin"] and gate["against"] == ""
    assert gate["candidate"]["sentences"] == gate["current"]["sentences"] > 0
    with rt.session() as s:
        path = s.get(Adapter, adapter["id"]).path
    assert read_card(path).gate["passed"] is True and read_card(path).dataset_id == dataset["id"]

    # a barely trained adapter does not write more like the winners than the promoted one: refused
    retrain.promote(rt, merchant_id, adapter["id"])
    weak = retrain.train(rt, merchant_id, dataset["id"], FAST | {"steps": 1, "lr": 1e-6}, at=AT)
    assert not weak["gate_passed"] and any("style not better" in r for r in weak["reasons"])
    with pytest.raises(InputError, match="did not pass the promotion gate"):
        retrain.promote(rt, merchant_id, weak["adapter_id"])

    # the hf backend now writes with the promoted adapter (the tiny model's drafts are refused, by name)
    rt.settings.script.backend = "hf"
    assert retrain.serving_adapter(rt, merchant_id) == path
    assert _writer(rt, merchant_id) == f"hf:base+{adapter['id']}"

    # one click back: the bare base model serves again; the rolled-back adapter keeps its files
    rolled = retrain.rollback(rt, merchant_id)
    assert rolled["rolled_back"]["id"] == adapter["id"] and rolled["serving"] is None
    assert retrain.serving_adapter(rt, merchant_id) is None and Path(path, "adapter_model.safetensors").is_file()
    assert _writer(rt, merchant_id) == "hf:base"
    with pytest.raises(InputError, match="no adapter is promoted"):
        retrain.rollback(rt, merchant_id)
