"""The performance page in headless Chromium: a room's night imported through the page (upload, job
progress), its experiment promoted and overridden, every interval shown, a bad export's rows named;
and the same read-outs and overrides through the API, for the owner only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from core.models import LiveRoom, Script
from evercast_testkit import REPO, csp_violations, log_in, shot
from learn_audience import air_night, export_csv
from workers.commands import kb, learn, scripts
from workers.runtime import Runtime

NIGHT = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def _room_with_two_scripts(rt: Runtime, merchant_id: str) -> tuple[str, str, str]:
    kb.import_file(rt, merchant_id, REPO / "assets" / "kb" / "sample_kb.json")
    ids = [scripts.generate(rt, merchant_id, "KIT-002", seconds=60, seed=seed) for seed in (1, 2)]
    with rt.session() as s:
        for script_id in ids:
            s.get(Script, script_id).state = "approved"
        room = LiveRoom(merchant_id=merchant_id, name="夜间直播间",
                        config={"playlist": {"skus": {"KIT-002": ids}, "prompts": [], "prompt_every": 3}})
        s.add(room)
        s.flush()
        return room.id, ids[0], ids[1]


def test_performance_page_imports_a_night_and_overrides_the_experiment(api, browser, tmp_path):
    api.stack.start_worker()
    rt = Runtime.create(api.stack.settings)
    merchant_id = api.acme.merchant_id
    room_id, weak, strong = _room_with_two_scripts(rt, merchant_id)
    owner = api.as_(api.acme)
    started = owner.post(f"/rooms/{room_id}/experiments", json={"sku": "KIT-002"})
    assert started.status_code == 201, started.text
    experiment_id = started.json()["id"]
    assert api.as_(api.rival).get(f"/learn/experiments/{experiment_id}").status_code == 404
    neither = owner.post("/learn/imports", json={"metrics_asset_id": "0" * 32})
    assert neither.status_code == 422 and "transcript" in neither.text
    assert owner.post("/learn/imports", json={"metrics_asset_id": "0" * 32, "room_id": room_id}).status_code == 404

    def pick() -> str:
        with rt.session() as s:
            return learn.choose_script(s, rt, s.get(LiveRoom, room_id), "KIT-002", weak)

    export = air_night(rt.session, merchant_id, room_id, NIGHT, pick, {weak: 0.001, strong: 0.008},
                       np.random.default_rng(2), minutes=120)
    night = tmp_path / "douyin-night.csv"
    night.write_text(export_csv(export), encoding="utf-8")
    bad = tmp_path / "broken.csv"
    bad.write_text("时间,在线人数,成交订单数\n2026-12-06 20:00,100,1\n2026-12-06 20:01,很多,1\n", encoding="utf-8")

    base = str(api.client.base_url)
    page = browser.new_page(locale="zh-CN")
    refused = csp_violations(page)
    log_in(page, base, api.acme.email, api.acme.password)
    page.goto(f"{base}/ui/performance")
    page.wait_for_selector(f"section.experiment[data-id='{experiment_id}'][data-state=running]")
    page.wait_for_selector("#import-room option:nth-child(2)", state="attached")
    page.set_input_files("#metrics-file", str(night))
    page.select_option("#import-room", room_id)
    page.click("#import-go")
    page.wait_for_selector("#import-result .ok", timeout=300_000)  # the worker may still be starting
    assert "douyin" in page.inner_text("#import-result")
    page.wait_for_selector(f"section.experiment[data-state=promoted] tr.winner[data-script='{strong}']")
    p_best = float(page.inner_text(f"tr[data-script='{strong}'] .p-best"))
    assert p_best >= 0.95
    rates = page.inner_text("#sections tbody")
    assert "[" in rates and "hook" in page.inner_text("#sections")  # every rate with its interval
    assert page.locator("#sessions tr").count() == 1
    assert page.locator("#models[data-part=retraining]").count() == 1
    shot(page, "40-performance")

    page.click(f"tr[data-script='{weak}'] button:has-text('固定')")
    page.wait_for_selector(f"tr.pinned[data-script='{weak}']")
    view = owner.get(f"/learn/experiments/{experiment_id}").json()
    assert view["pinned_script_id"] == weak and view["history"][-1]["event"] == "pin"
    assert pick() == weak  # the room now airs the pinned variant

    host = tmp_path / "host.srt"
    host.write_text("1\n00:00:01,000 --> 00:00:03,000\n欢迎刚进直播间的朋友\n", encoding="utf-8")
    page.set_input_files("#metrics-file", str(bad))
    page.set_input_files("#transcript-file", str(host))
    page.select_option("#import-room", "")
    page.click("#import-go")
    page.wait_for_selector("#import-result table.issues tr", timeout=120_000)
    issue = page.inner_text("#import-result table.issues tr")
    assert "3" in issue and "在线人数" in issue and "not a number" in issue
    shot(page, "41-performance-refused")

    perf = owner.get("/learn/performance", params={"sku": "KIT-002"}).json()
    variants = [v for sec in perf["sections"] for v in sec["variants"] if v["airings"]]
    assert variants and all(v["order_interval"][0] <= v["order_rate"] <= v["order_interval"][1] for v in variants)
    assert api.as_(api.rival).get("/learn/performance").json()["sections"] == []
    assert refused == []
    rt.close()
