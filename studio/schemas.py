"""What the API returns, named by suffix (``JobPublic``, ``JobsPublic``)."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.errors import without_paths


class JobPublic(BaseModel):
    """A job or pipeline; a pipeline's progress and stage summarise its steps."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    status: str
    progress: float
    stage: str
    attempts: int
    error: str | None
    error_code: str | None
    result: dict[str, Any] | None
    created_at: datetime
    finished_at: datetime | None
    steps: list["JobPublic"] = []

    @field_validator("error")
    @classmethod
    def _no_paths(cls, value: str | None) -> str | None:
        """A stage's failure may name its files by their place on the server; the tenant sees their names."""
        return without_paths(value) if value else value


class JobsPublic(BaseModel):
    data: list[JobPublic]
    count: int


class CheckPublic(BaseModel):
    name: str
    ok: bool
    detail: str


class ReadinessPublic(BaseModel):
    ready: bool
    checks: list[CheckPublic] | None = Field(None, description="Only for authenticated callers.")


class LoginRequest(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)
    merchant: str | None = Field(None, max_length=64, description=(
        "Merchant slug; needed only when this email and password open accounts at several merchants."))


class MePublic(BaseModel):
    merchant_id: str
    role: str
    actor: str


Role = Literal["owner", "editor", "reviewer", "operator"]


class UserCreate(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(min_length=10, max_length=200)
    role: Role


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    email: str
    role: str
    active: bool
    created_at: datetime


class UserUpdate(BaseModel):
    role: Role | None = None
    active: bool | None = None


class PasswordChange(BaseModel):
    password: str = Field(min_length=10, max_length=200)


class SessionsEnded(BaseModel):
    ended: int


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    role: Role


class ApiKeyPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    name: str
    prefix: str
    role: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiKeyIssued(BaseModel):
    id: str
    name: str
    key: str
    prefix: str
    role: str


class AuditEventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    at: datetime
    actor: str
    action: str
    resource: str
    detail: dict[str, Any]


class UploadCreate(BaseModel):
    filename: str = Field(min_length=1, max_length=255)
    size: int = Field(gt=0)
    kind: Literal["video", "audio", "image", "kb", "recipients", "outcome"]
    sha256: str | None = Field(None, description="Optional: checked when the upload completes.")


class UploadPublic(BaseModel):
    id: str
    filename: str
    kind: str
    size: int
    offset: int
    status: str
    chunk_size: int
    asset_id: str | None


class AssetPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    sha256: str
    size: int
    kind: str
    media_type: str
    filename: str
    created_at: datetime


class AssetLink(BaseModel):
    url: str
    expires_in_s: int


class KbImportRequest(BaseModel):
    asset_id: str = Field(description="An uploaded .csv, .json or .xlsx (kind 'kb').")


class SkuPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    code: str
    title: str
    version: int
    data: dict[str, Any]


class ScriptGenerate(BaseModel):
    sku: str = Field(min_length=1, max_length=100)
    style: Literal["live", "short_video", "outbound_call"] = "live"
    seconds: int = Field(120, ge=15, le=600)
    backend: Literal["template", "openai", "hf"] | None = None
    seed: int = Field(0, ge=0)


class ScriptCheckRequest(BaseModel):
    sku: str = Field(min_length=1, max_length=100)
    text: str = Field(description="At most script.max_check_chars characters (the library enforces it).")
    at: datetime | None = Field(None, description="Broadcast time, ISO 8601; without an offset it is the "
                                                  "merchant's wall clock. Default now.")


class ScriptEdit(BaseModel):
    text: str = Field(min_length=1, description="At most script.max_check_chars characters, as for a check.")


class ScriptState(BaseModel):
    state: Literal["draft", "approved", "rejected", "live"]


class ScriptPublic(BaseModel):
    id: str
    lineage_id: str
    version: int
    state: str
    style: str
    backend: str
    sku: str | None
    text: str
    sections: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    diff: list[dict[str, Any]]
    author: str
    created_at: datetime

    @classmethod
    def of(cls, row: Any, sku: str | None) -> "ScriptPublic":
        return cls(id=row.id, lineage_id=row.lineage_id, version=row.version, state=row.state, style=row.style,
                   backend=row.backend, sku=sku, text=row.text, sections=row.content.get("script", {}).get("sections", []),
                   findings=row.findings, diff=row.diff, author=row.author, created_at=row.created_at)


class Consent(BaseModel):
    """The filmed person's consent to be cloned: a recorded clip, or a signed declaration."""

    kind: Literal["clip", "declaration"]
    asset_id: str | None = Field(None, description="clip: an uploaded video/audio of the person consenting.")
    signer: str | None = Field(None, max_length=200, description="declaration: the person's full name.")
    statement: str | None = Field(None, max_length=4000, description="declaration: the signed text.")


class AvatarCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    video_asset_id: str
    consent: Consent


class AvatarPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    name: str
    status: str
    findings: dict[str, Any]
    metrics: dict[str, Any]
    consent: dict[str, Any]
    created_at: datetime
    job_id: str | None = None


class VoiceCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    asset_id: str = Field(description="An uploaded recording or video of the person speaking.")
    consent: Consent


class VoicePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    name: str
    status: str
    profile: dict[str, Any]
    error: str | None
    created_at: datetime
    job_id: str | None = None


class SpeechRequest(BaseModel):
    text: str | None = Field(None, max_length=20000, description="Text to speak ([emotion] tags allowed).")
    script_id: str | None = Field(None, min_length=1, max_length=32,
                                  description="Or an approved script, with its sentence emotions.")
    voice_id: str | None = Field(None, min_length=1, max_length=32)
    emotion: str | None = Field(None, max_length=20)
    telephony: bool = Field(False, description="8 kHz G.711 mu-law for calls instead of 48 kHz for video.")


class DestinationCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100,
                      description="The platform (douyin, kuaishou, bilibili ...; its ingest hosts only) or custom (any public host).")
    server_url: str = Field(pattern=r"^rtmps?://", max_length=500)
    stream_key: str = Field(min_length=1, max_length=500, description="Stored encrypted; never shown again.")


RESPONSIBLE = ("The real person answerable for the AI anchor, shown with the AI label on air "
               "(platforms such as Douyin require one).")


class Playlist(BaseModel):
    skus: dict[str, list[str]] = Field(min_length=1, max_length=200,
                                       description="SKU code -> approved script ids ([] = all its approved scripts).")
    prompts: list[str] = Field([], max_length=50, description="Interaction prompts spoken between scripts.")
    prompt_every: int = Field(3, ge=1, le=50)


HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
IsoWeekday = Annotated[int, Field(ge=1, le=7)]


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


class WindowIn(BaseModel):
    """A daily on-air window; it may cross midnight (22:00-08:00)."""

    model_config = ConfigDict(extra="forbid")
    start: str = Field(pattern=HHMM, description="Local HH:MM, 00:00 to 23:59.")
    end: str = Field(pattern=HHMM, description="Local HH:MM, 00:00 to 23:59.")
    days: list[IsoWeekday] = Field([], max_length=7, description="ISO weekdays (1 = Monday .. 7 = Sunday) on which "
                                                                  "the window starts; empty means every day.")


class ScheduleIn(BaseModel):
    """A room's on-air windows, checked whole before any row is written."""

    model_config = ConfigDict(extra="forbid")
    timezone: str = Field("UTC", max_length=64, description="An IANA time zone, e.g. Asia/Shanghai.")
    windows: list[WindowIn] = Field([], max_length=50)
    always: bool = Field(False, description="24/7 regardless of windows.")
    daily_reconnect: str | None = Field(None, pattern=HHMM, description="Local HH:MM for a planned reconnect.")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in _time_zones():
            raise ValueError("unknown time zone: give an IANA name such as Asia/Shanghai or UTC")
        return value


class RoomCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    avatar_id: str | None = Field(None, min_length=1, max_length=32)
    voice_id: str | None = Field(None, min_length=1, max_length=32)
    schedule: ScheduleIn | None = None
    playlist: Playlist | None = Field(None, description="What the room airs; its render jobs keep the queue filled.")
    responsible: str | None = Field(None, max_length=100, description=RESPONSIBLE)
    background_asset_id: str | None = Field(None, min_length=1, max_length=32,
                                            description="An uploaded picture behind the person in everything the room airs.")
    width: int | None = Field(None, ge=16, le=3840, description="Picture size; default from the stream settings.")
    height: int | None = Field(None, ge=16, le=3840)
    destinations: list[DestinationCreate] = []


class RoomUpdate(BaseModel):
    schedule: ScheduleIn | None = None
    playlist: Playlist | None = None
    responsible: str | None = Field(None, max_length=100, description=RESPONSIBLE)


class RoomCommandIn(BaseModel):
    action: Literal["pause", "resume", "skip", "reconnect"]


class Announcement(BaseModel):
    text: str = Field(min_length=1, max_length=500, description="Spoken in the room's voice at the next boundary.")
    emotion: str = Field("urgent", max_length=20)


class WebRtcOffer(BaseModel):
    sdp: str = Field(min_length=1, max_length=20000)
    type: Literal["offer"]


class SegmentPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    kind: str
    label: str
    state: str
    duration_s: float
    error: str | None
    created_at: datetime


class SegmentQueue(BaseModel):
    asset_id: str = Field(description="A rendered MPEG-TS segment in the room's format.")
    kind: Literal["content", "urgent"] = "content"
    label: str = Field("", max_length=200)


class RoomPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    name: str
    state: str
    avatar_id: str | None
    voice_id: str | None
    status: dict[str, Any]
    schedule: dict[str, Any] | None = None
    playlist: dict[str, Any] | None = None
    responsible: str | None = None
    size: list[int] | None = None
    host: str | None = Field(None, description="The live host airing the room (a fleet), from its lease.")
    created_at: datetime

    @classmethod
    def of(cls, room: Any) -> "RoomPublic":
        """The public view of a room row: its config minus internals (preview token, fill bookkeeping)."""
        view = cls.model_validate(room)
        view.schedule, view.playlist = room.config.get("schedule"), room.config.get("playlist")
        view.responsible, view.size = room.config.get("responsible"), room.config.get("size")
        return view


class RenderRequest(BaseModel):
    avatar_id: str
    audio_asset_id: str = Field(description="Speech audio (a /speech result or an upload).")
    timings_asset_id: str | None = Field(None, min_length=1, max_length=32,
                                         description="The speech's timings (subtitles; the lip-sync follows its phonemes).")
    resolution: str | None = Field(None, pattern=r"^(\d{3,4}p|\d{2,4}x\d{2,4})$", description="720p, 1080p, 2160p or WxH.")
    container: Literal["mp4", "mpegts"] = "mp4"
    subtitles: Literal["burn", "srt", "vtt", "burn+srt", "burn+vtt"] | None = None
    background_asset_id: str | None = Field(None, min_length=1, max_length=32,
                                            description="An uploaded picture that replaces everything behind the person.")


def _asset_ref(what: str) -> Any:
    return Field(None, min_length=1, max_length=32, description=what)


class BatchTemplate(BaseModel):
    name: str = Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")
    aspect: Literal["16:9", "9:16", "1:1"] = "9:16"
    resolution: str = Field("1080p", pattern=r"^\d{3,4}p$")
    subtitles: bool = True
    card: bool = Field(True, description="Draw each SKU's product card (name, today's price, image if given).")
    background_asset_id: str | None = _asset_ref("An uploaded picture that replaces everything behind the person.")
    intro_asset_id: str | None = _asset_ref("An uploaded video played before the speech (scaled/cropped to fit).")
    outro_asset_id: str | None = _asset_ref("An uploaded video played after the speech.")
    music_asset_id: str | None = _asset_ref("An uploaded music bed, looped and ducked under the speech.")
    codec: Literal["h264", "h265"] | None = Field(None, description="Video codec; h265 (HEVC, tagged hvc1) is about "
                                                                 "half the size for the same quality. Default h264.")


class BatchCard(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=60, description="Default: the SKU's title.")
    price: str | None = Field(None, min_length=1, max_length=20, description="As shown, e.g. ¥99; default: today's price.")
    image_asset_id: str | None = _asset_ref("An uploaded product image.")


class BatchCreate(BaseModel):
    avatar_id: str
    voice_id: str | None = Field(None, min_length=1, max_length=32)
    skus: list[str] = Field(min_length=1, max_length=500)
    templates: list[BatchTemplate] = Field(min_length=1, max_length=20)
    seconds: int = Field(30, ge=15, le=60)
    cards: dict[str, BatchCard] = Field({}, max_length=500, description="Per-SKU product card overrides.")


class QuotaUsage(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    used: float
    limit: float


class QuotasPublic(BaseModel):
    """What the merchant uses of its limits: storage in bytes (assets plus open uploads), rooms on air, unfinished jobs."""

    model_config = ConfigDict(from_attributes=True)

    storage: QuotaUsage
    live_rooms: QuotaUsage
    jobs: QuotaUsage


# ---------------------------------------------------------------- outbound calls


class TrunkCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    url: str = Field(min_length=5, max_length=400, description="sip:user:password@host:port;transport=udp|tcp|tls "
                                                               "(stored encrypted; the password is never shown back)")
    caller_id: str = Field(min_length=1, max_length=64)
    max_channels: int = Field(10, ge=1, le=1000)
    calls_per_second: float = Field(5.0, gt=0, le=100)


class TrunkPublic(BaseModel):
    id: str
    name: str
    url: str = Field(description="The trunk with its password masked.")
    caller_id: str
    max_channels: int
    calls_per_second: float


class LicenceCreate(BaseModel):
    grantor: str = Field(min_length=1, max_length=200, description="Who granted the voice (the person or agency).")
    scopes: list[Literal["calls", "live", "videos"]] = Field(min_length=1)
    territories: list[str] = Field(min_length=1, max_length=250, description='ISO 3166 region codes, or "*".')
    expires_at: datetime
    starts_at: datetime | None = None
    reference: str = Field("", max_length=200, description="The contract's reference.")


class CallRulesIn(BaseModel):
    quiet_start: str | None = Field(None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
                                    description="Calls start at this time in each recipient's own zone.")
    quiet_end: str | None = Field(None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    frequency_max: int | None = Field(None, ge=1, le=100)
    frequency_days: int | None = Field(None, ge=1, le=365)
    webhook_url: str | None = Field(None, max_length=500, description="Where DTMF 1 (interest) is POSTed, signed; "
                                                                      "empty removes it.")


class CampaignCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    recipients_asset_id: str = Field(min_length=1, max_length=32, description="An uploaded .csv or .xlsx.")
    voice_id: str = Field(min_length=1, max_length=32)
    trunk_id: str = Field(min_length=1, max_length=32)
    sku: str | None = Field(None, max_length=100, description="The SKU to offer; else one related to each "
                                                              "recipient's last purchase.")
    template: str | None = Field(None, max_length=1000, description="{greeting}, {name}, {occasion}, {product}, "
                                                                    "{last_product} and the file's own columns.")
    occasion: Literal["none", "birthday"] = "none"
    language: Literal["zh", "en"] = "zh"
    region: str = Field("CN", min_length=2, max_length=2, description="Where national numbers are read.")
    timezone: str = Field("Asia/Shanghai", max_length=64, description="Recipients without one, and the daily cap's day.")
    daily_cap: int | None = Field(None, ge=1, le=1_000_000)
    start_at: datetime | None = None


class CampaignPublic(BaseModel):
    id: str
    name: str
    state: str
    error: str | None
    alert: str | None
    voice_id: str | None
    trunk_id: str | None
    sku: str | None
    occasion: str
    language: str
    daily_cap: int | None
    setup_job_id: str | None
    dial_job_id: str | None
    recipients: int
    progress: float
    recipient_states: dict[str, int]
    outcomes: dict[str, int]
    interest: int
    created_at: datetime


class CallAttemptPublic(BaseModel):
    id: str
    status: str
    digits: str
    seconds_played: float
    played_to_end: bool
    interest: bool
    sip_code: int | None
    reason: str
    started_at: datetime
    ended_at: datetime | None


class CallRecipientPublic(BaseModel):
    id: str
    row: int
    phone: str
    name: str
    state: str
    reason: str
    next_at: datetime | None
    message: str
    audio_asset_id: str | None
    attempts: list[CallAttemptPublic]


class TestCallRequest(BaseModel):
    phone: str = Field(min_length=3, max_length=32, description="Your own number, E.164 or national in the campaign's region.")
    row: int | None = Field(None, ge=2, description="Whose message (recipients file row); default the first ready.")


class DncAdd(BaseModel):
    phones: list[str] = Field(min_length=1, max_length=10_000)
    region: str = Field("CN", min_length=2, max_length=2)


# ---------------------------------------------------------------- the learning loop


class LearnImportRequest(BaseModel):
    """A measured broadcast: a platform's per-minute metrics export plus either a host's transcript or
    the room whose aired segments it measured."""

    metrics_asset_id: str = Field(description="An uploaded per-minute metrics CSV (kind 'outcome'); columns in learn/README.md.")
    transcript_asset_id: str | None = Field(None, description="A host session's transcript, .srt or .json (kind 'outcome').")
    room_id: str | None = Field(None, description="Or the Evercast room the metrics measured.")
    skus: list[str] = Field(default_factory=list, max_length=200, description="SKU codes the host sold (default: all).")
    name: str = Field("", max_length=200)
    day: date | None = Field(None, description="The date of clock-only times (20:05) in the export.")
    started_at: datetime | None = Field(None, description="When the transcript's zero was (default: the first minute).")

    @model_validator(mode="after")
    def _one_source(self) -> "LearnImportRequest":
        if (self.transcript_asset_id is None) == (self.room_id is None):
            raise ValueError("give a host transcript (transcript_asset_id) or the room measured (room_id), not both")
        return self


class ExperimentCreate(BaseModel):
    sku: str = Field(min_length=1, max_length=100, description="The SKU code whose playlist slot is tested.")
    scripts: list[str] = Field(default_factory=list, max_length=20,
                               description="Competing approved scripts (default: the playlist's scripts for the SKU).")


class ExperimentAction(BaseModel):
    script_id: str | None = Field(None, max_length=32, description="For pin and promote: which variant.")


class ArmPublic(BaseModel):
    script_id: str
    exposure: float
    order_rate: float = Field(description="Posterior mean orders per 1000 viewer-minutes.")
    order_interval: list[float]
    p_best: float
    chosen: int


class ExperimentPublic(BaseModel):
    id: str
    room_id: str
    sku: str
    state: str
    pinned_script_id: str | None
    winner_script_id: str | None
    created_at: datetime
    history: list[dict[str, Any]]
    arms: list[ArmPublic]


class VariantPublic(BaseModel):
    variant_id: str
    text: str
    airings: int
    exposure: float = Field(description="Viewer-minutes inside the variant's attribution windows.")
    clicks: float
    orders: float
    gmv: float
    order_rate: float = Field(description="Per 1000 viewer-minutes (posterior mean), with its credible interval.")
    order_interval: list[float]
    click_rate: float
    click_interval: list[float]
    gmv_rate: float
    gmv_interval: list[float] = Field(description="Bootstrap interval over the variant's airings.")
    alpha: float
    beta: float
    sessions: list[str]


class SectionPerformance(BaseModel):
    sku: str
    section: str
    variants: list[VariantPublic]


class LearnSessionPublic(BaseModel):
    id: str
    kind: str
    name: str
    platform: str
    room_id: str | None
    started_at: str | None
    status: str
    summary: dict[str, Any]


class PerformancePublic(BaseModel):
    level: float = Field(description="Credible level of every interval.")
    window_s: list[float] = Field(description="The attribution window: from this long after a section starts "
                                              "to this long after it ends.")
    sections: list[SectionPerformance]
    experiments: list[ExperimentPublic]
    sessions: list[LearnSessionPublic]

class DatasetBuild(BaseModel):
    """How to cut a retraining dataset; unset values follow EVERCAST_LEARN__RETRAIN__DATASET."""

    model_config = ConfigDict(extra="forbid")
    confidence: float | None = Field(None, ge=0.5, lt=1, description="P(better) a DPO pair, SFT winner or KTO label needs.")
    heldout_fraction: float | None = Field(None, ge=0, lt=1, description="Share of SKUs kept out of training for the gate.")
    max_pairs_per_prompt: int | None = Field(None, ge=1, le=1000)


class DatasetPublic(BaseModel):
    id: str
    version: int
    digest: str
    created_at: datetime
    counts: dict[str, int]
    heldout_skus: list[str]
    files: dict[str, str] = Field(description="Asset id of each JSONL set (sft, dpo, kto); download with /assets/{id}/link.")
    manifest_asset_id: str
    provenance: dict[str, Any]


class TrainSubmit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dataset_id: str = Field(max_length=32)
    train: dict[str, Any] = Field(default_factory=dict, max_length=20, description=(
        "Training values over EVERCAST_LEARN__RETRAIN__TRAIN: method (sft, dpo), steps, batch_size, lr, beta, lora_r, "
        "lora_alpha, lora_dropout, target_modules, max_length, checkpoint_every, seed."))


class AdapterPublic(BaseModel):
    id: str
    version: int
    status: str
    method: str
    dataset_id: str
    job_id: str | None
    created_at: datetime
    promoted_at: datetime | None
    train: dict[str, Any]
    metrics: dict[str, Any]
    gate_passed: bool | None
    gate: dict[str, Any] | None
    directory: str


class RollbackPublic(BaseModel):
    rolled_back: AdapterPublic
    serving: AdapterPublic | None = Field(description="The adapter served now; null: the bare base model.")
