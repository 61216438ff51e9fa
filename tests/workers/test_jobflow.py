"""The job system end to end, against real worker processes, on the embedded broker and on Redis."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.models import Asset, Job, Merchant
from workers import jobs
from workers.runtime import Runtime


@pytest.fixture(params=["embedded", "redis"])
def stack(request: pytest.FixtureRequest, make_stack):
    """On Redis, each test gets a server of its own: nothing another test left queued can reach it."""
    broker = request.getfixturevalue("private_redis").url if request.param == "redis" else ""
    return make_stack(broker_url=broker)


@pytest.fixture
def rt(stack):
    runtime = Runtime.create(stack.settings)
    yield runtime
    runtime.close()


@pytest.fixture
def merchant(rt) -> str:
    with rt.session() as s:
        m = Merchant(slug="acme", name="Acme")
        s.add(m)
        s.flush()
        return m.id


def wait_for(rt: Runtime, job_id: str, until: tuple[str, ...], stack, timeout: float = 45.0) -> jobs.JobView:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        view = jobs.get(rt, job_id)
        if view and view.status in until:
            return view
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} is {jobs.get(rt, job_id)}, not {until}\n{stack.worker_output()}")


def events(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def step(log: Path, name: str, **params) -> jobs.Step:
    return jobs.Step("test.step", {"log": str(log), "name": name, **params})


def test_pipeline_runs_in_order_passes_results_and_reports_progress(stack, rt, merchant, tmp_path):
    log = tmp_path / "events.log"
    stack.start_worker()
    # progress is written at most every 0.5 s: 2.5 s of work leaves several intermediate values even when
    # a loaded machine delays the worker's writes or this poller
    pid = jobs.submit_pipeline(rt, [step(log, "a", seconds=2.5), step(log, "b"), step(log, "c")], merchant_id=merchant)
    seen_progress = set()
    deadline = time.monotonic() + 45
    while (view := jobs.get(rt, pid)).status != "succeeded" and time.monotonic() < deadline:
        assert view.status in ("queued", "running"), (view, stack.worker_output())
        if 0 < view.progress < 1:
            seen_progress.add(round(view.progress, 2))
            assert view.stage.startswith("test.step")
        time.sleep(0.05)
    assert view.status == "succeeded", stack.worker_output()
    assert len(seen_progress) >= 2, "intermediate progress was never reported"
    assert [e.split()[:2] for e in events(log)] == [
        ["start", "a"], ["done", "a"], ["start", "b"], ["done", "b"], ["start", "c"], ["done", "c"]]
    assert [s.result["upstream"] for s in view.steps] == [[], ["test.step"], ["test.step"]]
    assert view.progress == 1.0 and view.result["name"] == "c"
    with rt.session() as s:  # each step's output stored once, under the merchant, and readable
        assets = list(s.scalars(select(Asset).where(Asset.merchant_id == merchant)))
    assert len(assets) == 3
    for asset in assets:
        assert b'"name"' in rt.store.read_bytes(merchant, asset.sha256, ".json")


def test_transient_failures_are_retried_with_backoff(stack, rt, merchant, tmp_path):
    log = tmp_path / "events.log"
    stack.start_worker()
    job_id = jobs.submit(rt, "test.step", step(log, "flaky", fail_times=2).params, merchant_id=merchant)
    view = wait_for(rt, job_id, ("succeeded", "failed"), stack)
    assert view.status == "succeeded", view
    assert view.attempts == 3
    assert [e for e in events(log) if e.startswith("start")] == [
        "start flaky attempt=1", "start flaky attempt=2", "start flaky attempt=3"]


def test_bad_input_fails_at_once_without_retry(stack, rt, merchant, tmp_path):
    log, flag = tmp_path / "events.log", tmp_path / "broken"
    flag.touch()
    stack.start_worker()
    job_id = jobs.submit(rt, "test.step", step(log, "x", fail_flag=str(flag)).params, merchant_id=merchant)
    view = wait_for(rt, job_id, ("failed",), stack)
    assert view.error_code == "bad_input" and "refused while broken exists" in view.error
    assert view.attempts == 1


def test_cancel_stops_a_running_pipeline(stack, rt, merchant, tmp_path):
    log = tmp_path / "events.log"
    stack.start_worker()
    pid = jobs.submit_pipeline(rt, [step(log, "long", seconds=30), step(log, "never")], merchant_id=merchant)
    deadline = time.monotonic() + 30
    while (jobs.get(rt, pid).steps[0].progress <= 0.0) and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    jobs.cancel(rt, pid)
    view = wait_for(rt, pid, ("cancelled",), stack, timeout=10)
    assert time.monotonic() - started < 5
    assert [s.status for s in view.steps] == ["cancelled", "cancelled"]
    time.sleep(1.0)
    assert [e.split()[:2] for e in events(log)] == [["start", "long"]], "cancelled work went on or the next step ran"


def test_failed_pipeline_resumes_from_its_last_finished_step(stack, rt, merchant, tmp_path):
    log, flag = tmp_path / "events.log", tmp_path / "hold"
    flag.touch()
    stack.start_worker()
    pid = jobs.submit_pipeline(rt, [step(log, "one"), step(log, "two", fail_flag=str(flag)), step(log, "three")],
                               merchant_id=merchant)
    view = wait_for(rt, pid, ("failed",), stack)
    assert [s.status for s in view.steps] == ["succeeded", "failed", "pending"]
    flag.unlink()
    jobs.resume(rt, pid)
    view = wait_for(rt, pid, ("succeeded",), stack)
    starts = [e.split()[1] for e in events(log) if e.startswith("start")]
    assert starts == ["one", "two", "two", "three"], "the finished step ran again"


def test_killed_worker_job_is_redelivered_and_finished_once(stack, rt, merchant, tmp_path):
    log = tmp_path / "events.log"
    first = stack.start_worker()
    pid = jobs.submit_pipeline(rt, [step(log, "victim", seconds=6), step(log, "after")], merchant_id=merchant)
    deadline = time.monotonic() + 30
    while jobs.get(rt, pid).steps[0].progress < 0.1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert jobs.get(rt, pid).steps[0].status == "running", stack.worker_output()
    stack.start_worker()
    stack.kill(first)
    view = wait_for(rt, pid, ("succeeded",), stack, timeout=60)
    lines = events(log)
    assert [e for e in lines if e.startswith("start victim")] == ["start victim attempt=1", "start victim attempt=2"]
    assert sum(e.startswith("done victim") for e in lines) == 1
    assert sum(e.startswith("done after") for e in lines) == 1, "the next step ran twice"
    assert view.steps[0].attempts == 2
    with rt.session() as s:
        assert s.scalar(select(func.count()).select_from(Asset)) == 2
        assert s.scalar(select(func.count()).select_from(Job).where(Job.status != "succeeded")) == 0


def test_jobs_survive_a_broker_restart_that_lost_every_message(make_stack, private_redis, tmp_path):
    """Redis here keeps nothing on disk: the job rows alone bring the work back."""
    stack = make_stack(broker_url=private_redis.url, requeue_queued_after_s=2)
    runtime = Runtime.create(stack.settings)
    try:
        with runtime.session() as s:
            s.add(m := Merchant(slug="acme", name="Acme"))
            s.flush()
            merchant_id = m.id
        log = tmp_path / "events.log"
        job_id = jobs.submit(runtime, "test.step", step(log, "survivor").params, merchant_id=merchant_id)
        private_redis.stop()  # the queued message dies with the server
        private_redis.start()
        stack.start_worker()
        view = wait_for(runtime, job_id, ("succeeded", "failed"), stack, timeout=30)
    finally:
        runtime.close()
    assert view.status == "succeeded", view
    assert events(log) == ["start survivor attempt=1", "done survivor attempt=1"]


def test_a_job_past_its_time_limit_stops_with_a_clear_message(make_stack, tmp_path):
    """The limit grows with the input the task measured: 1 s + 0.5 s per unit, 2 units -> 2 s."""
    stack = make_stack(limits={"test.step": {"base_s": 1, "per_unit_s": 0.5, "unit": "ticks"}})
    rt = Runtime.create(stack.settings)
    log = tmp_path / "events.log"
    try:
        stack.start_worker()
        job_id = jobs.submit(rt, "test.step", step(log, "slow", seconds=60, units=2).params)
        view = wait_for(rt, job_id, ("succeeded", "failed"), stack, timeout=45)
    finally:
        rt.close()
    assert (view.status, view.error_code, view.attempts) == ("failed", "timeout", 1), view
    assert "test.step may take 2 s for 2 ticks" in view.error and "too big to finish" in view.error
    assert events(log) == ["start slow attempt=1"]


@pytest.mark.parametrize("pool,ending", [("prefork", "its worker process was killed"),
                                         ("threads", "its thread was abandoned")])
def test_a_job_stuck_where_it_never_reports_is_ended_and_the_worker_goes_on(make_stack, tmp_path, pool, ending):
    """A prefork child is killed (the pool replaces it); a thread cannot be, so its job is recorded and let go."""
    stack = make_stack(limits={"test.step": {"base_s": 1}}, kill_grace_s=1)
    rt = Runtime.create(stack.settings)
    log = tmp_path / "events.log"
    try:
        stack.start_worker(pool=pool, concurrency=1 if pool == "prefork" else 2)
        job_id = jobs.submit(rt, "test.step", step(log, "stuck", block=300).params)
        started = time.monotonic()
        view = wait_for(rt, job_id, ("succeeded", "failed"), stack, timeout=45)
        took = time.monotonic() - started
        with rt.session() as s:
            s.add(m := Merchant(slug="acme", name="Acme"))
            s.flush()
            merchant_id = m.id
        after = wait_for(rt, jobs.submit(rt, "test.step", step(log, "next").params, merchant_id=merchant_id),
                         ("succeeded", "failed"), stack)
    finally:
        rt.close()
    assert (view.status, view.error_code) == ("failed", "timeout"), view
    assert ending in view.error
    assert took < 40, "the blocked attempt was not ended by the watchdog"
    assert after.status == "succeeded", (after, stack.worker_output())
    assert events(log) == ["start stuck attempt=1", "start next attempt=1", "done next attempt=1"]


def test_a_job_whose_progress_stalls_is_stopped_and_retried(make_stack, tmp_path):
    """Its heartbeat goes on (the process is alive) but it reports the same progress for longer than the window."""
    stack = make_stack(stall_after_s=1)
    rt = Runtime.create(stack.settings)
    log = tmp_path / "events.log"
    try:
        with rt.session() as s:
            s.add(m := Merchant(slug="acme", name="Acme"))
            s.flush()
            merchant_id = m.id
        stack.start_worker()
        job_id = jobs.submit(rt, "test.step", step(log, "stuck", stall=300, stall_attempts=1).params,
                             merchant_id=merchant_id)
        view = wait_for(rt, job_id, ("succeeded", "failed"), stack, timeout=45)
    finally:
        rt.close()
    assert (view.status, view.attempts) == ("succeeded", 2), view
    assert events(log) == ["start stuck attempt=1", "start stuck attempt=2", "done stuck attempt=2"]
    assert "stalled: no progress for" in stack.worker_output()
