"""Test helpers: free ports, a private Redis, and isolated Evercast stacks with worker processes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from core.settings import EgressSettings, Settings

REPO = Path(__file__).resolve().parents[1]
TEST_TASKS_DIR = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    """Until something listens on ``port``: generous, since importing the API takes seconds on a busy
    machine; a ``proc`` that exits first ends the wait at once with its exit code."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the process meant to listen on port {port} exited with {proc.returncode}")
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on port {port} after {timeout}s")


class RedisServer:
    """A private redis-server on a free loopback port, in its own temp dir."""

    def __init__(self, workdir: Path) -> None:
        self.exe = shutil.which("redis-server")
        if self.exe is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, proc=self.proc)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


# Fast timings so that retries, heartbeats and recovery happen within a test's patience.
FAST_WORKER = {"heartbeat_s": 0.2, "stale_after_s": 2, "recover_interval_s": 0.5, "retry_backoff_s": 0.2,
               "retry_backoff_max_s": 1, "visibility_timeout_s": 10, "imports": ["evercast_test_tasks"]}


# Test destinations are private nginx-rtmp servers on loopback, which the egress policy refuses:
# tests allow loopback, and take 127.0.0.1 for an ingest host of every platform.
LOOPBACK_EGRESS = EgressSettings(allow=["127.0.0.0/8", "::1/128"],
                                 platforms={name: [*hosts, "127.0.0.1"] for name, hosts in EgressSettings().platforms.items()})


class TurnServer:
    """Debian's coturn on loopback with one long-term user, ``viewer:s3cret`` (a skip when it is not installed)."""

    username, credential = "viewer", "s3cret"

    def __init__(self, workdir: Path) -> None:
        exe = shutil.which("turnserver")
        if exe is None:
            pytest.skip("coturn is not installed (apt-get install coturn)")
        workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.log = workdir / "turn.log"
        self.proc = subprocess.Popen(
            [exe, "-n", "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1", "-p", str(self.port), "--lt-cred-mech",
             "--user", f"{self.username}:{self.credential}", "--realm", "evercast", "--no-tls", "--no-dtls", "--no-cli",
             "--allow-loopback-peers", "--min-port", "50000", "--max-port", "50100", "--log-file", str(self.log),
             "--simple-log", "--pidfile", str(workdir / "turn.pid")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)  # UDP: nothing to poll for; coturn binds within milliseconds

    @property
    def url(self) -> str:
        return f"turn:127.0.0.1:{self.port}?transport=udp"

    def ice_servers(self, credential: str | None = None) -> list[dict[str, str]]:
        """The ``ice_servers`` setting for this server (JSON-ready), optionally with another credential."""
        return [{"urls": self.url, "username": self.username, "credential": credential or self.credential}]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def egress_env(egress: EgressSettings) -> dict[str, str]:
    """``egress`` as a service process's environment."""
    return {f"EVERCAST_STREAM__EGRESS__{key.upper()}": json.dumps(value)
            for key, value in egress.model_dump(mode="json").items()}


class Stack:
    """Settings for one isolated Evercast installation, and the worker processes serving it."""

    def __init__(self, data_dir: Path, broker_url: str = "", database_url: str = "",
                 extra_env: dict[str, str] | None = None, **worker: object) -> None:
        worker = {**FAST_WORKER, **worker}
        self.settings = Settings(_env_file=None, data_dir=data_dir, broker_url=broker_url,
                                 database_url=database_url, worker=worker,
                                 stream={"egress": LOOPBACK_EGRESS.model_dump(mode="json")})
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("EVERCAST_")}
        self.env.update({
            "EVERCAST_DATA_DIR": str(self.settings.data_dir),
            "EVERCAST_DATABASE_URL": self.settings.database_url,
            "EVERCAST_BROKER_URL": self.settings.broker_url,
            "PYTHONPATH": os.pathsep.join([str(REPO), str(TEST_TASKS_DIR)]),
            **egress_env(LOOPBACK_EGRESS),
        })
        self.env.update(extra_env or {})
        for key, value in worker.items():
            self.env[f"EVERCAST_WORKER__{key.upper()}"] = json.dumps(value) if isinstance(value, (list, dict)) else str(value)
        self.workers: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def start_worker(self, queues: str = "cpu,gpu,io", concurrency: int = 1,
                     pool: str = "prefork") -> subprocess.Popen[bytes]:
        log = self.settings.data_dir / f"worker-{len(self.workers)}.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "studio.cli", "worker", "--queues", queues, "--concurrency", str(concurrency),
             "--pool", pool],
            env=self.env, cwd=REPO, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
        self.workers.append(proc)
        self.logs.append(log)
        return proc

    @staticmethod
    def kill(proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker and its pool children, as a machine crash would."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)

    def stop_all(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                self.kill(proc)

    def worker_output(self) -> str:
        return "\n".join(log.read_text(errors="replace")[-3000:] for log in self.logs if log.exists())


def generate_clip(path: Path, **spec: object) -> Path:
    """Generated talking-head footage, made in a fresh interpreter so that it cannot depend on what
    earlier tests left in this process (libespeak-ng and the footage puppet are process-wide)."""
    code = ("import json, sys; from footage import FootageSpec, generate_footage; "
            "generate_footage(sys.argv[1], FootageSpec(**json.loads(sys.argv[2])))")
    subprocess.run([sys.executable, "-c", code, str(path), json.dumps(spec)], check=True, cwd=REPO,
                   env={**os.environ, "PYTHONPATH": str(REPO)})
    return path


SHOTS = Path(os.environ.get("EVERCAST_SCREENSHOTS", REPO / "build" / "screenshots"))


def shot(page, name: str) -> None:  # noqa: ANN001 - a Playwright page
    """Save a full-page screenshot of a browser test's step (build/screenshots by default)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, base: str, email: str, password: str) -> None:  # noqa: ANN001 - a Playwright page
    """Log in through the dashboard's form; lands on the jobs page."""
    page.goto(f"{base}/ui/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/ui/jobs")


def submit_avatar(page, base: str, clip: Path, name: str, signer: str) -> None:  # noqa: ANN001 - a Playwright page
    """Upload ``clip`` on the avatars page with the person's declared consent."""
    page.goto(f"{base}/ui/avatars")
    page.fill("#new-avatar input[name=name]", name)
    page.set_input_files("#avatar-video", str(clip))
    page.fill("#new-avatar input[name=signer]", signer)
    page.click("#new-avatar button[type=submit]")


def csp_violations(page) -> list[str]:  # noqa: ANN001 - a Playwright page
    """What the browser refuses under the dashboard's Content-Security-Policy, collected as the page runs
    (Chromium reports each refusal on the console); a test asserts the list stays empty."""
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused


class AcceptCounter:
    """A listening TCP socket that counts the connections reaching it (and hangs up on each)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.create_server((host, 0), family=family)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


async def webrtc_view(client, room_id: str, seconds: float) -> dict:  # noqa: ANN001 - an httpx or TestClient client
    """An aiortc viewer that signals through the API (``POST /rooms/{id}/webrtc``) and decodes what the room sends."""
    import asyncio

    from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    pc.addTransceiver("audio", direction="recvonly")
    pc.addTransceiver("video", direction="recvonly")
    tracks = {}
    pc.on("track", lambda track: tracks.setdefault(track.kind, track))
    await pc.setLocalDescription(await pc.createOffer())
    offer = {"sdp": pc.localDescription.sdp, "type": "offer"}
    answer = await asyncio.to_thread(client.post, f"/rooms/{room_id}/webrtc", json=offer)
    assert answer.status_code == 200, answer.text
    await pc.setRemoteDescription(RTCSessionDescription(**answer.json()))
    got = {"video": [], "audio": []}

    async def pull(kind: str) -> None:
        while len(tracks) < 2:
            await asyncio.sleep(0.05)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            got[kind].append(await asyncio.wait_for(tracks[kind].recv(), 10))

    try:
        await asyncio.gather(pull("video"), pull("audio"))
    finally:
        await pc.close()
    return got


def char_pair_tokenizer(texts: list[str], *, pair: bool, max_length: int = 128):  # noqa: ANN201
    """A BERT-style tokenizer with one token per character of ``texts`` ([CLS] a [SEP] b [SEP] when ``pair``), so
    tests and benches can build a judge checkpoint of any shape without a published vocabulary."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
    vocab = {tok: i for i, tok in enumerate(specials + sorted(set("".join(texts))))}
    core = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex("[\\s\\S]"), behavior="isolated")
    core.decoder = decoders.Fuse()
    if pair:
        core.post_processor = processors.TemplateProcessing(
            single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
            special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])])
    return PreTrainedTokenizerFast(tokenizer_object=core, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", eos_token="[SEP]", clean_up_tokenization_spaces=False,
                                   model_max_length=max_length)


def save_tiny_lm(path: Path, texts: list[str], *, n_embd: int = 48, n_positions: int = 4096) -> Path:
    """A randomly initialised 2-layer GPT-2 with a character tokenizer covering ``texts``, saved like any local
    checkpoint (the `hf` script backend and retraining load it by path; nothing is downloaded)."""
    import torch
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    chars = sorted(set("".join(texts)) | set("abcdefghijklmnopqrstuvwxyz0123456789"))
    vocab = {tok: i for i, tok in enumerate(["<unk>", "<pad>", "<eos>", *chars])}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex("[\\s\\S]"), behavior="isolated")
    core.decoder = decoders.Fuse()
    tok = PreTrainedTokenizerFast(tokenizer_object=core, unk_token="<unk>", pad_token="<pad>", eos_token="<eos>",
                                  clean_up_tokenization_spaces=False)
    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(vocab_size=len(vocab), n_positions=n_positions, n_embd=n_embd, n_layer=2, n_head=4,
                                       bos_token_id=2, eos_token_id=2, pad_token_id=1))
    model.save_pretrained(path)
    tok.save_pretrained(path)
    return path


def seed_section_outcomes(rt, merchant_id: str, texts: dict[str, list[tuple[str, float]]]) -> None:  # noqa: ANN001
    """One credited host night: for each SKU code, section-``hook`` variants ``(text, orders)``, each aired to
    2,000 viewer-minutes (what attribution would have stored; see workers.commands.learn)."""
    from datetime import UTC, datetime, timedelta

    from core.models import Airing, LearnSession, SectionVariant, Sku
    from learn.matching import text_hash

    night = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    with rt.session() as s:
        session = LearnSession(merchant_id=merchant_id, kind="host", name="night", status="credited")
        s.add(session)
        s.flush()
        for code, variants in texts.items():
            sku = s.query(Sku).filter(Sku.merchant_id == merchant_id, Sku.code == code).one()
            for text, orders in variants:
                variant = SectionVariant(merchant_id=merchant_id, sku_id=sku.id, section="hook", text=text,
                                         norm_hash=text_hash(text), origin="transcript")
                s.add(variant)
                s.flush()
                s.add(Airing(merchant_id=merchant_id, session_id=session.id, sku_id=sku.id, section="hook",
                             variant_id=variant.id, start_at=night, end_at=night + timedelta(seconds=20),
                             exposure=2000, clicks=orders * 3, orders=orders, gmv=orders * 99.0, credited=True))
