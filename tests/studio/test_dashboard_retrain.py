"""The performance page's datasets and adapters in headless Chromium: gate figures shown, an adapter promoted
and rolled back with one click each (training itself runs in tests/studio/test_retrain_api.py)."""

from __future__ import annotations

from evercast_testkit import csp_violations, log_in, shot

from core.models import Adapter, TrainingDataset, utcnow
from workers.commands.assets import store_file
from workers.runtime import Runtime


def _side(name: str, margin: float, flagged: int) -> dict:
    return {"adapter": name, "sentences": 6, "faithfulness_flagged": flagged, "compliance_flagged": 0,
            "margin": margin, "examples": []}


def _rows(rt: Runtime, merchant_id: str, tmp_path) -> tuple[str, str]:  # noqa: ANN001
    """Dataset v1; adapter v1 served, adapter v2 gated against it and passed."""
    manifest = tmp_path / "manifest.json"
    manifest.write_text("{}")
    with rt.session() as s:
        dataset = TrainingDataset(merchant_id=merchant_id, version=1, digest="1" * 64,
                                  manifest_asset_id=store_file(rt, merchant_id, manifest, "dataset"),
                                  counts={"sft_train": 3, "sft_heldout": 1, "dpo_train": 8, "dpo_heldout": 2,
                                          "kto_train": 16, "kto_heldout": 4, "excluded": 5},
                                  heldout_skus=["DIG-002", "FOO-001"], provenance={})
        s.add(dataset)
        s.flush()
        first = Adapter(merchant_id=merchant_id, version=1, dataset_id=dataset.id, method="dpo", status="promoted",
                        gate_passed=True, gated_against="", promoted_at=utcnow(),
                        gate={"reasons": [], "candidate_margin": 0.05, "current_margin": -0.01,
                              "candidate": _side("v1", 0.05, 2), "current": _side("base", -0.01, 3)})
        s.add(first)
        s.flush()
        second = Adapter(merchant_id=merchant_id, version=2, dataset_id=dataset.id, method="dpo", status="candidate",
                         gate_passed=True, gated_against=first.id,
                         gate={"reasons": [], "candidate_margin": 0.1351, "current_margin": 0.05,
                               "candidate": _side("v2", 0.1351, 1), "current": _side("v1", 0.05, 2)})
        s.add(second)
        s.flush()
        return first.id, second.id


def test_adapters_are_promoted_and_rolled_back_from_the_performance_page(api, browser, tmp_path):
    rt = Runtime.create(api.stack.settings)
    try:
        first, second = _rows(rt, api.acme.merchant_id, tmp_path)
    finally:
        rt.close()
    base = str(api.client.base_url)
    page = browser.new_page(locale="en-US")
    refused = csp_violations(page)
    log_in(page, base, api.acme.email, api.acme.password)
    page.goto(f"{base}/ui/performance?lang=en")
    page.wait_for_selector(f"#adapters tr[data-adapter='{second}'][data-status=candidate]")
    assert "8 + 2" in page.inner_text("#datasets") and "DIG-002, FOO-001" in page.inner_text("#datasets")
    row = page.inner_text(f"#adapters tr[data-adapter='{second}']")
    assert "passed" in row and "0.1351 / 0.0500" in row and "1/6 / 2/6" in row
    shot(page, "41-performance-adapters")

    page.click(f"#adapters tr[data-adapter='{second}'] button:has-text('Promote')")
    page.wait_for_selector(f"#adapters tr[data-adapter='{second}'][data-status=promoted]")
    page.wait_for_selector(f"#adapters tr[data-adapter='{first}'][data-status=retired]")
    page.click("#adapter-rollback")
    page.wait_for_selector(f"#adapters tr[data-adapter='{first}'][data-status=promoted]")
    page.wait_for_selector(f"#adapters tr[data-adapter='{second}'][data-status=rolled_back]")
    assert "v2 → serving: v1" in page.inner_text("#models-result")
    page.click("#adapter-rollback")
    page.wait_for_selector("#models-result .ok:has-text('serving: the base model')")
    page.click("#adapter-rollback")  # nothing promoted any more: the API's 409 is shown
    page.wait_for_selector("#models-result .error")
    assert refused == []
