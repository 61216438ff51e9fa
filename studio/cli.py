"""The `evercast` command line."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
)
from rich.table import Table

from core.drain import die_with_parent
from core.settings import Settings, get_settings
from workers import submit

app = typer.Typer(help="Evercast: digital humans that sell, from one short video.", no_args_is_help=True)
jobs_app = typer.Typer(help="Inspect and control jobs.", no_args_is_help=True)
merchant_app = typer.Typer(help="Merchants and their accounts.", no_args_is_help=True)
kb_app = typer.Typer(help="The SKU knowledge base.", no_args_is_help=True)
script_app = typer.Typer(help="Sales scripts: generate and check.", no_args_is_help=True)
avatar_app = typer.Typer(help="Avatars: a lip-sync model of one person from their video.", no_args_is_help=True)
voice_app = typer.Typer(help="Cloned voices.", no_args_is_help=True)
live_app = typer.Typer(help="Live rooms: start, stop, status (each room runs in its own process).", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
cache_app = typer.Typer(help="Render caches beside the avatars.", no_args_is_help=True)
learn_app = typer.Typer(help="The learning loop: measured broadcasts in, what sold out, retraining datasets and the "
                             "hf backend's adapters.", no_args_is_help=True)
dataset_app = typer.Typer(help="Retraining datasets (SFT, DPO and KTO JSONL from what sold).", no_args_is_help=True)
learn_app.add_typer(dataset_app, name="dataset")

calls_app = typer.Typer(help="Outbound call campaigns: import recipients, start, status.", no_args_is_help=True)
app.add_typer(jobs_app, name="jobs")
app.add_typer(db_app, name="db")
app.add_typer(cache_app, name="cache")
app.add_typer(merchant_app, name="merchant")
app.add_typer(kb_app, name="kb")
app.add_typer(script_app, name="script")
app.add_typer(avatar_app, name="avatar")
app.add_typer(voice_app, name="voice")
app.add_typer(live_app, name="live")
app.add_typer(learn_app, name="learn")
app.add_typer(calls_app, name="calls")
MerchantOpt = typer.Option("demo", "--merchant", "-m", help="Merchant slug ('demo' is created on first use).")
console = Console()


def _runtime(*, migrate: bool = True) -> submit.Runtime:
    return submit.Runtime.create(get_settings(), migrate=migrate)


@contextlib.contextmanager
def embedded_worker(settings: Settings, queues: str = "cpu,gpu,io") -> Iterator[subprocess.Popen[bytes]]:
    """A worker subprocess for the lifetime of the block (what `serve` and `demo` run beside themselves)."""
    log = (settings.data_dir / "worker.log").open("ab")
    proc = subprocess.Popen([sys.executable, "-m", "studio.cli", "worker", "--queues", queues],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            preexec_fn=die_with_parent(signal.SIGTERM))  # the parent SIGKILLed or OOM
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGTERM)  # warm shutdown: the worker stops its own children
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def watch(rt: submit.Runtime, job_id: str, *, stall_s: float | None = None) -> submit.JobView:
    """Print progress lines with an estimate until the job ends; returns its final view. Gives up, naming
    the stage, only when the job has not moved for ``stall_s`` (default: EVERCAST_WORKER__WAIT_STALL_S)."""
    from workers.commands.waiting import Stalled, follow

    def view() -> submit.JobView:
        found = submit.get(rt, job_id)
        if found is None:
            raise typer.Exit(f"job {job_id} not found")
        return found

    try:
        return follow(view, lambda line: console.print(line, highlight=False, soft_wrap=True),
                      stall_s=stall_s or rt.settings.worker.wait_stall_s)
    except Stalled as exc:
        console.print(f"[red]job {job_id}: {escape(str(exc))}[/]")
        raise typer.Exit(1) from exc


@app.command()
def serve(host: str = typer.Option(None, help="Bind address (default from settings)."),
          port: int = typer.Option(None, help="Port (default from settings)."),
          worker: bool = typer.Option(True, help="Also run an embedded worker."),
          workers: int = typer.Option(None, help="API processes (default from settings).")) -> None:
    """Run the API (and, by default, a worker beside it)."""
    import uvicorn

    settings = get_settings()
    settings.ensure_dirs()
    with embedded_worker(settings) if worker else contextlib.nullcontext():
        uvicorn.run("studio.app:app_from_environment", factory=True, host=host or settings.api.host,
                    port=port or settings.api.port, workers=workers or settings.api.workers,
                    log_level="warning", access_log=False)


@app.command("worker")
def worker_cmd(queues: str = typer.Option("cpu,gpu,io", help="Comma-separated queues to consume."),
               concurrency: int = typer.Option(None, help="Processes (default from settings)."),
               pool: str = typer.Option(None, help="Celery pool: prefork, threads or solo (default: threads for "
                                                   "`live` alone, else prefork).")) -> None:
    """Run a worker that consumes the given queues (GPU machines take `gpu`; hosts that air rooms take `live`)."""
    submit.run_worker(get_settings(), [q.strip() for q in queues.split(",") if q.strip()],
               concurrency=concurrency, pool=pool)


@app.command()
def doctor() -> None:
    """Show what is installed and reachable, and what each optional backend still needs."""
    from studio.checks import doctor as run_checks

    rt = _runtime()
    table = Table("check", "ok", "detail")
    failed = False
    for check in run_checks(rt):
        mark = "[green]yes" if check.ok else ("[red]NO" if check.required else "[yellow]no")
        failed |= check.required and not check.ok
        table.add_row(check.name, mark, check.detail)
    console.print(table)
    rt.close()
    if failed:
        raise typer.Exit(1)


SAMPLE_KB = Path(__file__).resolve().parents[1] / "assets" / "kb" / "sample_kb.json"


@app.command()
def demo(stall: float = typer.Option(None, help="Give up when a stage has not moved for this many seconds "
                                                "(default: EVERCAST_WORKER__WAIT_STALL_S)."),
         kb: Path = typer.Option(SAMPLE_KB, exists=True, dir_okay=False, help="Knowledge base to sell from."),
         sku: str = typer.Option("KIT-001", help="The SKU the demo sells.")) -> None:
    """Run the pipeline on embedded defaults as far as the stages exist, and say which do not yet. A second
    run resumes the first: the same clip, avatar and pipeline job, from its first unfinished step."""
    from workers.commands import demo as demo_data

    settings = get_settings()
    rt = submit.Runtime.create(settings)
    stall_s = stall or settings.worker.wait_stall_s
    merchant_id = _merchant_id(rt)
    with _bar("preparing the sample knowledge base and a talking test clip") as progress:
        kb_asset_id, avatar_id = demo_data.prepare(rt, merchant_id, kb, progress)
    plan = submit.demo_plan(kb_asset_id, sku, avatar_id)
    console.print(f"[bold]Evercast demo[/] (data in {settings.data_dir}, broker {settings.broker_url.split(':')[0]})")
    table = Table("stage", "status", "detail")
    with embedded_worker(settings):
        job_id, how = demo_data.pipeline(rt, merchant_id, plan)
        console.print(f"demo pipeline {job_id}: {how}")
        view = watch(rt, job_id, stall_s=stall_s)
        for stage, step in zip(plan, view.steps):
            detail = step.error or ", ".join(f"{k}={v}" for k, v in (step.result or {}).items())
            table.add_row(stage.name, "[green]done" if step.status == "succeeded" else f"[red]{step.status}", detail)
        live_stage = "live room: approved script -> the room's render jobs -> RTMP relay, read back"
        ok = view.status == "succeeded"
        if ok:
            script_id = next(step.result["script_id"] for step in view.steps if step.kind == "script.generate")
            try:
                with _bar("live room") as progress:
                    live = demo_data.go_live(rt, merchant_id, avatar_id, script_id, sku, stall_s=stall_s,
                                             progress=progress)
                table.add_row(live_stage, "[green]done", ", ".join(f"{k}={v}" for k, v in live.items()))
            except Exception as exc:  # noqa: BLE001 - reported in the table like any failed stage
                table.add_row(live_stage, "[red]failed", str(exc))
                ok = False
    console.print(table)
    rt.close()
    if not ok:
        raise typer.Exit(1)


def _merchant_id(rt: submit.Runtime, slug: str = "demo") -> str:
    from core.errors import InputError
    from workers.commands.merchants import merchant_id

    try:
        return merchant_id(rt, slug)
    except InputError as exc:
        raise typer.BadParameter(str(exc)) from exc


@contextlib.contextmanager
def _bar(description: str) -> Iterator[Callable[[float, str], None]]:
    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TextColumn("{task.fields[stage]}", style="dim"), console=console, transient=True) as bars:
        task = bars.add_task(description, total=1.0, stage="")
        yield lambda fraction, stage: bars.update(task, completed=fraction, stage=stage[:60])


def _fail(exc: Exception) -> typer.Exit:
    console.print(f"[red]error:[/] {escape(str(exc))}")
    for issue in getattr(exc, "issues", [])[:50]:
        console.print(f"  - {escape(str(issue))}")
    return typer.Exit(1)


@kb_app.command("import")
def kb_import(file: Path = typer.Argument(..., exists=True, dir_okay=False), merchant: str = MerchantOpt) -> None:
    """Import SKUs from .csv, .json or .xlsx in this process, with a progress bar (validated whole within the
    EVERCAST_SCRIPT__KB__* caps; an invalid file changes nothing)."""
    from core.errors import InputError
    from workers.commands import kb

    rt = _runtime()
    try:
        with _bar(f"importing {file.name}") as progress:
            outcome = kb.import_file(rt, _merchant_id(rt, merchant), file, progress=progress)
    except InputError as exc:
        raise _fail(exc) from exc
    console.print(f"added {len(outcome.added)}, updated {len(outcome.updated)}, unchanged {len(outcome.unchanged)}")
    for warning in outcome.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}")


@learn_app.command("import")
def learn_import(metrics: Path = typer.Argument(..., exists=True, dir_okay=False, help="Per-minute metrics CSV."),
                 transcript: Path = typer.Option(None, exists=True, dir_okay=False, help="A host's .srt or .json."),
                 room: str = typer.Option(None, help="Or the id of the room the metrics measured."),
                 sku: list[str] = typer.Option([], help="SKU codes the host sold (repeat; default all)."),
                 day: str = typer.Option(None, help="Date (YYYY-MM-DD) of clock-only times in the export."),
                 started_at: str = typer.Option(None, help="ISO time of the transcript's zero (default: first minute)."),
                 merchant: str = MerchantOpt) -> None:
    """Import a measured broadcast in this process, with a progress bar: credit what aired and review the
    room experiments (columns and rules in learn/README.md; a file with bad rows stores nothing)."""
    from datetime import date, datetime

    from core.errors import InputError
    from workers.commands import learn
    from workers.commands.assets import store_file

    rt = _runtime()
    merchant_id = _merchant_id(rt, merchant)
    try:
        request = learn.ImportRequest(
            metrics_asset_id=store_file(rt, merchant_id, metrics, "outcome", "text/csv"),
            transcript_asset_id=store_file(rt, merchant_id, transcript, "outcome") if transcript else None,
            room_id=room, sku_codes=tuple(sku), name=metrics.name,
            day=date.fromisoformat(day) if day else None,
            started_at=datetime.fromisoformat(started_at) if started_at else None)
        with _bar(f"importing {metrics.name}") as progress:
            result = learn.import_session(rt, merchant_id, request, progress=progress)
    except (InputError, ValueError) as exc:
        raise _fail(exc) from exc
    console.print(f"{result['platform']}: {result['minutes']} minutes, {result['aired']} aired, "
                  f"{result['credited']} of {result['airings']} airings credited; "
                  f"promoted: {', '.join(result['promoted']) or 'none'}")


@learn_app.command("performance")
def learn_performance(sku: str = typer.Option(None, help="One SKU code (default all)."),
                      merchant: str = MerchantOpt) -> None:
    """Sections and variants with attributed order rates (per 1000 viewer-minutes) and their intervals."""
    from core.errors import InputError
    from workers.commands import learn

    rt = _runtime()
    try:
        perf = learn.performance(rt, _merchant_id(rt, merchant), sku)
    except InputError as exc:
        raise _fail(exc) from exc
    table = Table("sku", "section", "variant", "airings", "viewer-min", "orders", "order rate [interval]")
    for sec in perf["sections"]:
        for v in sec["variants"]:
            low, high = v["order_interval"]
            table.add_row(sec["sku"], sec["section"], escape(v["text"][:40]), str(v["airings"]), f"{v['exposure']:.0f}",
                          f"{v['orders']:.1f}", f"{v['order_rate']:.2f} [{low:.2f}, {high:.2f}]")
    console.print(table)
    for e in perf["experiments"]:
        arms = ", ".join(f"{a['script_id'][:8]} P(best)={a['p_best']:.3f}" for a in e["arms"])
        console.print(f"experiment {e['id']} ({e['sku']}, {e['state']}): {arms}")


@script_app.command("generate")
def script_generate(sku: str, style: str = typer.Option("live", help="live, short_video or outbound_call."),
                    minutes: float = typer.Option(2.0, help="Target length."),
                    backend: str = typer.Option(None, help="template, openai or hf (default from settings)."),
                    seed: int = typer.Option(0), merchant: str = MerchantOpt) -> None:
    """Write a verified script for SKU and store it as a draft."""
    from core.errors import EvercastError
    from workers.commands import scripts

    rt = _runtime()
    try:
        with _bar(f"script for {sku}") as progress:
            script_id = scripts.generate(rt, _merchant_id(rt, merchant), sku, style=style, seconds=int(minutes * 60),
                                         backend=backend, seed=seed, author="cli", progress=progress)
    except EvercastError as exc:
        raise _fail(exc) from exc
    from core.models import Script

    with rt.session() as s:
        row = s.get(Script, script_id)
        for section in row.content["script"]["sections"]:
            for sentence in section["sentences"]:
                console.print(f"[dim]{section['section']:<13} {sentence['emotion']:<9}[/] {escape(sentence['text'])}")
    console.print(f"draft script {script_id} ({row.backend})")


def _check_time(value: str) -> datetime:
    """``--at`` as ISO 8601; without an offset it is the merchant's wall clock (what KB offer times are)."""
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not an ISO 8601 date-time such as 2026-12-01T12:00 "
                                 "or 2026-12-01T12:00+08:00") from exc


@script_app.command("check")
def script_check(file: Path = typer.Argument(..., exists=True, dir_okay=False),
                 sku: str = typer.Option(..., help="The SKU the script talks about."),
                 at: datetime | None = typer.Option(None, parser=_check_time, help=(
                     "Broadcast time the offers are judged at, ISO 8601 (2026-12-01T12:00, optional offset); "
                     "default now.")),
                 merchant: str = MerchantOpt) -> None:
    """Check a script's text (UTF-8, one sentence per line) for unsupported claims and banned terms."""
    from core.errors import InputError
    from workers.commands import scripts

    rt = _runtime()
    text = file.read_text(encoding="utf-8").rstrip()  # a file's final newline is not an empty sentence
    try:
        findings = scripts.check_text(rt, _merchant_id(rt, merchant), sku, text, at=at)
    except InputError as exc:
        raise _fail(exc) from exc
    for f in findings:
        line = text.count("\n", 0, f["start"]) + 1
        hint = f" -> {escape(f['suggestion'])}" if f.get("suggestion") else ""
        console.print(f"line {line} [red]{f['kind']}[/] “{escape(f['text'])}”: {escape(f['reason'])}{hint}",
                      highlight=False)
    console.print(f"{len(findings)} finding(s)")
    if findings:
        raise typer.Exit(1)


@jobs_app.command("list")
def jobs_list(status: str = typer.Option(None), limit: int = typer.Option(20)) -> None:
    """Newest jobs first."""
    rt = _runtime()
    table = Table("id", "kind", "status", "progress", "stage", "created")
    for v in submit.list_jobs(rt, status=status, limit=limit)[0]:
        table.add_row(v.id, v.kind, v.status, f"{v.progress:.0%}", v.stage[:40], f"{v.created_at:%Y-%m-%d %H:%M:%S}")
    console.print(table)


@jobs_app.command("show")
def jobs_show(job_id: str, follow: bool = typer.Option(False, "--follow", "-f", help="Watch until it ends.")) -> None:
    """One job with its steps."""
    rt = _runtime()
    view = watch(rt, job_id) if follow else submit.get(rt, job_id)
    if view is None:
        raise typer.Exit(f"job {job_id} not found")
    for step in (view, *view.steps):
        console.print(f"{step.kind:<24} {step.status:<10} {step.progress:>5.0%} attempts={step.attempts} "
                      f"{escape(step.stage)} {escape(step.error or '')}")


@jobs_app.command("cancel")
def jobs_cancel(job_id: str) -> None:
    """Cancel a job or pipeline."""
    submit.cancel(_runtime(), job_id)
    console.print(f"cancel requested for {job_id}")


@jobs_app.command("resume")
def jobs_resume(job_id: str) -> None:
    """Resume a failed or cancelled pipeline from its first unfinished step."""
    console.print(f"resumed {job_id} at step {submit.resume(_runtime(), job_id)}")


@jobs_app.command("recover")
def jobs_recover() -> None:
    """Re-send jobs whose worker died or whose message was lost (workers also do this on their own)."""
    console.print(f"re-sent {len(submit.recover(_runtime()))} job(s)")


@merchant_app.command("create")
def merchant_create(slug: str, name: str = typer.Option(..., help="Display name."),
                    owner_email: str = typer.Option(..., help="The owner's login."),
                    owner_password: str = typer.Option(..., prompt=True, hide_input=True,
                                                       envvar="EVERCAST_OWNER_PASSWORD")) -> None:
    """Create a merchant with its owner account; prints the owner's API key once."""
    from core.errors import InputError
    from studio.services.accounts import create_merchant

    rt = _runtime()
    try:
        with rt.session() as s:
            merchant, key = create_merchant(s, slug, name, owner_email, owner_password)
            merchant_id = merchant.id
    except InputError as exc:
        raise typer.BadParameter(str(exc)) from exc
    console.print(f"merchant {slug} created (id {merchant_id})")
    console.print(f"owner API key (shown once, store it now): [bold]{key.key}[/]")


@merchant_app.command("quota")
def merchant_quota(slug: str,
                   storage_gb: float = typer.Option(None, min=0, help="Stored assets plus open uploads, GB."),
                   live_rooms: int = typer.Option(None, min=0, help="Rooms on air at once."),
                   jobs: int = typer.Option(None, min=0, help="Unfinished jobs at once.")) -> None:
    """Set the merchant's own limits (the options given), then print its usage against them."""
    from core.errors import InputError
    from workers.commands import quotas
    from workers.commands.merchants import merchant_id

    rt = _runtime()
    try:
        target = merchant_id(rt, slug)
    except InputError as exc:
        raise typer.BadParameter(str(exc)) from exc
    quotas.set_quota(rt, target, storage_gb=storage_gb, live_rooms=live_rooms, jobs=jobs)
    now = quotas.usage(rt, target)
    console.print(f"storage     {now.storage.used / quotas.GB:.2f} of {now.storage.limit / quotas.GB:.2f} GB")
    console.print(f"live rooms  {now.live_rooms.used:.0f} of {now.live_rooms.limit:.0f}")
    console.print(f"jobs        {now.jobs.used:.0f} of {now.jobs.limit:.0f}")


def _consent(signer: str | None, statement: str | None, actor: str = "cli") -> dict[str, str]:
    if not (signer and statement and len(statement.strip()) >= 20):
        raise typer.BadParameter("cloning a person needs their consent: --consent-signer NAME and "
                                 "--consent-statement TEXT (at least 20 characters)")
    return {"kind": "declaration", "signer": signer, "statement": statement, "recorded_by": actor}


ConsentSigner = typer.Option(None, "--consent-signer", help="Full name of the person in the recording.")
ConsentText = typer.Option(None, "--consent-statement", help="The consent they signed.")


@avatar_app.command("create")
def avatar_create(video: Path = typer.Argument(..., exists=True, dir_okay=False), name: str = typer.Option(...),
                  consent_signer: str = ConsentSigner, consent_statement: str = ConsentText,
                  merchant: str = MerchantOpt) -> None:
    """Gate the video, train the person's lip-sync model and measure it on the held-out tail."""
    from core.errors import EvercastError
    from workers.commands import avatars

    rt = _runtime()
    merchant_id = _merchant_id(rt, merchant)
    avatar_id = avatars.register(rt, merchant_id, video, name, _consent(consent_signer, consent_statement))
    try:
        with _bar(f"avatar {name}") as progress:
            avatars.create(rt, avatar_id, progress=progress)
        with _bar("held-out evaluation") as progress:
            metrics = avatars.evaluate(rt, avatar_id, progress=progress)
    except EvercastError as exc:
        raise _fail(exc) from exc
    console.print(f"avatar {avatar_id} ready: " + " ".join(f"{k}={v}" for k, v in metrics.items()))


@avatar_app.command("eval")
def avatar_eval(avatar_id: str) -> None:
    """Lip-sync metrics on the avatar's held-out tail."""
    from core.errors import EvercastError
    from workers.commands import avatars

    try:
        with _bar("held-out evaluation") as progress:
            metrics = avatars.evaluate(_runtime(), avatar_id, progress=progress)
    except EvercastError as exc:
        raise _fail(exc) from exc
    table = Table("metric", "value")
    for key, value in metrics.items():
        table.add_row(key, str(value))
    console.print(table)


@voice_app.command("clone")
def voice_clone(recording: Path = typer.Argument(..., exists=True, dir_okay=False), name: str = typer.Option(...),
                consent_signer: str = ConsentSigner, consent_statement: str = ConsentText,
                merchant: str = MerchantOpt) -> None:
    """A voice profile (reference clips, pitch and timbre statistics) from audio or video of the person."""
    from core.errors import EvercastError
    from core.models import Voice
    from workers.commands import voices
    from workers.commands.assets import store_file

    rt = _runtime()
    merchant_id = _merchant_id(rt, merchant)
    consent = _consent(consent_signer, consent_statement)
    asset_id = store_file(rt, merchant_id, recording, "audio")
    with rt.session() as s:
        row = Voice(merchant_id=merchant_id, name=name, source_asset_id=asset_id, consent=consent)
        s.add(row)
        s.flush()
        voice_id = row.id
    try:
        with _bar(f"voice {name}") as progress:
            summary = voices.clone(rt, voice_id, progress=progress)
    except EvercastError as exc:
        raise _fail(exc) from exc
    console.print(f"voice {voice_id} ready: {summary['clips']} reference clips")


@app.command()
def speak(text: str, voice: str = typer.Option(None, help="Voice id (default: the base voice)."),
          emotion: str = typer.Option(None, help="neutral, warm, excited, calm, urgent, apologetic ..."),
          out: Path = typer.Option(..., "-o", "--out", help="Where to write the WAV."),
          telephony: bool = typer.Option(False, help="8 kHz G.711 mu-law instead of 48 kHz."),
          merchant: str = MerchantOpt) -> None:
    """Speak TEXT to a WAV file (timings go next to it as .json)."""
    import json
    import shutil
    import tempfile

    from core.errors import EvercastError
    from core.models import Asset
    from workers.commands import voices

    rt = _runtime()
    try:
        with tempfile.TemporaryDirectory() as tmp, _bar("speech") as progress:
            result = voices.speak(rt, _merchant_id(rt, merchant), text, voice_id=voice, emotion=emotion,
                                  telephony=telephony, workdir=Path(tmp), progress=progress)
    except EvercastError as exc:
        raise _fail(exc) from exc
    with rt.session() as s:
        audio, timings = s.get(Asset, result["audio_asset_id"]), s.get(Asset, result["timings_asset_id"])
    shutil.copyfile(rt.store.verify(audio.merchant_id, audio.sha256, audio.suffix), out)
    timings_path = out.with_suffix(".json")
    shutil.copyfile(rt.store.verify(timings.merchant_id, timings.sha256, timings.suffix), timings_path)
    words = len(json.loads(timings_path.read_text())["words"])
    console.print(f"{out} ({result['duration_s']:.2f} s, {words} words timed in {timings_path.name})")


@app.command("render")
def render_cmd(avatar: str = typer.Option(..., help="Avatar id."),
               audio: Path = typer.Option(..., exists=True, dir_okay=False, help="Speech audio (WAV etc.)."),
               timings: Path = typer.Option(None, exists=True, dir_okay=False,
                                            help="The speech's timings JSON (from `evercast speak`): subtitles, "
                                                 "and the lip-sync follows its phonemes."),
               resolution: str = typer.Option(None, help="720p, 1080p, 2160p or WxH (default: the source size)."),
               subtitles: str = typer.Option(None, help="burn, srt, vtt, burn+srt or burn+vtt."),
               container: str = typer.Option("mp4", help="mp4, or mpegts for a live-room segment."),
               out: Path = typer.Option(..., "-o", "--out"), merchant: str = MerchantOpt) -> None:
    """Render the avatar speaking AUDIO to a video file (lip-synced, AI label, optional subtitles)."""
    import shutil
    import tempfile

    from core.errors import EvercastError
    from core.models import Asset
    from workers.commands import renders
    from workers.commands.assets import store_file

    rt = _runtime()
    merchant_id = _merchant_id(rt, merchant)
    audio_id = store_file(rt, merchant_id, audio, "audio")
    timings_id = store_file(rt, merchant_id, timings, "timings", "application/json") if timings else None
    try:
        with tempfile.TemporaryDirectory() as tmp, _bar("rendering") as progress:
            result = renders.render(rt, merchant_id, avatar, audio_id, timings_asset_id=timings_id,
                                    resolution=resolution, container=container, subtitles=subtitles,
                                    workdir=Path(tmp), progress=progress)
    except EvercastError as exc:
        raise _fail(exc) from exc
    with rt.session() as s:
        video = s.get(Asset, result["asset_id"])
    shutil.copyfile(rt.store.verify(video.merchant_id, video.sha256, video.suffix), out)
    console.print(f"{out}: {result['width']}x{result['height']}, {result['frames']} frames, {result['duration_s']} s "
                  f"({result['encoder']})")


@app.command("batch")
def batch_cmd(avatar: str = typer.Option(..., help="Avatar id."),
              skus: str = typer.Option(..., help="Comma-separated SKU ids."),
              template: list[str] = typer.Option(["vertical:9:16:1080p"], help="NAME:ASPECT:RESOLUTION, repeatable."),
              voice: str = typer.Option(None, help="Voice id (default: the base voice)."),
              background: Path = typer.Option(None, exists=True, dir_okay=False, help="A picture behind the person."),
              intro: Path = typer.Option(None, exists=True, dir_okay=False, help="A clip before the speech."),
              outro: Path = typer.Option(None, exists=True, dir_okay=False, help="A clip after the speech."),
              codec: str = typer.Option("h264", help="h264 or h265."),
              out: Path = typer.Option(..., "-o", "--out", help="Where to write the zip."),
              merchant: str = MerchantOpt) -> None:
    """Short videos for every SKU x template (resumable: re-running reuses finished items); the picture,
    clips and codec apply to every template."""
    import hashlib
    import json
    import shutil

    from core.errors import EvercastError
    from core.models import Asset
    from workers.commands import batches
    from workers.commands.assets import store_file

    if codec not in ("h264", "h265"):
        raise _fail(ValueError(f"--codec must be h264 or h265, got {codec!r}"))
    rt = _runtime()
    merchant_id = _merchant_id(rt, merchant)
    files = {f"{field}_asset_id": store_file(rt, merchant_id, path, kind)
             for field, path, kind in (("background", background, "image"), ("intro", intro, "video"),
                                       ("outro", outro, "video")) if path}
    templates = []
    for spec in template:
        name, _, rest = spec.partition(":")
        aspect, _, resolution = rest.rpartition(":")
        templates.append({"name": name, "aspect": aspect or "9:16", "resolution": resolution or "1080p",
                          "codec": codec, **files})
    key = hashlib.sha256(json.dumps([merchant, avatar, skus, templates, voice]).encode()).hexdigest()[:16]
    work = rt.settings.data_dir / "batches" / key  # the same request resumes in the same place
    try:
        with _bar("batch") as progress:
            result = batches.run(rt, merchant_id, avatar, [s.strip() for s in skus.split(",") if s.strip()],
                                 templates, voice_id=voice, out_dir=work, progress=progress)
    except EvercastError as exc:
        raise _fail(exc) from exc
    with rt.session() as s:
        archive = s.get(Asset, result["zip_asset_id"])
    shutil.copyfile(rt.store.verify(archive.merchant_id, archive.sha256, archive.suffix), out)
    for item in result["items"]:
        console.print(f"{escape(item['key']):<40} {item['status']} {escape(item['error'] or '')}")
    console.print(f"{out}: {result['done']} done, {result['failed']} failed")
    if result["failed"]:
        raise typer.Exit(1)


@live_app.command("start")
def live_start(room_id: str) -> None:
    """Start ROOM's process (it keeps the room on air by its schedule until stopped)."""
    from core.errors import InputError
    from workers.commands import rooms

    try:
        where = rooms.start(_runtime(), room_id)
    except InputError as exc:
        raise _fail(exc) from exc
    console.print(f"room {room_id} starting ({where})")


@live_app.command("stop")
def live_stop(room_id: str) -> None:
    """Take ROOM off the air and end its process."""
    from workers.commands import rooms

    rooms.stop(_runtime(), room_id)
    console.print(f"room {room_id} stopped")


@live_app.command("relay")
def live_relay() -> None:
    """Run the local nginx-rtmp relay that rooms publish to (EVERCAST_STREAM__RELAY_URL), in the
    foreground, restarting it if it dies; rooms on this host then need no other server."""
    import threading

    from core.errors import InputError
    from workers.commands import rooms

    rt = _runtime()
    try:
        relay = rooms.relay_server(rt)
    except InputError as exc:
        raise _fail(exc) from exc
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    relay.start()
    console.print(f"relay listening on {rt.settings.stream.relay_url}")
    try:
        while not stop.wait(1.0):
            if relay.proc is not None and relay.proc.poll() is not None:
                console.print("relay exited; restarting")
                relay.start()
    finally:
        relay.stop()


@live_app.command("control")
def live_control(room_id: str, action: str = typer.Argument(..., help="pause, resume, skip or reconnect")) -> None:
    """Pause, resume, skip the segment on air, or reconnect ROOM's RTMP session (applied within a second)."""
    from core.errors import InputError
    from workers.commands import rooms

    try:
        rooms.send_command(_runtime(), room_id, action)
    except InputError as exc:
        raise _fail(exc) from exc
    console.print(f"room {room_id}: {action} sent")


@live_app.command("announce")
def live_announce(room_id: str, text: str, emotion: str = typer.Option("urgent", help="Emotion of the speech.")) -> None:
    """Speak TEXT in ROOM's voice, render it and air it at the next segment boundary (a flash sale)."""
    from core.errors import InputError
    from workers.commands import rooms

    try:
        job_id = rooms.announce(_runtime(), room_id, text, emotion)
    except InputError as exc:
        raise _fail(exc) from exc
    console.print(f"announcement job {job_id}: it airs once rendered (`evercast jobs show {job_id}`)")


@live_app.command("status")
def live_status(room_id: str) -> None:
    """State, what is on air, queue depth, destinations and A/V offset of ROOM."""
    import json

    from core.models import LiveRoom

    with _runtime().session() as s:
        room = s.get(LiveRoom, room_id)
        if room is None:
            raise typer.Exit(f"room {room_id} not found")
        console.print(f"{escape(room.name)}: {room.state}")
        console.print_json(json.dumps(room.status or {}))


@live_app.command("drain")
def live_drain(host: str, wait: bool = typer.Option(True, help="Wait until every room has left the host.")) -> None:
    """Move every room off HOST (for an upgrade): it takes no new room, and each room is handed over to
    another host at a segment boundary (pre-rolled there first)."""
    from core.errors import InputError
    from workers.commands import host_drain as drain

    rt = _runtime()
    try:
        plan = drain.start(rt, host)
    except InputError as exc:
        raise _fail(exc) from exc
    console.print(f"{host} is draining: {plan['rooms']} rooms to hand over, a few at a time")
    for move in plan["moving"]:
        console.print(f"room {move['room_id']} -> {move['to']}")
    if plan["rooms"] and not plan["moving"]:
        console.print("[yellow]no other host has a free slot now; the rooms move as slots free up[/]")
    if wait:
        with _bar(f"draining {host}") as progress:
            left = drain.wait(rt, host, progress)
        if left:
            raise typer.Exit(f"{left} rooms are still on {host}")
        console.print(f"{host} is empty")


@live_app.command("hosts")
def live_hosts() -> None:
    """The live hosts: state, slots, rooms and CPU."""
    from workers.commands import fleet

    table = Table("host", "state", "rooms/slots", "cpu %", "relay")
    for h in fleet.hosts(_runtime()):
        table.add_row(h["name"], h["state"], f"{h['rooms']}/{h['slots']}", f"{h['cpu_percent']:.0f}", h["relay_url"])
    console.print(table)


@live_app.command("run")
def live_run(room_id: str = typer.Argument(None, help="The room (read from stdin with --warm)."),
             fence: int = typer.Option(None, help="The lease's fencing token (a fleet host passes it)."),
             standby: bool = typer.Option(False, help="Pre-roll and wait for the room to be handed over."),
             warm: bool = typer.Option(False, help="Start, import everything, say 'warm' on stdout, then read "
                                                   "'ROOM FENCE STANDBY' from stdin (a live host's spare).")) -> None:
    """The room process itself (what `live start` launches); stops on SIGTERM or `live stop`."""
    import logging
    import threading

    from workers.commands import room_process

    cancel = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: cancel.set())
    signal.signal(signal.SIGINT, lambda *_: cancel.set())
    rt = _runtime(migrate=False)  # whoever started it (the API, the CLI, a live host) migrated: 0.3 s CPU a start saved
    if warm:
        room_process.warm_up()
        sys.stdout.write("warm\n")  # to the host's pipe: this spare may take a room without a cold start
        sys.stdout.flush()
        line = sys.stdin.readline().split()
        if len(line) != 3:
            raise typer.Exit(0)  # the host let its spare go
        room_id, fence, standby = line[0], int(line[1]), line[2] == "standby"
        log_path = rt.settings.data_dir / "rooms" / f"{room_id}.log"
        with log_path.open("ab") as out:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
    # the room's log file (stdout and stderr of this process): relay failures in ffmpeg's own words
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    room_process.run(rt, room_id, cancel, fence=fence, standby=standby)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (also done automatically at start-up)."""
    _runtime().close()
    console.print("database is at the newest migration")


@cache_app.command("prune")
def cache_prune(max_gb: float = typer.Option(None, "--max-gb", min=0,
                                             help="Budget in GiB (default EVERCAST_RENDER__CACHE_MAX_GB).")) -> None:
    """Delete the least recently used render caches beyond the budget (never one a render or room is using)."""
    from workers.commands import caches

    report = caches.prune(_runtime(), max_gb)
    for path in report.removed:
        console.print(f"removed {path}")
    for path in report.in_use:
        console.print(f"in use, kept {path}")
    console.print(f"freed {report.freed_bytes / 1024**2:.1f} MiB, {report.kept_bytes / 1024**2:.1f} MiB of caches kept")



@dataset_app.command("build")
def learn_dataset_build(confidence: float = typer.Option(None, help="P(better) a pair, winner or label needs (0.95)."),
                        heldout_fraction: float = typer.Option(None, help="Share of SKUs kept for the gate (0.2)."),
                        merchant: str = MerchantOpt) -> None:
    """Build a dataset version from the attributed section variants; only checked text gets in."""
    from core.errors import EvercastError
    from workers.commands import retrain

    rt = _runtime()
    options = {k: v for k, v in {"confidence": confidence, "heldout_fraction": heldout_fraction}.items() if v is not None}
    try:
        with _bar("dataset") as progress:
            dataset = retrain.build(rt, _merchant_id(rt, merchant), options, progress=progress)
    except EvercastError as exc:
        raise _fail(exc) from exc
    counts = " ".join(f"{k}={v}" for k, v in dataset["counts"].items())
    console.print(f"dataset v{dataset['version']} {dataset['id']}: {counts}; held out: {', '.join(dataset['heldout_skus'])}")


@dataset_app.command("list")
def learn_dataset_list(merchant: str = MerchantOpt) -> None:
    """Dataset versions, newest first."""
    from workers.commands import retrain

    rt = _runtime()
    table = Table("version", "id", "created", "sft", "dpo", "kto", "excluded", "held-out SKUs")
    for d in retrain.list_datasets(rt, _merchant_id(rt, merchant)):
        c = d["counts"]
        table.add_row(f"v{d['version']}", d["id"], d["created_at"][:19], *(f"{c[f'{n}_train']}+{c[f'{n}_heldout']}"
                      for n in ("sft", "dpo", "kto")), str(c["excluded"]), ", ".join(d["heldout_skus"]))
    console.print(table)


@learn_app.command("train")
def learn_train(dataset_id: str, method: str = typer.Option("dpo", help="dpo or sft."),
                steps: int = typer.Option(None), lr: float = typer.Option(None), batch_size: int = typer.Option(None),
                beta: float = typer.Option(None, help="DPO beta."), lora_r: int = typer.Option(None),
                max_length: int = typer.Option(None, help="Tokens per example."),
                submit_job: bool = typer.Option(False, "--submit", help="Queue it on the gpu queue and follow it."),
                merchant: str = MerchantOpt) -> None:
    """Train a LoRA adapter of the hf backend's base model on a dataset, then gate it against the served one."""
    from core.errors import EvercastError
    from workers.commands import retrain

    rt = _runtime()
    merchant_id = _merchant_id(rt, merchant)
    values = {"method": method, "steps": steps, "lr": lr, "batch_size": batch_size, "beta": beta, "lora_r": lora_r,
              "max_length": max_length}
    overrides = {k: v for k, v in values.items() if v is not None}
    try:
        retrain.train_config(rt, overrides)
        if submit_job:
            job_id = submit.submit(rt, "learn.train", {"dataset_id": dataset_id, "train": overrides},
                                   merchant_id=merchant_id)
            view = watch(rt, job_id)
            if view.status != "succeeded":
                raise typer.Exit(f"job {job_id} {view.status}: {view.error}")
            result = view.result or {}
        else:
            with _bar("training") as progress:
                result = retrain.train(rt, merchant_id, dataset_id, overrides, progress=progress)
    except EvercastError as exc:
        raise _fail(exc) from exc
    verdict = "[green]passed" if result["gate_passed"] else "[red]refused: " + escape("; ".join(result["reasons"]))
    console.print(f"adapter v{result['version']} {result['adapter_id']}: gate {verdict}")


def _adapter_row(a: dict) -> list[str]:
    gate = a["gate"] or {}
    margin = (f"{gate['candidate_margin']:+.4f} vs {gate['current_margin']:+.4f}" if "candidate_margin" in gate else "")
    verdict = {True: "passed", False: "refused", None: ""}[a["gate_passed"]]
    return [f"v{a['version']}", a["id"], a["status"], a["method"], verdict, margin, a["created_at"][:19]]


@learn_app.command("adapters")
def learn_adapters(merchant: str = MerchantOpt) -> None:
    """Adapter versions, newest first, with their gate verdicts (held-out preference margin vs the served one)."""
    from workers.commands import retrain

    rt = _runtime()
    table = Table("version", "id", "status", "method", "gate", "margin", "created")
    for a in retrain.list_adapters(rt, _merchant_id(rt, merchant)):
        table.add_row(*_adapter_row(a))
    console.print(table)


@learn_app.command("gate")
def learn_gate(adapter_id: str, merchant: str = MerchantOpt) -> None:
    """Judge an adapter again, against the one served now."""
    from core.errors import EvercastError
    from workers.commands import retrain

    rt = _runtime()
    try:
        with _bar("gate") as progress:
            adapter = retrain.gate(rt, _merchant_id(rt, merchant), adapter_id, progress=progress)
    except EvercastError as exc:
        raise _fail(exc) from exc
    console.print(" ".join(_adapter_row(adapter)), "; ".join((adapter["gate"] or {}).get("reasons", [])))


@learn_app.command("promote")
def learn_promote(adapter_id: str, merchant: str = MerchantOpt) -> None:
    """Serve this adapter from now on (only if its gate passed against the adapter served now)."""
    from core.errors import EvercastError
    from workers.commands import retrain

    rt = _runtime()
    try:
        adapter = retrain.promote(rt, _merchant_id(rt, merchant), adapter_id)
    except EvercastError as exc:
        raise _fail(exc) from exc
    console.print(f"adapter v{adapter['version']} promoted: the hf backend serves it")


@learn_app.command("rollback")
def learn_rollback(merchant: str = MerchantOpt) -> None:
    """Stop serving the promoted adapter and go back to the one before it (or the bare base model)."""
    from core.errors import EvercastError
    from workers.commands import retrain

    rt = _runtime()
    try:
        result = retrain.rollback(rt, _merchant_id(rt, merchant))
    except EvercastError as exc:
        raise _fail(exc) from exc
    serving = f"adapter v{result['serving']['version']}" if result["serving"] else "the bare base model"
    console.print(f"adapter v{result['rolled_back']['version']} rolled back; serving {serving}")




def _campaign_id(rt: submit.Runtime, merchant: str, campaign: str) -> str:
    from core.models import CallCampaign

    merchant_id = _merchant_id(rt, merchant)
    with rt.session() as s:
        row = s.get(CallCampaign, campaign)
        if row is None or row.merchant_id != merchant_id:
            raise typer.BadParameter(f"campaign {campaign} not found")
        return row.id


@calls_app.command("trunk")
def calls_trunk(url: str = typer.Argument(..., help="sip:user:password@host:port;transport=udp|tcp|tls"),
                name: str = typer.Option("main"), caller_id: str = typer.Option(..., help="The number callers see."),
                max_channels: int = typer.Option(10), calls_per_second: float = typer.Option(5.0),
                merchant: str = MerchantOpt) -> None:
    """Add a SIP trunk (the URL is stored encrypted; its password is never printed)."""
    from core.errors import InputError
    from workers.commands import calls

    rt = _runtime()
    try:
        trunk = calls.add_trunk(rt, _merchant_id(rt, merchant), name=name, url=url, caller_id=caller_id,
                                max_channels=max_channels, calls_per_second=calls_per_second)
    except InputError as exc:
        raise _fail(exc) from exc
    console.print(f"trunk {trunk['id']}: {escape(trunk['url'])}")


@calls_app.command("licence")
def calls_licence(voice: str, grantor: str = typer.Option(...), scopes: str = typer.Option("calls"),
                  territories: str = typer.Option("CN"), expires: datetime = typer.Option(..., help="ISO 8601 (UTC)."),
                  merchant: str = MerchantOpt) -> None:
    """Record the licence behind a voice (scopes calls,live,videos; territories CN,US or *)."""
    from datetime import timezone

    from core.errors import InputError
    from workers.commands import calls

    rt = _runtime()
    expires_at = expires if expires.tzinfo else expires.replace(tzinfo=timezone.utc)
    try:
        licence_id = calls.add_licence(rt, _merchant_id(rt, merchant), voice, grantor=grantor,
                                       scopes=scopes.split(","), territories=territories.split(","),
                                       expires_at=expires_at)
    except InputError as exc:
        raise _fail(exc) from exc
    console.print(f"licence {licence_id} recorded")


@calls_app.command("import")
def calls_import(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Recipients, .csv or .xlsx."),
                 name: str = typer.Option(...), voice: str = typer.Option(..., help="A voice licensed for calls."),
                 trunk: str = typer.Option(...), sku: str = typer.Option(None, help="The SKU to offer."),
                 occasion: str = typer.Option("none", help="none or birthday."),
                 language: str = typer.Option("zh"), template: str = typer.Option(None),
                 daily_cap: int = typer.Option(None), preview: int = typer.Option(3, help="Messages to print."),
                 merchant: str = MerchantOpt) -> None:
    """A campaign from a recipients file, in this process: every row checked (a bad file imports nothing), every
    message composed, checked and spoken at 8 kHz. Prints a preview; `evercast calls start` dials."""
    from core.errors import InputError
    from workers.commands import calls
    from workers.commands.assets import store_file

    rt = _runtime()
    merchant_id = _merchant_id(rt, merchant)
    try:
        asset_id = store_file(rt, merchant_id, file, "recipients", filename=file.name)
        campaign_id, _ = calls.create_campaign(rt, merchant_id, name=name, voice_id=voice, trunk_id=trunk,
                                               recipients_asset_id=asset_id, sku=sku, occasion=occasion,
                                               language=language, template=template, daily_cap=daily_cap,
                                               queue=False)
        with _bar(f"importing {file.name}") as progress:
            imported = calls.import_recipients(rt, campaign_id, progress=progress)
        work = rt.settings.tmp_dir / "calls" / campaign_id
        with _bar("messages") as progress:
            made = calls.synthesize_messages(rt, campaign_id, template, work, progress=progress)
    except InputError as exc:
        raise _fail(exc) from exc
    console.print(f"campaign {campaign_id}: {imported['recipients']} recipients, {made['messages']} messages, "
                  f"{made['refused']} refused")
    for row in calls.campaign_calls(rt, campaign_id, limit=preview):
        console.print(f"  {row['phone']} {row['state']}: {escape(row['message'] or row['reason'])}")


@calls_app.command("start")
def calls_start(campaign: str, merchant: str = MerchantOpt) -> None:
    """Start (or resume) dialing; a worker on the io queue places the calls."""
    from core.errors import InputError
    from workers.commands import calls

    rt = _runtime()
    try:
        job_id = calls.start(rt, _campaign_id(rt, merchant, campaign))
    except InputError as exc:
        raise _fail(exc) from exc
    console.print(f"dialing job {job_id} queued (`evercast worker --queues io` places the calls)")


@calls_app.command("test")
def calls_test(campaign: str, phone: str = typer.Argument(..., help="Your own number."),
               row: int = typer.Option(None, help="Whose message (recipients file row); default the first ready."),
               merchant: str = MerchantOpt) -> None:
    """Call your own phone with a recipient's message over the campaign's trunk, here and now (before launch)."""
    from core.errors import InputError
    from workers.commands import call_runner

    rt = _runtime()
    campaign_id = _campaign_id(rt, merchant, campaign)
    console.print(f"calling {escape(phone)} ...")
    try:
        out = call_runner.test_call(rt, campaign_id, phone, rt.settings.tmp_dir / "calls" / campaign_id, row=row)
    except InputError as exc:
        raise _fail(exc) from exc
    console.print(f"{out['phone']} (row {out['row']}'s message): {out['status']}, {out['seconds_played']} s played"
                  f"{' to the end' if out['played_to_end'] else ''}, digits {out['digits'] or '-'}, "
                  f"SIP {out['sip_code'] or '-'} {escape(out['reason'])}")


@calls_app.command("status")
def calls_status(campaign: str, merchant: str = MerchantOpt) -> None:
    """State, progress, recipients by state, outcomes, and the alert if a trunk went down."""
    from workers.commands import calls

    rt = _runtime()
    view = calls.campaign_view(rt, _campaign_id(rt, merchant, campaign))
    console.print(f"{escape(view['name'])}: {view['state']}, {view['progress']:.0%} of {view['recipients']} "
                  f"recipients settled, {view['interest']} interested")
    if view["alert"] or view["error"]:
        console.print(f"[red]{escape(view['alert'] or view['error'])}[/]")
    table = Table("recipients", "count", "outcome", "count")
    states, outcomes = sorted(view["recipient_states"].items()), sorted(view["outcomes"].items())
    for n in range(max(len(states), len(outcomes))):
        left = states[n] if n < len(states) else ("", "")
        right = outcomes[n] if n < len(outcomes) else ("", "")
        table.add_row(left[0], str(left[1]), right[0], str(right[1]))
    console.print(table)


if __name__ == "__main__":
    app()
