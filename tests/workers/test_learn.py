"""The learning loop on real rows: a host session and a room's nights imported from files, credited,
and a room experiment that promotes the script that sells."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from core.errors import InputError
from core.models import Airing, Experiment, LearnSession, LiveRoom, MetricMinute, Script, Sku
from workers.commands import learn, scripts
from workers.commands.assets import store_file
from workers.runtime import Runtime

from learn_audience import air_night, export_csv

NIGHT = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)  # 20:00 in Beijing


@pytest.fixture
def shop(dairy):
    return dairy


def _asset(rt: Runtime, merchant_id: str, tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return store_file(rt, merchant_id, path, "learn", "text/plain", filename=name)


def _srt(lines: list[tuple[float, float, str]]) -> str:
    def stamp(t: float) -> str:
        return f"{int(t // 3600):02d}:{int(t % 3600 // 60):02d}:{int(t % 60):02d},{int(t * 1000 % 1000):03d}"
    return "\n\n".join(f"{i}\n{stamp(a)} --> {stamp(b)}\n{text}" for i, (a, b, text) in enumerate(lines, 1)) + "\n"


def _script(rt: Runtime, merchant_id: str, seed: int) -> str:
    script_id = scripts.generate(rt, merchant_id, "KIT-002", seconds=60, seed=seed)
    with rt.session() as s:
        s.get(Script, script_id).state = "approved"
    return script_id


def _sections(rt: Runtime, script_id: str) -> list[tuple[str, str]]:
    with rt.session() as s:
        content = s.get(Script, script_id).content["script"]
    return [(sec["section"], "".join(x["text"] for x in sec["sentences"])) for sec in content["sections"]]


def test_a_host_session_is_matched_to_the_script_and_credited(shop, tmp_path):
    rt, merchant_id = shop
    script_id = _script(rt, merchant_id, seed=1)
    sections = _sections(rt, script_id)
    # the host reads the hook and the selling points as written, then ad-libs a line of her own
    hook, selling = sections[0][1], next(t for sec, t in sections if sec == "selling_point")
    srt = _srt([(0, 20, hook), (20, 50, selling), (50, 60, "我自己家里也天天在用，真的很方便")])
    metrics = [(NIGHT + timedelta(minutes=m), 1000, 30, 5 if m in (1, 2) else 0, 99.0 * (5 if m in (1, 2) else 0))
               for m in range(5)]
    request = learn.ImportRequest(
        metrics_asset_id=_asset(rt, merchant_id, tmp_path, "night.csv", export_csv(metrics)),
        transcript_asset_id=_asset(rt, merchant_id, tmp_path, "night.srt", srt),
        sku_codes=("KIT-002",), started_at=NIGHT)
    job = learn.import_session(rt, merchant_id, request)
    again = learn.import_session(rt, merchant_id, request)  # a redelivered job: the same session, counted once
    assert again["session_id"] == job["session_id"] and again["already_imported"] and again["credited"] == 3
    assert job["platform"] == "douyin" and job["minutes"] == 5 and job["aired"] == job["airings"] == 3
    with rt.session() as s:
        assert s.scalar(select(func.count()).select_from(MetricMinute)) == 5
        airings = list(s.scalars(select(Airing).order_by(Airing.start_at)))
    assert [a.section for a in airings] == ["hook", "selling_point", "selling_point"]
    assert all(a.credited for a in airings)
    # every order of minutes 1-2 lies inside some window (the windows cover 30 s .. 180 s)
    assert sum(a.orders for a in airings) == pytest.approx(10, rel=1e-6)
    assert sum(a.exposure for a in airings) == pytest.approx(1000 * 150 / 60)  # viewer-minutes of 30..180 s
    stats = {v.text: v for v in learn.variant_stats(rt, merchant_id) if v.airings}
    assert set(stats) >= {hook, "我自己家里也天天在用，真的很方便"}
    ad_lib = stats["我自己家里也天天在用，真的很方便"]
    assert ad_lib.section == "selling_point" and ad_lib.sessions == (job["session_id"],)
    assert ad_lib.conversion.alpha == pytest.approx(1 + ad_lib.orders)
    perf = learn.performance(rt, merchant_id, "KIT-002")
    hook_row = next(x for x in perf["sections"] if x["section"] == "hook")["variants"][0]
    low, high = hook_row["order_interval"]
    assert low < hook_row["order_rate"] < high


def test_a_metrics_file_with_bad_rows_names_them_and_stores_nothing(shop, tmp_path):
    rt, merchant_id = shop
    bad = "时间,在线人数,成交订单数\n2026-12-05 20:00,100,1\n2026-12-05 20:01,many,1\n2026-12-05 20:02,100,-1\n"
    with pytest.raises(InputError) as err:
        learn.import_session(rt, merchant_id, learn.ImportRequest(
            metrics_asset_id=_asset(rt, merchant_id, tmp_path, "bad.csv", bad),
            transcript_asset_id=_asset(rt, merchant_id, tmp_path, "t.srt", _srt([(0, 5, "你好")]))))
    assert [(i["line"], i["column"]) for i in err.value.details["issues"]] == [(3, "在线人数"), (4, "成交订单数")]
    with rt.session() as s:
        assert s.scalar(select(func.count()).select_from(LearnSession)) == 0


def _room(rt: Runtime, merchant_id: str, script_ids: list[str]) -> str:
    with rt.session() as s:
        room = LiveRoom(merchant_id=merchant_id, name="night room",
                        config={"playlist": {"skus": {"KIT-002": script_ids}, "prompts": [], "prompt_every": 3}})
        s.add(room)
        s.flush()
        return room.id


def test_a_room_experiment_chooses_by_thompson_sampling_and_promotes_the_seller(shop, tmp_path):
    rt, merchant_id = shop
    weak, strong = _script(rt, merchant_id, seed=1), _script(rt, merchant_id, seed=2)
    room_id = _room(rt, merchant_id, [weak, strong])
    experiment_id = learn.start_experiment(rt, merchant_id, room_id, "KIT-002", actor="ops@dairy")
    with pytest.raises(InputError, match="already runs"):
        learn.start_experiment(rt, merchant_id, room_id, "KIT-002")
    rng = np.random.default_rng(5)
    rates = {weak: 0.002, strong: 0.006}

    def pick() -> str:
        with rt.session() as s:
            return learn.choose_script(s, rt, s.get(LiveRoom, room_id), "KIT-002", weak)

    for night in range(3):
        start = NIGHT + timedelta(days=night)
        export = air_night(rt.session, merchant_id, room_id, start, pick, rates, rng)
        result = learn.import_session(rt, merchant_id, learn.ImportRequest(
            metrics_asset_id=_asset(rt, merchant_id, tmp_path, f"room{night}.csv", export_csv(export)), room_id=room_id))
        assert result["credited"] > 0 and result["pending"] > 0  # the last airings' windows run past the export
        if result["promoted"]:
            break
    with rt.session() as s:
        exp = s.get(Experiment, experiment_id)
        assert exp.state == "promoted" and exp.winner_script_id == strong
        assert sum(exp.choices.values()) == (night + 1) * 90  # every airing was the experiment's choice
        assert exp.history[-1]["event"] == "promoted" and exp.history[-1]["p_best"] >= 0.95
    assert {pick() for _ in range(5)} == {strong}  # the winner airs alone
    learn.override(rt, merchant_id, experiment_id, "pin", weak, actor="ops@dairy")
    assert {pick() for _ in range(5)} == {weak}  # an operator's pin overrides the winner
    view = learn.experiment_for(rt, merchant_id, experiment_id)
    assert view["pinned_script_id"] == weak
    arms = {a["script_id"]: a for a in view["arms"]}
    assert arms[strong]["p_best"] > 0.95 and arms[strong]["order_rate"] > arms[weak]["order_rate"]
    learn.override(rt, merchant_id, experiment_id, "end")
    assert pick() == weak  # no experiment: the playlist's own rotation decides
    with pytest.raises(InputError, match="overlap"):
        learn.import_session(rt, merchant_id, learn.ImportRequest(
            metrics_asset_id=_asset(rt, merchant_id, tmp_path, "again.csv",
                                    export_csv(air_night(rt.session, merchant_id, room_id, NIGHT, pick, rates, rng, 5))),
            room_id=room_id))


def test_outcomes_teach_the_template_generator(shop, tmp_path):
    rt, merchant_id = shop
    assert learn.phrasing_weights(rt, merchant_id) == {}
    script_id = _script(rt, merchant_id, seed=3)
    room_id = _room(rt, merchant_id, [script_id])
    export = air_night(rt.session, merchant_id, room_id, NIGHT, lambda: script_id, {script_id: 0.004},
                        np.random.default_rng(1), minutes=20)
    learn.import_session(rt, merchant_id, learn.ImportRequest(
        metrics_asset_id=_asset(rt, merchant_id, tmp_path, "n.csv", export_csv(export)), room_id=room_id))
    weights = learn.phrasing_weights(rt, merchant_id)
    assert "hook" in weights and abs(sum(weights["hook"]) - 1) < 1e-9
    with rt.session() as s:
        assert s.scalar(select(func.count()).select_from(Sku)) > 0
    fresh = scripts.generate(rt, merchant_id, "KIT-002", seconds=60, seed=9)  # generation reads the weights
    with rt.session() as s:
        assert s.get(Script, fresh).findings == []
