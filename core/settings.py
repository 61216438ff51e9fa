"""The one settings object: ``EVERCAST_*`` environment variables and ``.env``.

Nested sections use ``__``: ``EVERCAST_WORKER__CONCURRENCY=4``. Only entry points (the CLI, the
API factory, the worker, benchmarks) call :func:`get_settings`; stages receive their section or
plain arguments, so a test can build exactly the configuration it needs.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


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
        3600.0, gt=0, description="A queued job waiting this long is re-sent (the broker may have lost it)."
    )
    visibility_timeout_s: int = Field(7200, ge=10, description="Redis: unacked messages come back after this.")
    imports: list[str] = Field(default_factory=list, description="Extra task modules to load (plugins, tests).")


class ApiSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    max_upload_mb: int = Field(4096, ge=1, description="Largest accepted upload.")


class AvatarSettings(BaseModel):
    """Avatar creation: the quality gate, the held-out tail and the audio -> mouth-shape training."""

    min_usable_s: float = Field(30.0, gt=0, description="Least usable footage (one sharp face of >= min_face_px).")
    min_face_px: float = Field(128.0, gt=0, description="Smallest accepted face height (forehead to chin), source px.")
    min_sharpness: float = Field(0.12, ge=0, description="Motion-blur gate: face Laplacian/variance ratio at 40 px/IOD.")
    holdout_fraction: float = Field(0.12, ge=0.05, le=0.5, description="Tail of the clip kept for evaluation.")
    shape_components: int = Field(12, ge=4, le=32, description="Lip-PCA coefficients the audio net predicts.")
    train_steps: int = Field(600, ge=1, description="Optimiser steps of the audio -> mouth-shape net.")
    batch_size: int = Field(16, ge=1)
    wav2lip_checkpoint: Path | None = Field(None, description="Optional published Wav2Lip generator (.pth), by path.")


class Settings(BaseSettings):
    """Everything an operator can set. Defaults run embedded: SQLite + a SQLite-backed broker."""

    model_config = SettingsConfigDict(
        env_prefix="EVERCAST_", env_file=".env", env_nested_delimiter="__", extra="ignore"
    )

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Field(default_factory=lambda: Path.home() / ".evercast")
    database_url: str = Field("", description="SQLAlchemy URL; empty means SQLite in the data dir.")
    broker_url: str = Field("", description="Celery broker; empty means embedded (SQLite), or redis://...")
    result_url: str = Field("", description="Celery result backend; empty follows the broker.")
    device: Literal["auto", "cpu", "cuda"] = "auto"
    secret_key: str = "dev-insecure-secret"
    ffmpeg: str = "ffmpeg"
    ffprobe: str = "ffprobe"
    worker: WorkerSettings = Field(default_factory=WorkerSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    avatar: AvatarSettings = Field(default_factory=AvatarSettings)

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
            if self.broker_url.startswith(("redis://", "rediss://")):
                self.result_url = self.broker_url
            else:
                self.result_url = f"db+sqlite:///{self.data_dir / 'results.db'}"
        if self.environment == "production" and self.secret_key == "dev-insecure-secret":
            raise ValueError("EVERCAST_SECRET_KEY must be set to a real secret in production")
        return self

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
