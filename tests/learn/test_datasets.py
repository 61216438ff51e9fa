"""Datasets: only checked text becomes training data, pairs need P >= 0.95, held-out SKUs stay out of training."""

from __future__ import annotations

import json

from learn.datasets import DatasetOptions, build_dataset, completion, slotify
from learn.outcomes import prob_better



def test_a_high_converting_script_that_lies_or_breaks_advertising_law_never_becomes_training_data(
        kb, outcomes, at, skus, make_variant):
    lies = [
        # the best sellers of all, by far: a banned absolute, a price the KB does not have, a cure claim
        make_variant("KIT-001", "absolute", "这是全网最好的电饭煲，销量第一名，闭眼入。", 300, 2000),
        make_variant("KIT-002", "wrong-price", "焙可空气炸锅今天到手价99元，手慢无。", 300, 2000),
        make_variant("KIT-004", "invented", "这款水壶通过了欧盟CE认证和德国TÜV认证。", 300, 2000),
    ]
    built = build_dataset([*outcomes, *lies], kb, at)
    excluded = {e.variant_id: " ".join(e.reasons) for e in built.excluded}
    assert set(excluded) == {v.variant_id for v in lies}
    assert "banned_term" in excluded["KIT-001-absolute"] and "最好" in excluded["KIT-001-absolute"]
    assert "wrong_price" in excluded["KIT-002-wrong-price"]
    everything = b"".join(built.files().values()).decode()
    for v in lies:
        for line in v.text.split("\n"):
            assert line not in everything
    assert v.variant_id not in json.dumps(built.provenance)
    # the honest winners still made it
    assert built.counts["dpo_train"] + built.counts["dpo_heldout"] == len(skus)


def test_pairs_only_at_95_percent_and_for_the_same_prompt(kb, outcomes, at, skus, make_variant):
    close = [make_variant("KIT-001", "close-a", "家人们晚上好，这款禾厨智能IH电饭煲4L给大家看一下。", 58, 2000),
             make_variant("KIT-001", "close-b", "朋友们晚上好，禾厨智能IH电饭煲4L来了。", 50, 2000)]
    assert prob_better(close[0].conversion, close[1].conversion) < 0.95
    built = build_dataset([*outcomes, *close], kb, at)
    for row in built.dpo:
        a, b = row["meta"]["variants"]
        assert row["meta"]["p_better"] >= 0.95
        assert a.split("-")[:2] == b.split("-")[:2] == row["meta"]["sku_id"].split("-")  # same SKU
        assert "close-b" not in b or "close-a" not in a
        assert json.loads(row["chosen"][0]["content"])["sections"][0]["section"] == row["meta"]["section"]
    pairs = {tuple(r["meta"]["variants"]) for r in built.dpo}
    assert ("KIT-001-close-a", "KIT-001-close-b") not in pairs
    assert ("KIT-001-warm", "KIT-001-flat") in pairs
    assert ("KIT-001-close-a", "KIT-001-flat") in pairs  # 58 vs 15 in 2,000 is certain
    # the winner must beat every other variant of its prompt: with a close rival (58 vs 60), KIT-001 has none
    assert "KIT-001" not in {r["meta"]["sku_id"] for r in built.sft}
    # unpaired labels: the clear losers are undesirable, the clear winners desirable
    labels = {r["meta"]["variants"][0]: r["label"] for r in built.kto}
    assert labels["KIT-002-warm"] is True and labels["KIT-002-flat"] is False


def test_heldout_skus_are_stable_and_never_in_training_rows(kb, outcomes, at, skus, make_variant):
    first = build_dataset(outcomes, kb, at, options=DatasetOptions(heldout_fraction=0.2))
    again = build_dataset(list(reversed(outcomes)), kb, at, options=DatasetOptions(heldout_fraction=0.2))
    assert first.heldout_skus == again.heldout_skus and len(first.heldout_skus) == 2
    assert first.files() == again.files()  # same data, same bytes: a rebuild is the same content address
    for rows in (first.sft, first.dpo, first.kto):
        for row in rows:
            assert (row["meta"]["split"] == "heldout") == (row["meta"]["sku_id"] in first.heldout_skus)
    assert first.provenance["sessions"] == sorted(f"night-{s}" for s in skus)
    assert first.provenance["options"]["confidence"] == 0.95


def test_prices_become_slots_and_completions_are_the_backends_json(kb, outcomes, at, skus, make_variant):
    built = build_dataset(outcomes, kb, at)
    chosen = next(r for r in built.dpo if r["meta"]["sku_id"] == "KIT-001")["chosen"][0]["content"]
    assert "{到手价}" in chosen and "399" not in chosen
    assert chosen.startswith('{"sections": [{"section": "hook", "sentences": [{"text": "')
    assert slotify("到手价139元，原价1139元", {"到手价": "139元"}) == "到手价{到手价}，原价1139元"
    assert completion("offer", "一\n二").count('"text"') == 2
    messages = built.sft[0]["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant"]
    assert "- hook：" in messages[1]["content"] and "- selling_point：" not in messages[1]["content"]
