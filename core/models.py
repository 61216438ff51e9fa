"""The relational model: merchants own everything; jobs mirror every task's state.

Stage results that are files live in the asset store; rows hold ids, states and small JSON.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on every backend (SQLite hands back naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.astimezone(timezone.utc) if value is not None and value.tzinfo else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: UTCDateTime}


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Merchant(Timestamped, Base):
    __tablename__ = "merchants"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))


ROLES = ("owner", "editor", "reviewer", "operator")


class User(Timestamped, Base):
    """A dashboard account. An email is unique within its merchant only, so that creating a user never tells
    one merchant which addresses another merchant has."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("merchant_id", "email", name="uq_users_merchant_email"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class UserSession(Timestamped, Base):
    """A dashboard login. Only the SHA-256 of its cookie token is kept, so a copy of the database opens no
    session; logging out deletes the row, and so do deactivation and a password change (all of the user's)."""

    __tablename__ = "user_sessions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column()
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Timestamped, Base):
    """An API key: only its SHA-256 digest is kept; the key itself is shown once at creation."""

    __tablename__ = "api_keys"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(nullable=True)


class AuditEvent(Base):
    """Who did what to which resource, for every change made through the API."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    resource: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Asset(Timestamped, Base):
    """A content-addressed file in the asset store, owned by one merchant."""

    __tablename__ = "assets"
    __table_args__ = (UniqueConstraint("merchant_id", "sha256"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    filename: Mapped[str] = mapped_column(String(255), default="")

    @property
    def suffix(self) -> str:
        """The stored file's extension (the store names files ``<sha256><suffix>``)."""
        return Path(self.filename).suffix.lower()


class Upload(Timestamped, Base):
    """A resumable upload in progress: bytes land in a part file until it is complete and verified."""

    __tablename__ = "uploads"
    # The storage quota sums the sizes of a merchant's open uploads before each new one: from the index alone,
    # never reading the rows of the merchant's finished uploads.
    __table_args__ = (Index("ix_uploads_merchant_status_size", "merchant_id", "status", "size"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20))
    size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    asset_id: Mapped[str | None] = mapped_column(ForeignKey("assets.id"), nullable=True)
    # One chunk writes at a time: a writer claims the lease with a conditional UPDATE before touching the file.
    lease_owner: Mapped[str | None] = mapped_column(String(32), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(nullable=True)


class MerchantQuota(Base):
    """A merchant's own limits; a NULL column follows the ``quota`` settings' default."""

    __tablename__ = "merchant_quotas"
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), primary_key=True)
    storage_gb: Mapped[float | None] = mapped_column(Float, nullable=True)
    live_rooms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    jobs: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Sku(Timestamped, Base):
    __tablename__ = "skus"
    __table_args__ = (UniqueConstraint("merchant_id", "code"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(500))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SkuVersion(Base):
    """Every imported state of a SKU, with the field changes that produced it."""

    __tablename__ = "sku_versions"
    __table_args__ = (UniqueConstraint("sku_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sku_id: Mapped[str] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    changes: Mapped[list[Any]] = mapped_column(default=list)
    source: Mapped[str] = mapped_column(String(255), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Avatar(Timestamped, Base):
    __tablename__ = "avatars"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    source_asset_id: Mapped[str | None] = mapped_column(ForeignKey("assets.id"), nullable=True)
    model_path: Mapped[str | None] = mapped_column(String(500), nullable=True)
    findings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """The quality gate's report (what was measured, why it passed or failed)."""
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    consent: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """The filmed person's consent: a consent clip asset or a signed declaration (required to go live)."""


class Voice(Timestamped, Base):
    __tablename__ = "voices"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    source_asset_id: Mapped[str | None] = mapped_column(ForeignKey("assets.id"), nullable=True)
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    profile_path: Mapped[str | None] = mapped_column(String(500), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    consent: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Script(Timestamped, Base):
    """One version of a sales script; edits make new versions in the same lineage."""

    __tablename__ = "scripts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    sku_id: Mapped[str | None] = mapped_column(ForeignKey("skus.id", ondelete="SET NULL"), nullable=True)
    lineage_id: Mapped[str] = mapped_column(String(32), index=True, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    style: Mapped[str] = mapped_column(String(20), default="live")
    backend: Mapped[str] = mapped_column(String(40), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    findings: Mapped[list[Any]] = mapped_column(default=list)
    diff: Mapped[list[Any]] = mapped_column(default=list)
    author: Mapped[str] = mapped_column(String(100), default="")


class ScriptPerformance(Base):
    """How a script section did on air (a live room or a human host): the retraining loop's input."""

    __tablename__ = "script_performance"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    script_id: Mapped[str] = mapped_column(ForeignKey("scripts.id", ondelete="CASCADE"), index=True)
    record: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Job(Timestamped, Base):
    """The durable mirror of one task (or, with children, of a pipeline of stage tasks).

    The broker only carries "run job X"; everything else (state, progress, attempts, result,
    cancellation) lives here, so a lost message or a restarted broker loses nothing.
    """

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str | None] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(100), index=True)
    queue: Mapped[str] = mapped_column(String(20), default="cpu")
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    stage: Mapped[str] = mapped_column(String(200), default="")
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(200), nullable=True)
    enqueued_at: Mapped[datetime | None] = mapped_column(nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(nullable=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LiveRoom(Timestamped, Base):
    """A 24/7 room: its schedule and format in ``config``; its process reports into ``status``."""

    __tablename__ = "live_rooms"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    avatar_id: Mapped[str | None] = mapped_column(ForeignKey("avatars.id", ondelete="SET NULL"), nullable=True)
    voice_id: Mapped[str | None] = mapped_column(ForeignKey("voices.id", ondelete="SET NULL"), nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="stopped")
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Placement across hosts (workers/commands/fleet.py): the host holding the room's lease, the
    # fencing token of that lease (it grows with every new lease; relays refuse any other), when the
    # lease lapses, and a planned handover to ``next_host`` under ``next_fence``.
    host: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    fence: Mapped[int] = mapped_column(BigInteger, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(nullable=True)
    next_host: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    next_fence: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    handover: Mapped[str | None] = mapped_column(String(20), nullable=True)


class LiveHost(Timestamped, Base):
    """A host that airs rooms (`evercast worker --queues live`): where to reach it, its slots, its health."""

    __tablename__ = "live_hosts"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    address: Mapped[str] = mapped_column(String(200))
    relay_url: Mapped[str] = mapped_column(String(500))
    preview_url: Mapped[str] = mapped_column(String(500), default="")
    slots: Mapped[int] = mapped_column(Integer)
    cores: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(20), default="active")
    cpu_percent: Mapped[float] = mapped_column(Float, default=0.0)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)


class RoomDestination(Timestamped, Base):
    """A platform ingest of a room; the stream key is stored encrypted with the stream-key secret."""

    __tablename__ = "room_destinations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    room_id: Mapped[str] = mapped_column(ForeignKey("live_rooms.id", ondelete="CASCADE"), index=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    server_url: Mapped[str] = mapped_column(String(500))
    key_encrypted: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class RoomCommand(Timestamped, Base):
    """An operator control (pause, resume, skip, reconnect) on its way to a room's process."""

    __tablename__ = "room_commands"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    room_id: Mapped[str] = mapped_column(ForeignKey("live_rooms.id", ondelete="CASCADE"), index=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(30))
    applied_at: Mapped[datetime | None] = mapped_column(nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class Segment(Timestamped, Base):
    __tablename__ = "segments"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[str | None] = mapped_column(ForeignKey("live_rooms.id", ondelete="CASCADE"), index=True)
    script_id: Mapped[str | None] = mapped_column(ForeignKey("scripts.id", ondelete="SET NULL"), nullable=True)
    asset_id: Mapped[str | None] = mapped_column(ForeignKey("assets.id"), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    kind: Mapped[str] = mapped_column(String(20), default="content")
    label: Mapped[str] = mapped_column(String(200), default="")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    aired_at: Mapped[datetime | None] = mapped_column(nullable=True)
    """When the room started airing it (the learning loop joins this with platform metrics)."""
    ended_at: Mapped[datetime | None] = mapped_column(nullable=True)


class LearnSession(Timestamped, Base):
    """One measured broadcast whose platform metrics were imported: a human host's session (with its
    transcript) or a stretch of one of the merchant's own rooms (what aired comes from ``segments``)."""

    __tablename__ = "learn_sessions"
    __table_args__ = (UniqueConstraint("merchant_id", "source_key"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    """``host`` or ``room``."""
    name: Mapped[str] = mapped_column(String(200), default="")
    platform: Mapped[str] = mapped_column(String(20), default="")
    room_id: Mapped[str | None] = mapped_column(ForeignKey("live_rooms.id", ondelete="SET NULL"), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="importing")
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """Digest of the import's files and options: a redelivered or repeated import finds its session."""


class MetricMinute(Base):
    """One minute of a session's platform metrics."""

    __tablename__ = "learn_metric_minutes"
    __table_args__ = (UniqueConstraint("session_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("learn_sessions.id", ondelete="CASCADE"), index=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column()
    viewers: Mapped[float] = mapped_column(Float, default=0.0)
    new_followers: Mapped[float] = mapped_column(Float, default=0.0)
    clicks: Mapped[float] = mapped_column(Float, default=0.0)
    orders: Mapped[float] = mapped_column(Float, default=0.0)
    gmv: Mapped[float] = mapped_column(Float, default=0.0)


class SectionVariant(Timestamped, Base):
    """One wording of one section of a SKU's script, identified by its normalised text; ``origin`` says
    whether it came from a script, from a host's transcript (a new candidate) or from the template generator
    (``phrasing`` then names the template phrasing it used)."""

    __tablename__ = "learn_variants"
    __table_args__ = (UniqueConstraint("merchant_id", "sku_id", "section", "norm_hash"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    sku_id: Mapped[str] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"), index=True)
    section: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    norm_hash: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(20), default="script")
    script_id: Mapped[str | None] = mapped_column(ForeignKey("scripts.id", ondelete="SET NULL"), nullable=True)
    phrasing: Mapped[str] = mapped_column(String(80), default="")


class Airing(Base):
    """A section (or, with an empty ``section``, a whole script) on air, and what attribution credited to it."""

    __tablename__ = "learn_airings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("learn_sessions.id", ondelete="CASCADE"), index=True)
    sku_id: Mapped[str | None] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"), nullable=True, index=True)
    section: Mapped[str] = mapped_column(String(40), default="")
    variant_id: Mapped[str | None] = mapped_column(ForeignKey("learn_variants.id", ondelete="CASCADE"), nullable=True,
                                                   index=True)
    script_id: Mapped[str | None] = mapped_column(ForeignKey("scripts.id", ondelete="SET NULL"), nullable=True,
                                                  index=True)
    segment_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    start_at: Mapped[datetime] = mapped_column()
    end_at: Mapped[datetime] = mapped_column()
    exposure: Mapped[float] = mapped_column(Float, default=0.0)
    clicks: Mapped[float] = mapped_column(Float, default=0.0)
    orders: Mapped[float] = mapped_column(Float, default=0.0)
    gmv: Mapped[float] = mapped_column(Float, default=0.0)
    credited: Mapped[bool] = mapped_column(Boolean, default=False)
    """False until the airing's attribution window has closed inside the imported metrics."""


class Experiment(Timestamped, Base):
    """A room choosing among several scripts of one SKU by Thompson sampling until one is promoted."""

    __tablename__ = "learn_experiments"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[str] = mapped_column(ForeignKey("live_rooms.id", ondelete="CASCADE"), index=True)
    sku_id: Mapped[str] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"))
    arms: Mapped[list[Any]] = mapped_column(default=list)
    """The competing script ids."""
    state: Mapped[str] = mapped_column(String(20), default="running")
    """``running``, ``promoted`` (the winner airs alone) or ``ended`` (the playlist's rotation again)."""
    pinned_script_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    winner_script_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    choices: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Script id -> how often the room chose it."""
    history: Mapped[list[Any]] = mapped_column(default=list)
    ended_at: Mapped[datetime | None] = mapped_column(nullable=True)


class TrainingDataset(Timestamped, Base):
    """One version of a merchant's retraining data: SFT/DPO/KTO JSONL files and a manifest in the asset store.

    ``digest`` is the manifest's SHA-256 (its provenance, the files' digests, what was excluded and why), so
    building from unchanged outcomes returns the existing version instead of a copy."""

    __tablename__ = "learn_datasets"
    __table_args__ = (UniqueConstraint("merchant_id", "version"), UniqueConstraint("merchant_id", "digest"))
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    manifest_asset_id: Mapped[str] = mapped_column(ForeignKey("assets.id"))
    files: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """JSONL asset id by set: ``sft``, ``dpo``, ``kto``."""
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    heldout_skus: Mapped[list[Any]] = mapped_column(default=list)
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Adapter(Timestamped, Base):
    """One LoRA adapter version of the `hf` script backend's base model, trained on one dataset.

    ``status``: training -> candidate (trained; its gate result in ``gate``) -> promoted (served; one per
    merchant at most) -> retired (replaced by a later promotion) or rolled_back; failed if training failed."""

    __tablename__ = "learn_adapters"
    __table_args__ = (UniqueConstraint("merchant_id", "version"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("learn_datasets.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[str | None] = mapped_column(String(32), nullable=True, unique=True)
    method: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="training")
    path: Mapped[str] = mapped_column(String(500), default="")
    base_model: Mapped[str] = mapped_column(String(500), default="")
    train: Mapped[dict[str, Any]] = mapped_column(default=dict)
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    gate: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    gate_passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    gated_against: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """The adapter the gate compared with (empty: the bare base model); promotion needs the one promoted now."""
    promoted_at: Mapped[datetime | None] = mapped_column(nullable=True)


class VoiceLicence(Timestamped, Base):
    """The contract behind a (licensed, e.g. celebrity) voice: who granted it, for what, where, until when.

    ``scopes`` holds "calls", "live", "videos"; ``territories`` ISO 3166 region codes or "*" for everywhere."""

    __tablename__ = "voice_licences"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    voice_id: Mapped[str] = mapped_column(ForeignKey("voices.id", ondelete="CASCADE"), index=True)
    grantor: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    territories: Mapped[list[Any]] = mapped_column(default=list)
    starts_at: Mapped[datetime | None] = mapped_column(nullable=True)
    expires_at: Mapped[datetime]
    reference: Mapped[str] = mapped_column(String(200), default="")


class CallTrunk(Timestamped, Base):
    """A SIP trunk; ``url_encrypted`` holds the whole ``sip:user:pass@host`` URL encrypted (the password with it)."""

    __tablename__ = "call_trunks"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    url_encrypted: Mapped[str] = mapped_column(Text)
    url_redacted: Mapped[str] = mapped_column(String(500))
    caller_id: Mapped[str] = mapped_column(String(64))
    max_channels: Mapped[int] = mapped_column(Integer, default=10)
    calls_per_second: Mapped[float] = mapped_column(Float, default=5.0)


class CallSettings(Base):
    """A merchant's own call rules (NULL follows the ``calls`` settings' default) and interest webhook."""

    __tablename__ = "call_settings"
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), primary_key=True)
    quiet_start: Mapped[str | None] = mapped_column(String(5), nullable=True)
    quiet_end: Mapped[str | None] = mapped_column(String(5), nullable=True)
    frequency_max: Mapped[int | None] = mapped_column(Integer, nullable=True)
    frequency_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    webhook_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    webhook_secret_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)


class CallCampaign(Timestamped, Base):
    """One outbound call campaign: recipients, voice, trunk, message template, state and caps."""

    __tablename__ = "call_campaigns"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    voice_id: Mapped[str | None] = mapped_column(ForeignKey("voices.id", ondelete="SET NULL"), nullable=True)
    trunk_id: Mapped[str | None] = mapped_column(ForeignKey("call_trunks.id", ondelete="SET NULL"), nullable=True)
    recipients_asset_id: Mapped[str | None] = mapped_column(ForeignKey("assets.id"), nullable=True)
    sku: Mapped[str | None] = mapped_column(String(100), nullable=True)
    occasion: Mapped[str] = mapped_column(String(20), default="none")
    language: Mapped[str] = mapped_column(String(5), default="zh")
    region: Mapped[str] = mapped_column(String(2), default="CN")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    daily_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    start_at: Mapped[datetime | None] = mapped_column(nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="importing")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    alert: Mapped[str | None] = mapped_column(Text, nullable=True)
    setup_job_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    dial_job_id: Mapped[str | None] = mapped_column(String(32), nullable=True)


class CallRecipient(Base):
    """One person to call in one campaign, their personalised message and where their calls stand."""

    __tablename__ = "call_recipients"
    __table_args__ = (Index("ix_call_recipients_campaign_state_next", "campaign_id", "state", "next_at"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("call_campaigns.id", ondelete="CASCADE"))
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"), index=True)
    row: Mapped[int] = mapped_column(Integer)
    phone: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """birthday, last_sku, timezone, consent_source, consent_at and the free slot fields, as imported."""
    message: Mapped[str] = mapped_column(Text, default="")
    audio_asset_id: Mapped[str | None] = mapped_column(ForeignKey("assets.id"), nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    reason: Mapped[str] = mapped_column(Text, default="")
    next_at: Mapped[datetime | None] = mapped_column(nullable=True)
    busy_count: Mapped[int] = mapped_column(Integer, default=0)
    no_answer_count: Mapped[int] = mapped_column(Integer, default=0)


class CallAttempt(Base):
    """One call placed (or one skip, with its rule): written "dialing" in the transaction that claims it."""

    __tablename__ = "call_attempts"
    __table_args__ = (Index("ix_call_attempts_merchant_phone_at", "merchant_id", "phone", "started_at"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"))
    campaign_id: Mapped[str] = mapped_column(ForeignKey("call_campaigns.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[str] = mapped_column(ForeignKey("call_recipients.id", ondelete="CASCADE"), index=True)
    phone: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    digits: Mapped[str] = mapped_column(String(64), default="")
    seconds_played: Mapped[float] = mapped_column(Float, default=0.0)
    played_to_end: Mapped[bool] = mapped_column(Boolean, default=False)
    interest: Mapped[bool] = mapped_column(Boolean, default=False)
    sip_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    worker: Mapped[str | None] = mapped_column(String(200), nullable=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(nullable=True)


class DncEntry(Timestamped, Base):
    """A number a merchant must never call: entered by the merchant or opted out during a call (DTMF 9)."""

    __tablename__ = "call_dnc"
    __table_args__ = (UniqueConstraint("merchant_id", "phone"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id", ondelete="CASCADE"))
    phone: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20), default="merchant")
    campaign_id: Mapped[str | None] = mapped_column(ForeignKey("call_campaigns.id", ondelete="SET NULL"),
                                                    nullable=True)
