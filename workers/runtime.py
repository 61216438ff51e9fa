"""What a process needs to run or submit jobs: settings, database, asset store, Celery app.

Workers build one lazily per process (after the prefork fork, never before); the API, the CLI
and tests build theirs from the settings they were given.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from celery import Celery
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core import db
from core.assets import AssetStore
from core.settings import Settings, get_settings
from workers.app import create_celery


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    store: AssetStore
    celery: Celery = field(repr=False)

    @classmethod
    def create(cls, settings: Settings, *, migrate: bool = True) -> "Runtime":
        settings.ensure_dirs()
        engine = db.make_engine(settings.database_url, settings.database_busy_timeout_s)
        if migrate:
            db.upgrade(engine)
        return cls(settings, engine, db.make_sessionmaker(engine), AssetStore(settings.assets_dir),
                   create_celery(settings))

    @contextmanager
    def session(self) -> Iterator[Session]:
        with db.session_scope(self.sessions) as session:
            yield session

    def close(self) -> None:
        self.celery.close()
        self.engine.dispose()


_lock = threading.Lock()
_current: Runtime | None = None


def get_runtime() -> Runtime:
    """This worker process's runtime, built from the environment on first use."""
    global _current
    with _lock:
        if _current is None:
            _current = Runtime.create(get_settings())
        return _current


def reset_runtime() -> None:
    """Drop the runtime (after a fork: connections must not be shared with the parent)."""
    global _current
    with _lock:
        if _current is not None:
            _current.engine.dispose(close=False)
        _current = None
