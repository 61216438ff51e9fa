"""`evercast demo` on a slow machine: progress with an estimate, a stall window instead of a deadline, and a
second run that resumes the first."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from evercast_testkit import REPO
from sqlalchemy import select, update

from core.models import Avatar, Job, Merchant
from workers.commands import demo
from workers.commands.waiting import Follower, Stalled
from workers.flows import StagePlan, demo_plan
from workers.jobs import JobView, Step, submit, submit_pipeline
from workers.runtime import Runtime


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _view(*steps: tuple[str, str, float, str]) -> JobView:
    made = datetime.now(timezone.utc)
    children = tuple(JobView(f"s{i}", kind, status, progress, stage, 0, None, None, None, made, None, None)
                     for i, (kind, status, progress, stage) in enumerate(steps))
    return JobView("p", "pipeline", "running", 0.0, "", 0, None, None, None, made, None, None, children)


def test_progress_lines_carry_the_current_step_and_its_estimate():
    clock = Clock()
    follower = Follower(stall_s=1800, clock=clock)
    follower.update(_view(("kb.import", "succeeded", 1.0, ""), ("avatar.create", "running", 0.0, "tracking")))
    clock.now = 120.0
    line = follower.update(_view(("kb.import", "succeeded", 1.0, ""), ("avatar.create", "running", 0.25, "training")))
    assert line.startswith("[2/2] avatar.create  25% training")
    assert "elapsed 2m00s" in line and "this step about 6m00s left" in line  # 25 % in 2 min: 6 more


def test_a_slow_stage_that_keeps_moving_never_stalls_and_a_stuck_one_is_named():
    clock = Clock()
    follower = Follower(stall_s=600, clock=clock)
    for minute in range(60):  # an hour, far past any fixed deadline, moving 1 % every minute
        clock.now = 60.0 * minute
        follower.update(_view(("avatar.create", "running", minute / 100, "training")))
    clock.now += 601
    with pytest.raises(Stalled, match=r"step 1/1 \(avatar.create\) has not moved for 601 s at 59% "
                                      r"\(running training\); it looks stuck"):
        follower.update(_view(("avatar.create", "running", 0.59, "training")))


@pytest.fixture
def rt(make_stack):
    runtime = Runtime.create(make_stack().settings)
    yield runtime
    runtime.close()


@pytest.fixture
def merchant(rt) -> str:
    with rt.session() as s:
        m = Merchant(slug="demo", name="Demo")
        s.add(m)
        s.flush()
        return m.id


def test_a_second_demo_resumes_the_first_pipeline_and_presenter(rt, merchant, tmp_path):
    kb = REPO / "assets" / "kb" / "sample_kb.json"
    with rt.session() as s:  # the first demo's presenter, interrupted while training
        s.add(Avatar(merchant_id=merchant, name=demo.DEMO_PRESENTER, status="training"))
    _, avatar_id = demo.prepare(rt, merchant, kb)
    with rt.session() as s:
        assert s.scalar(select(Avatar.id).where(Avatar.merchant_id == merchant)) == avatar_id
    assert not (rt.settings.tmp_dir / "demo-talk.mp4").exists()  # no new clip, no new avatar to train

    plan = [StagePlan("one", Step("platform.media_check", {"seconds": 1.0})),
            StagePlan("two", Step("avatar.create", {"avatar_id": avatar_id}))]
    first, how = demo.pipeline(rt, merchant, plan)
    assert how == "new"
    # the demo's live room then submits pipelines of its own, which are newer
    submit_pipeline(rt, [Step("platform.media_check", {})], merchant_id=merchant, name="room r1: playlist")
    with rt.session() as s:  # the first run got through step one and failed in step two
        s.execute(update(Job).where(Job.id == first).values(status="failed"))
        s.execute(update(Job).where(Job.parent_id == first, Job.position == 0).values(status="succeeded"))
        s.execute(update(Job).where(Job.parent_id == first, Job.position == 1).values(status="failed", error="x"))
    again, how = demo.pipeline(rt, merchant, plan)
    assert again == first and how.startswith("resuming")
    with rt.session() as s:
        states = list(s.scalars(select(Job.status).where(Job.parent_id == first).order_by(Job.position)))
    assert states == ["succeeded", "queued"]  # step one is not redone
    assert demo.pipeline(rt, merchant, plan) == (first, "continuing the earlier demo's pipeline (running)")
    with rt.session() as s:
        s.execute(update(Job).where(Job.parent_id == first).values(status="succeeded"))
        s.execute(update(Job).where(Job.id == first).values(status="succeeded"))
    assert demo.pipeline(rt, merchant, plan) == (first, "the earlier demo's pipeline finished: reusing its results")
    other = [plan[0], StagePlan("two", replace(plan[1].step, params={"avatar_id": "another"}))]
    assert demo.pipeline(rt, merchant, other)[0] != first


def test_following_a_job_that_does_not_move_fails_naming_its_stage(make_stack):
    stack = make_stack(extra_env={"EVERCAST_WORKER__WAIT_STALL_S": "2"})
    runtime = Runtime.create(stack.settings)
    job_id = submit(runtime, "platform.media_check", {"seconds": 1.0})  # no worker runs: it stays queued
    runtime.close()
    out = subprocess.run([sys.executable, "-m", "studio.cli", "jobs", "show", job_id, "--follow"],
                         env={**stack.env, "COLUMNS": "200"}, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "[1/1] platform.media_check   0% queued" in out.stdout
    assert "(platform.media_check) has not moved for 2 s" in out.stdout and "it looks stuck" in out.stdout


def test_the_demo_avatar_trains_no_mouth_warp():
    create = next(stage.step for stage in demo_plan("kb", "KIT-001", "a1") if stage.step.kind == "avatar.create")
    assert create.params == {"avatar_id": "a1", "train_steps": 300, "warp": False}
